// The side panel is shared through the room's `meta` map: what editors type there is flushed to D1 under the rules a
// PATCH meets, a value those rules refuse is left out and reported to the editors, and a PATCH reaches the map.
import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { seedUpdate } from '../../durable-objects/post-room/document';
import type { PostRoom } from '../../durable-objects/post-room';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, postRow } from '../admin/support';
import { inRoom, Peer, roomOf, roomUrl, until } from './peer';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-panel');
  const category = await api(site.host, 'POST', `${ADMIN}/categories`, {
    token: site.users.editor.token,
    body: { name: 'Guides', slug: 'guides' },
  });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
});

type Who = 'editor' | 'contributor';

async function live(who: Who, extra: Record<string, unknown> = {}) {
  const post = await createPost(site.host, site.users[who].token, { title: 'Panel', markdown: 'Body', ...extra });
  const peer = await Peer.join(roomUrl(site.host, post.id, site.users[who].token));
  await until(() => peer.joined && meta(peer).has('slug'), 'the first sync');
  return { post, peer };
}

const meta = (peer: Peer) => peer.doc.getMap<unknown>('meta');
const text = (peer: Peer, key: string) => meta(peer).get(key) as Y.Text;
const list = (peer: Peer, key: string) => meta(peer).get(key) as Y.Array<string>;

async function type(peer: Peer, edit: () => void) {
  const acked = peer.acks.length;
  edit();
  await until(() => peer.acks.length > acked, 'the acknowledgement');
}

const flush = (postId: string) => runInDurableObject(roomOf(site.siteId, postId), (room: PostRoom) => room.flush());
const read = async (postId: string) =>
  (await api(site.host, 'GET', `${ADMIN}/posts/${postId}`, { token: site.users.editor.token })).body.post;

describe('the side panel in the room', () => {
  it('is seeded from D1 in the map, one Yjs type per kind of field', async () => {
    const { peer } = await live('editor', { custom_excerpt: 'Short', tags: ['News'] });
    expect(text(peer, 'custom_excerpt').toString()).toBe('Short');
    expect(text(peer, 'slug').toString()).toBe('panel');
    expect(list(peer, 'tags').toArray()).toEqual(['News']);
    expect(list(peer, 'authors').toArray()).toEqual([site.users.editor.id]);
    expect(meta(peer).get('featured')).toBe(false);
    peer.close();
  });

  it('writes what editors typed in the panel to D1 on flush, as a revision', async () => {
    const { post, peer } = await live('editor');
    await type(peer, () =>
      peer.doc.transact(() => {
        text(peer, 'custom_excerpt').insert(0, 'Typed live');
        list(peer, 'tags').push(['Live Tag']);
        list(peer, 'categories').push(['guides']);
        const slug = text(peer, 'slug');
        slug.delete(0, slug.length);
        slug.insert(0, 'panel-renamed');
        meta(peer).set('custom_fields', { episode: 3 });
      }),
    );
    await flush(post.id);

    const saved = await read(post.id);
    expect(saved).toMatchObject({
      custom_excerpt: 'Typed live',
      slug: 'panel-renamed',
      custom_fields: { episode: 3 },
      version: 2,
    });
    expect(saved.tags.map((t: { name: string }) => t.name)).toEqual(['Live Tag']);
    expect(saved.categories.map((c: { slug: string }) => c.slug)).toEqual(['guides']);
    expect(peer.problems.at(-1) ?? []).toEqual([]);
    peer.close();
  });

  it('leaves out a value a PATCH would refuse, writes the rest, and tells the editors', async () => {
    const { post, peer } = await live('editor');
    await type(peer, () =>
      peer.doc.transact(() => {
        text(peer, 'feature_image').insert(0, 'javascript:alert(1)');
        list(peer, 'categories').push(['no-such-category']);
        text(peer, 'meta_title').insert(0, 'Fine');
      }),
    );
    await flush(post.id);

    const saved = await read(post.id);
    expect(saved.meta_title).toBe('Fine');
    expect(saved.feature_image).toBeNull();
    expect(saved.categories).toEqual([]);
    await until(() => peer.problems.length > 0, 'the problems message');
    expect(peer.problems.at(-1)).toEqual([
      expect.objectContaining({ field: 'feature_image', code: 'VALIDATION_FAILED' }),
      expect.objectContaining({ field: 'categories', code: 'UNKNOWN_CATEGORY' }),
    ]);
    // The value stays in the room for the editors to fix; a newcomer is told too.
    const late = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => late.problems.length > 0, 'the problems on joining');
    expect(late.problems[0]?.map((p) => p.field)).toEqual(['feature_image', 'categories']);

    // Fixed: the next flush writes it and clears the report.
    await type(peer, () => {
      const image = text(peer, 'feature_image');
      image.delete(0, image.length);
      image.insert(0, '/media/cover.png');
    });
    await flush(post.id);
    expect((await read(post.id)).feature_image).toBe('/media/cover.png');
    await until(() => peer.problems.at(-1)?.length === 1, 'the shorter report');
    expect(peer.problems.at(-1)?.[0]?.field).toBe('categories');
    peer.close();
    late.close();
  });

  it('checks a change against the role of whoever made it: a contributor may not name other authors', async () => {
    const { post, peer } = await live('contributor');
    await type(peer, () => {
      list(peer, 'authors').push([site.users.editor.id]);
      text(peer, 'custom_excerpt').insert(0, 'Mine');
    });
    // An editor types in the body afterwards: the revision is theirs, the authors change still the contributor's.
    const editor = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => editor.joined, 'the editor joining');
    await type(editor, () => editor.doc.getText('markdown').insert(0, 'Edited. '));
    await flush(post.id);

    const saved = await read(post.id);
    expect(saved.custom_excerpt).toBe('Mine');
    expect(saved.markdown).toBe('Edited. Body');
    expect(saved.authors.map((a: { id: string }) => a.id)).toEqual([site.users.contributor.id]);
    await until(() => peer.problems.length > 0, 'the problems message');
    expect(peer.problems.at(-1)).toEqual([expect.objectContaining({ field: 'authors', code: 'FORBIDDEN' })]);
    peer.close();
    editor.close();
  });

  it('makes a typed slug unique as a PATCH does, and writes it back into the room', async () => {
    await createPost(site.host, site.users.editor.token, { title: 'Taken', slug: 'taken-slug' });
    const { post, peer } = await live('editor');
    await type(peer, () => {
      const slug = text(peer, 'slug');
      slug.delete(0, slug.length);
      slug.insert(0, 'Taken Slug');
    });
    await flush(post.id);
    expect((await postRow(post.id))?.slug).toBe('taken-slug-2');
    await until(() => text(peer, 'slug').toString() === 'taken-slug-2', 'the slug written back');
    peer.close();
  });

  it('applies a REST PATCH of panel fields to the map as an edit connected editors receive', async () => {
    const { post, peer } = await live('editor');
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { custom_excerpt: 'From the API', tags: ['Api Tag'], featured: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await until(() => text(peer, 'custom_excerpt').toString() === 'From the API', 'the excerpt in the map');
    expect(list(peer, 'tags').toArray()).toEqual(['Api Tag']);
    expect(meta(peer).get('featured')).toBe(true);
    // The map and D1 agree, so the next flush has nothing to write.
    const version = (await postRow(post.id))?.version;
    await flush(post.id);
    expect((await postRow(post.id))?.version).toBe(version);
    peer.close();
  });

  it('adds the panel to a room opened before it was shared, as an edit', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Old room', custom_excerpt: 'Kept' });
    await inRoom(roomOf(site.siteId, post.id), (room) => {
      room.store.append(seedUpdate({ title: 'Old room', markdown: '' }));
      room.store.setMeta('post', `${site.siteId}:${post.id}`);
    });
    const peer = await Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
    await until(() => meta(peer).has('custom_excerpt'), 'the panel fields');
    expect(text(peer, 'custom_excerpt').toString()).toBe('Kept');
    expect(meta(peer).get('title')).toBe('Old room');
    peer.close();
  });
});
