// Version history: named and automatic snapshots of a room's document in R2, indexed in D1; preview; and restore as
// a forward edit that live editors receive without losing their place.
import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PostRoom } from '../../durable-objects/post-room';
import { AUTO_VERSION_EVERY_MS, MAX_AUTO_VERSIONS } from '../../durable-objects/post-room/versions';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem, scalar } from '../admin/support';
import { Peer, roomOf, roomUrl, storedText, until } from './peer';

let site: TestSite;
let other: TestSite;
beforeAll(async () => {
  [site, other] = await Promise.all([createTestSite('versions'), createTestSite('versions-other')]);
});

const meta = (peer: Peer) => peer.doc.getMap<unknown>('meta');
const panelText = (peer: Peer, key: string) => (meta(peer).get(key) as Y.Text | undefined)?.toString();
const versionsPath = (postId: string, type = 'posts') => `${ADMIN}/${type}/${postId}/versions`;
const countVersions = (postId: string, kind?: string) =>
  scalar(
    `SELECT count(*) AS n FROM post_versions WHERE post_id = ?${kind ? ' AND kind = ?' : ''}`,
    ...(kind ? [postId, kind] : [postId]),
  );
const countObjects = async (siteId: string, postId: string) =>
  (await env.VERSIONS.list({ prefix: `sites/${siteId}/posts/${postId}/` })).objects.length;

describe('named versions and restore', () => {
  it('saves, lists and previews a version, then restores it as an edit live editors receive', async () => {
    const post = await createPost(site.host, site.users.editor.token, {
      title: 'History',
      markdown: 'First draft.\n\nSecond paragraph.',
    });
    const a = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => a.joined && a.text.startsWith('First'), 'the seeded room');

    const saved = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.editor.token,
      body: { name: '  Before the rewrite ' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.version).toMatchObject({
      post_id: post.id,
      kind: 'named',
      name: 'Before the rewrite',
      title: 'History',
      excerpt: 'First draft. Second paragraph.',
      created_by: site.users.editor.id,
    });
    expect(saved.body.version.size).toBeGreaterThan(0);
    const versionId = saved.body.version.id as string;
    const key = `sites/${site.siteId}/posts/${post.id}/${versionId}.yjs`;
    expect((await env.VERSIONS.head(key))?.size).toBe(saved.body.version.size);

    // Live editing moves on: a second editor joins, the body and title change.
    const b = await Peer.join(roomUrl(site.host, post.id, site.users.admin.token));
    await until(() => b.text === a.text, 'the second editor');
    const acked = a.acks.length;
    a.doc.getText('markdown').insert(a.text.length, '\n\nThird, added live.');
    a.doc.getMap('meta').set('title', 'History, rewritten');
    await until(() => a.acks.length >= acked + 2 && b.text.includes('Third'), 'the live edit');

    const preview = await api(site.host, 'GET', `${versionsPath(post.id)}/${versionId}`, {
      token: site.users.editor.token,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      version: { id: versionId, name: 'Before the rewrite' },
      title: 'History',
      markdown: 'First draft.\n\nSecond paragraph.',
      changes: { title: { from: 'History, rewritten', to: 'History' }, markdown: { lines_added: 1 } },
    });
    expect(preview.body.changes.markdown.lines_removed).toBeGreaterThanOrEqual(2);

    // Where B's cursor is, in Yjs terms: after "First " (it must stay there through the restore).
    const cursor = Y.createRelativePositionFromTypeIndex(b.doc.getText('markdown'), 6);
    const restored = await api(site.host, 'POST', `${versionsPath(post.id)}/${versionId}/restore`, {
      token: site.users.editor.token,
    });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.content).toEqual({ title: 'History', markdown: 'First draft.\n\nSecond paragraph.' });

    await until(() => a.text === 'First draft.\n\nSecond paragraph.' && b.text === a.text, 'the restore to arrive');
    expect(b.doc.getMap('meta').get('title')).toBe('History');
    // A forward edit, not a new document: both sockets stayed, and B's cursor still points at the same character.
    expect(a.closed).toBeUndefined();
    expect(b.closed).toBeUndefined();
    expect(Y.createAbsolutePositionFromRelativePosition(cursor, b.doc)?.index).toBe(6);
    // And editing goes on from there.
    b.doc.getText('markdown').insert(0, '> ');
    await until(() => a.text.startsWith('> First'), 'an edit after the restore');
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
    expect(await storedText(site.siteId, post.id)).toBe(a.text);

    // The state just before the restore was kept, so the restore can be undone.
    const list = await api(site.host, 'GET', versionsPath(post.id), { token: site.users.editor.token });
    expect(list.status).toBe(200);
    expect(
      list.body.versions.map((v: { kind: string; name: string; title: string }) => [v.kind, v.name, v.title]),
    ).toEqual([
      ['auto', 'Before restore', 'History, rewritten'],
      ['named', 'Before the rewrite', 'History'],
    ]);
    a.close();
    b.close();
  });

  it('saves a version of a room nobody has opened yet, from the post in D1; pages have versions too', async () => {
    const page = await createPost(site.host, site.users.editor.token, { title: 'About', markdown: 'Us.' }, '/pages');
    const saved = await api(site.host, 'POST', versionsPath(page.id, 'pages'), {
      token: site.users.editor.token,
      body: { name: 'Launch' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.version).toMatchObject({ title: 'About', excerpt: 'Us.' });
    const preview = await api(site.host, 'GET', `${versionsPath(page.id, 'pages')}/${saved.body.version.id}`, {
      token: site.users.author.token,
    });
    expect(preview.body).toMatchObject({ markdown: 'Us.', changes: { title: null, markdown: { hunks: [] } } });
    // A page is not a post.
    expectProblem(
      await api(site.host, 'GET', versionsPath(page.id), { token: site.users.editor.token }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('who may do what, and bad input', () => {
  it('lets readers list and preview, only editors save and restore, and writes nothing on a refusal', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Mine', markdown: 'Body.' });
    const elsewhere = await createPost(site.host, site.users.author.token, { title: 'Other', markdown: 'x' });
    const foreign = await createPost(other.host, other.users.editor.token, { title: 'Foreign', markdown: 'y' });
    const saved = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.author.token,
      body: { name: 'v1' },
    });
    expect(saved.status).toBe(201);
    const versionId = saved.body.version.id as string;
    const one = `${versionsPath(post.id)}/${versionId}`;
    const before = { rows: await countVersions(post.id), objects: await countObjects(site.siteId, post.id) };

    // Another author may read the post, so may see its history, but not change it.
    const reader = site.users.author2.token;
    expect((await api(site.host, 'GET', versionsPath(post.id), { token: reader })).status).toBe(200);
    expect((await api(site.host, 'GET', one, { token: reader })).status).toBe(200);
    const refusals: [string, string, string | undefined, unknown, number, string][] = [
      ['POST', versionsPath(post.id), reader, { name: 'mine now' }, 403, 'FORBIDDEN'],
      ['POST', `${one}/restore`, reader, undefined, 403, 'FORBIDDEN'],
      // A contributor may not even read someone else's post.
      ['GET', versionsPath(post.id), site.users.contributor.token, undefined, 403, 'FORBIDDEN'],
      ['GET', one, site.users.contributor.token, undefined, 403, 'FORBIDDEN'],
      ['POST', versionsPath(post.id), undefined, { name: 'anon' }, 401, 'UNAUTHORIZED'],
      ['GET', versionsPath(post.id), other.users.owner.token, undefined, 401, 'INVALID_TOKEN'],
      // Versions belong to one post of one site.
      ['GET', `${versionsPath(elsewhere.id)}/${versionId}`, site.users.editor.token, undefined, 404, 'NOT_FOUND'],
      [
        'POST',
        `${versionsPath(elsewhere.id)}/${versionId}/restore`,
        site.users.editor.token,
        undefined,
        404,
        'NOT_FOUND',
      ],
      ['GET', versionsPath(foreign.id), site.users.owner.token, undefined, 404, 'NOT_FOUND'],
      ['GET', `${versionsPath(post.id)}/nope`, site.users.editor.token, undefined, 404, 'NOT_FOUND'],
      ['POST', `${versionsPath(post.id)}/nope/restore`, site.users.editor.token, undefined, 404, 'NOT_FOUND'],
      [
        'GET',
        `${versionsPath(post.id)}/${'x'.repeat(65)}`,
        site.users.editor.token,
        undefined,
        400,
        'VALIDATION_FAILED',
      ],
      // Bodies: a name is required, trimmed non-empty, at most 120 characters, and nothing else.
      ['POST', versionsPath(post.id), site.users.editor.token, {}, 422, 'VALIDATION_FAILED'],
      ['POST', versionsPath(post.id), site.users.editor.token, { name: '   ' }, 422, 'VALIDATION_FAILED'],
      ['POST', versionsPath(post.id), site.users.editor.token, { name: 'x'.repeat(121) }, 422, 'VALIDATION_FAILED'],
      ['POST', versionsPath(post.id), site.users.editor.token, { name: 7 }, 422, 'VALIDATION_FAILED'],
      ['POST', versionsPath(post.id), site.users.editor.token, { name: 'ok', kind: 'auto' }, 422, 'VALIDATION_FAILED'],
    ];
    for (const [method, path, token, body, status, code] of refusals) {
      const res = await api(site.host, method, path, { token, body });
      expectProblem(res, status, code);
    }
    expect({ rows: await countVersions(post.id), objects: await countObjects(site.siteId, post.id) }).toEqual(before);
    expect(await storedText(site.siteId, post.id)).toBe('Body.');
  });

  it("brings back the version's side-panel fields too, as an edit live editors receive and the flush writes", async () => {
    const post = await createPost(site.host, site.users.editor.token, {
      title: 'Panel history',
      markdown: 'Body.',
      custom_excerpt: 'The first excerpt',
      tags: ['News'],
    });
    const peer = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => peer.joined && meta(peer).has('slug'), 'the seeded room');
    const saved = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.editor.token,
      body: { name: 'first' },
    });
    expect(saved.status).toBe(201);
    const patched = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { custom_excerpt: 'A later excerpt', tags: ['Later'] },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await until(() => panelText(peer, 'custom_excerpt') === 'A later excerpt', 'the PATCH in the room');

    const restored = await api(site.host, 'POST', `${versionsPath(post.id)}/${saved.body.version.id}/restore`, {
      token: site.users.editor.token,
    });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    await until(() => panelText(peer, 'custom_excerpt') === 'The first excerpt', 'the restored excerpt');
    expect((meta(peer).get('tags') as Y.Array<string>).toArray()).toEqual(['News']);

    await runInDurableObject(roomOf(site.siteId, post.id), (room: PostRoom) => room.flush());
    const read = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(read.body.post.custom_excerpt).toBe('The first excerpt');
    expect(read.body.post.tags.map((t: { name: string }) => t.name)).toEqual(['News']);
    peer.close();
  });

  it("judges the panel fields a restore changes by the restorer's role, not by whoever last typed in them", async () => {
    const post = await createPost(site.host, site.users.contributor.token, { title: 'Shared', markdown: 'Draft.' });
    const saved = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.contributor.token,
      body: { name: 'mine alone' },
    });
    expect(saved.status).toBe(201);
    // An editor adds themselves as an author, live: the room remembers the editor changed that field.
    const editor = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => editor.joined && meta(editor).has('authors'), 'the editor joining');
    const acked = editor.acks.length;
    (meta(editor).get('authors') as Y.Array<string>).push([site.users.editor.id]);
    await until(() => editor.acks.length > acked, 'the authors edit');
    await runInDurableObject(roomOf(site.siteId, post.id), (room: PostRoom) => room.flush());
    const authorsOf = async () =>
      (
        await api(site.host, 'GET', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token })
      ).body.post.authors.map((a: { id: string }) => a.id);
    expect(await authorsOf()).toEqual([site.users.contributor.id, site.users.editor.id]);

    // The contributor restores the version that had them alone: a change of authors they may not make.
    const restored = await api(site.host, 'POST', `${versionsPath(post.id)}/${saved.body.version.id}/restore`, {
      token: site.users.contributor.token,
    });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    await until(
      () => (meta(editor).get('authors') as Y.Array<string>).length === 1,
      'the restored authors in the room',
    );
    await runInDurableObject(roomOf(site.siteId, post.id), (room: PostRoom) => room.flush());
    expect(await authorsOf()).toEqual([site.users.contributor.id, site.users.editor.id]);
    await until(() => editor.problems.length > 0, 'the problems message');
    expect(editor.problems.at(-1)).toEqual([expect.objectContaining({ field: 'authors', code: 'FORBIDDEN' })]);
    editor.close();
  });

  it('refuses to restore for a contributor once their post is out of their hands', async () => {
    const post = await createPost(site.host, site.users.contributor.token, { title: 'Pitch', markdown: 'Idea.' });
    const saved = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.contributor.token,
      body: { name: 'pitch' },
    });
    expect(saved.status).toBe(201);
    const published = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { status: 'published' },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const restore = await api(site.host, 'POST', `${versionsPath(post.id)}/${saved.body.version.id}/restore`, {
      token: site.users.contributor.token,
    });
    expectProblem(restore, 403, 'FORBIDDEN');
    expect(await countVersions(post.id)).toBe(1);
  });
});

describe('a deleted post', () => {
  it('takes its versions along: rows and snapshots', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Doomed', markdown: 'Bye.' });
    for (const name of ['one', 'two']) {
      const saved = await api(site.host, 'POST', versionsPath(post.id), {
        token: site.users.editor.token,
        body: { name },
      });
      expect(saved.status).toBe(201);
    }
    expect(await countObjects(site.siteId, post.id)).toBe(2);
    const gone = await api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    expect(await countVersions(post.id)).toBe(0);
    expect(await countObjects(site.siteId, post.id)).toBe(0);
  });
});

describe('automatic versions', () => {
  it('takes at most one per interval, none when nothing changed, and keeps only the newest ones', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Auto', markdown: '' });
    const a = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => a.joined);
    const room = roomOf(site.siteId, post.id);
    const auto = (now: number) => runInDurableObject(room, (r: PostRoom) => r.saveAutomaticVersion(now));
    const edit = async (text: string) => {
      const acked = a.acks.length;
      a.doc.getText('markdown').insert(a.text.length, text);
      await until(() => a.acks.length > acked, 'the edit');
    };

    const t0 = Date.now();
    await edit('one ');
    const first = await auto(t0);
    expect(first).toMatchObject({ kind: 'auto', name: null, excerpt: 'one' });
    expect(await auto(t0 + AUTO_VERSION_EVERY_MS)).toBeNull(); // nothing changed since
    await edit('two ');
    expect(await auto(t0 + AUTO_VERSION_EVERY_MS - 1)).toBeNull(); // too soon
    expect(await auto(t0 + AUTO_VERSION_EVERY_MS)).toMatchObject({ kind: 'auto', excerpt: 'one two' });
    const named = await api(site.host, 'POST', versionsPath(post.id), {
      token: site.users.editor.token,
      body: { name: 'kept' },
    });
    expect(named.status).toBe(201);

    for (let i = 2; i <= MAX_AUTO_VERSIONS + 2; i++) {
      await edit(`${i} `);
      expect(await auto(t0 + i * AUTO_VERSION_EVERY_MS)).not.toBeNull();
    }
    // 53 automatic versions were taken; the oldest 3 are gone, rows and objects, and the named one stays.
    expect(await countVersions(post.id, 'auto')).toBe(MAX_AUTO_VERSIONS);
    expect(await countVersions(post.id, 'named')).toBe(1);
    expect(await countObjects(site.siteId, post.id)).toBe(MAX_AUTO_VERSIONS + 1);
    expect(await env.VERSIONS.head(first!.r2Key)).toBeNull();
    const list = await api(site.host, 'GET', versionsPath(post.id), { token: site.users.editor.token });
    expect(list.body.versions[0].excerpt).toBe(a.text.trim());
    a.close();
  }, 60_000);
});
