// The room and D1 never diverge: idle flushes write a draft back, REST saves of title and body are edits in the
// room, publishing (by request or by the scheduler) takes what the room holds, and deleting a post empties its room.
import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { publishDue } from '../../durable-objects/publish-scheduler';
import type { PostRoom } from '../../durable-objects/post-room';
import { CLOSE_POST_DELETED } from '../../durable-objects/post-room/room';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem, postRow } from '../admin/support';
import { Peer, roomOf, roomUrl, until } from './peer';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-sync');
});

async function live(markdown: string, extra: Record<string, unknown> = {}) {
  const post = await createPost(site.host, site.users.editor.token, { title: 'Live', markdown, ...extra });
  const peer = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
  await until(() => peer.joined, 'the first sync');
  return { post, peer };
}

/** Types into the peer's document and waits until the room has acknowledged it. */
async function type(peer: Peer, edit: (peer: Peer) => void) {
  const acked = peer.acks.length;
  edit(peer);
  await until(() => peer.acks.length > acked, 'the acknowledgement');
}

const flush = (postId: string) => runInDurableObject(roomOf(site.siteId, postId), (room: PostRoom) => room.flush());

const revisions = (postId: string) =>
  env.DB.prepare(
    'SELECT version, reason, title, markdown, author_id FROM post_revisions WHERE post_id = ? ORDER BY version',
  )
    .bind(postId)
    .all<{ version: number; reason: string; title: string; markdown: string; author_id: string | null }>()
    .then((r) => r.results);

describe('flushing the draft to D1', () => {
  it('writes what editors typed as the next version, a revision by the last editor', async () => {
    const { post, peer } = await live('Hello');
    await type(peer, (p) => p.doc.getText('markdown').insert(5, ' world'));
    await type(peer, (p) => p.doc.getMap('meta').set('title', 'Live, renamed'));
    await flush(post.id);

    const row = await postRow(post.id);
    expect(row).toMatchObject({ title: 'Live, renamed', markdown: 'Hello world', version: 2 });
    const html = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}?formats=html`, {
      token: site.users.editor.token,
    });
    expect(html.body.posts?.[0]?.html ?? html.body.post?.html).toContain('Hello world');
    expect((await revisions(post.id)).at(-1)).toMatchObject({
      version: 2,
      reason: 'live',
      markdown: 'Hello world',
      author_id: site.users.editor.id,
    });

    // The flush is a domain event like any save: post.updated at version 2, by the editor, in the outbox.
    const event = await env.DB.prepare(
      "SELECT actor_id, aggregate_version FROM events WHERE aggregate_id = ? AND type = 'post.updated'",
    )
      .bind(post.id)
      .first<{ actor_id: string; aggregate_version: number }>();
    expect(event).toEqual({ actor_id: site.users.editor.id, aggregate_version: 2 });

    // The flush also keeps an automatic version in the history.
    const autoVersions = () =>
      env.DB.prepare("SELECT count(*) AS n FROM post_versions WHERE post_id = ? AND kind = 'auto'")
        .bind(post.id)
        .first<{ n: number }>()
        .then((r) => r?.n);
    expect(await autoVersions()).toBe(1);

    // Nothing new typed: a second flush writes nothing, not even a version.
    await flush(post.id);
    expect((await postRow(post.id))?.version).toBe(2);
    expect(await autoVersions()).toBe(1);
    peer.close();
  });

  it('waits for editing to pause before the alarm flushes, and flushes at once after an eviction', async () => {
    const { post, peer } = await live('Typing');
    await type(peer, (p) => p.doc.getText('markdown').insert(6, ' on'));
    // The alarm is due after the idle delay; run it early, as if the editor were still typing.
    expect(await runDurableObjectAlarm(roomOf(site.siteId, post.id))).toBe(true);
    expect((await postRow(post.id))?.markdown).toBe('Typing');
    const alarm = await runInDurableObject(roomOf(site.siteId, post.id), (_r: PostRoom, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).not.toBeNull();

    // After an eviction the room no longer knows when the last keystroke came: it saves straight away.
    await abortAllDurableObjects();
    expect(await runDurableObjectAlarm(roomOf(site.siteId, post.id))).toBe(true);
    expect((await postRow(post.id))?.markdown).toBe('Typing on');
    peer.close();
  });

  it('leaves a published post as readers see it until someone saves it', async () => {
    const { post, peer } = await live('Public text', { status: 'published' });
    await type(peer, (p) => p.doc.getText('markdown').insert(0, 'Half-typed '));
    await flush(post.id);
    expect((await postRow(post.id))?.markdown).toBe('Public text');

    // Saving the post (here: featuring it) saves what the room holds.
    const saved = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { featured: true },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.post.markdown).toBe('Half-typed Public text');
    expect((await postRow(post.id))?.markdown).toBe('Half-typed Public text');
    peer.close();
  });
});

describe('REST saves of title and body', () => {
  it('reach live editors as edits, merged with what they typed since', async () => {
    const { post, peer } = await live('first line\nsecond line\nthird line');
    // The live editor changes the last line; the REST client, from the version it read, the first.
    await type(peer, (p) => p.doc.getText('markdown').insert(p.text.length, '!'));
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      headers: { 'if-match': `"${post.version}"` },
      body: { markdown: 'FIRST line\nsecond line\nthird line', title: 'Merged' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const merged = 'FIRST line\nsecond line\nthird line!';
    expect(res.body.post.markdown).toBe(merged);
    expect(res.body.post.title).toBe('Merged');
    await until(() => peer.text === merged && peer.doc.getMap('meta').get('title') === 'Merged', 'the live edit');
    expect((await postRow(post.id))?.markdown).toBe(merged);
    peer.close();
  });

  it('refuses a save that overlaps a live edit with 409, writing nothing anywhere', async () => {
    const { post, peer } = await live('one\ntwo\nthree');
    await type(peer, (p) => p.doc.getText('markdown').insert(4, 'TWO, ')); // "one\nTWO, two\nthree"
    const before = await postRow(post.id);
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { markdown: 'one\n2\nthree' },
    });
    expectProblem(res, 409, 'LIVE_EDIT_CONFLICT');
    expect(await postRow(post.id)).toEqual(before);
    expect(peer.text).toBe('one\nTWO, two\nthree');
    const roomText = await runInDurableObject(roomOf(site.siteId, post.id), (room: PostRoom) =>
      room.draft(site.siteId, post.id),
    );
    expect(roomText?.markdown).toBe('one\nTWO, two\nthree');
    peer.close();
  });

  it('applies a restore as a forward edit the live editors receive', async () => {
    const { post, peer } = await live('Original');
    await type(peer, (p) => p.doc.getText('markdown').insert(8, ' and more'));
    await flush(post.id);
    const [first] = await revisions(post.id);
    const list = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}/revisions`, { token: site.users.editor.token });
    const firstId = (list.body.revisions as { id: string; version: number }[]).find(
      (r) => r.version === first!.version,
    )!.id;
    const res = await api(site.host, 'POST', `${ADMIN}/posts/${post.id}/revisions/${firstId}/restore`, {
      token: site.users.editor.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await until(() => peer.text === 'Original', 'the restored text in the live editor');
    expect((await postRow(post.id))?.markdown).toBe('Original');
    peer.close();
  });

  it('goes to D1 alone for a post nobody has opened live', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Quiet', markdown: 'a' });
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { markdown: 'b' },
    });
    expect(res.body.post.markdown).toBe('b');
    expect(
      await runInDurableObject(roomOf(site.siteId, post.id), (room: PostRoom) => room.draft(site.siteId, post.id)),
    ).toBeNull();
  });
});

describe('publishing', () => {
  it('publishes what the room holds when an editor publishes', async () => {
    const { post, peer } = await live('Draft body');
    await type(peer, (p) => p.doc.getText('markdown').insert(10, ', finished'));
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { status: 'published' },
    });
    expect(res.status).toBe(200);
    expect((await postRow(post.id))?.markdown).toBe('Draft body, finished');
    peer.close();
  });

  it('publishes what the room holds when the scheduler publishes', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const { post, peer } = await live('Scheduled body', { status: 'scheduled', scheduled_at: at });
    await type(peer, (p) => p.doc.getText('markdown').insert(0, 'Late edit. '));
    const db = openDatabase(env.DB);
    const rooms = (postId: string) =>
      runInDurableObject(roomOf(site.siteId, postId), (room: PostRoom) => room.draft(site.siteId, postId));
    expect(await publishDue(db, site.siteId, new Date(Date.now() + 7_200_000), rooms)).toContain(post.id);
    expect(await postRow(post.id)).toMatchObject({ status: 'published', markdown: 'Late edit. Scheduled body' });
    peer.close();
  });
});

describe('deleting a post', () => {
  it('closes its room with 4410 and forgets the document', async () => {
    const { post, peer } = await live('Doomed');
    await type(peer, (p) => p.doc.getText('markdown').insert(0, 'Very '));
    const res = await api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(res.status).toBe(204);
    await until(() => peer.closed !== undefined, 'the close');
    expect(peer.closed?.code).toBe(CLOSE_POST_DELETED);
    const left = await runInDurableObject(
      roomOf(site.siteId, post.id),
      (_r: PostRoom, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM room_log').one().n,
    );
    expect(left).toBe(0);
  });
});
