// Tenant isolation: staff of one site can neither see nor touch anything of another site, whatever ids they send.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countPosts, countTags, createPost, expectProblem, postRow, scalar } from './support';

let a: TestSite;
let b: TestSite;
let bPost: { id: string };
let bRevisionId: string;
let bTag: { id: string; name: string };
let bCategory: { id: string; name: string };

beforeAll(async () => {
  [a, b] = [await createTestSite('tenant-a'), await createTestSite('tenant-b')];
  const token = b.users.owner.token;
  bPost = await createPost(b.host, token, { title: 'Site B secret', tags: ['B only'] });
  bRevisionId = (await api(b.host, 'GET', `${ADMIN}/posts/${bPost.id}/revisions`, { token })).body.revisions[0].id;
  bTag = (await api(b.host, 'POST', `${ADMIN}/tags`, { token, body: { name: 'B tag' } })).body.tag;
  bCategory = (await api(b.host, 'POST', `${ADMIN}/categories`, { token, body: { name: 'B category' } })).body.category;
});

const asAOwner = (method: string, path: string, body?: unknown) =>
  api(a.host, method, `${ADMIN}${path}`, { token: a.users.owner.token, body });

// Protects the token boundary: a token from another site is not a token here.
describe("another site's token", () => {
  it("is refused on this site's host with 401, and writes nothing on either site", async () => {
    const [postsA, postsB] = [await countPosts(a.siteId), await countPosts(b.siteId)];
    for (const [method, path, body] of [
      ['GET', '/posts'],
      ['POST', '/posts', { title: 'Cross-posted' }],
      ['GET', '/tags'],
      ['POST', '/tags', { name: 'Cross tag' }],
    ] as const) {
      const res = await api(a.host, method, `${ADMIN}${path}`, { token: b.users.owner.token, body });
      expectProblem(res, 401, 'INVALID_TOKEN');
    }
    expect(await countPosts(a.siteId)).toBe(postsA);
    expect(await countPosts(b.siteId)).toBe(postsB);
  });
});

// Protects content across sites: another site's ids name nothing here.
describe("another site's post", () => {
  it('is 404 for read, change, delete and every revision route, and stays unchanged', async () => {
    const before = await postRow(bPost.id);
    const paths: [string, string, unknown?][] = [
      ['GET', `/posts/${bPost.id}`],
      ['PATCH', `/posts/${bPost.id}`, { title: 'Defaced' }],
      ['DELETE', `/posts/${bPost.id}`],
      ['GET', `/posts/${bPost.id}/revisions`],
      ['GET', `/posts/${bPost.id}/revisions/${bRevisionId}`],
      ['GET', `/posts/${bPost.id}/revisions/diff?from=${bRevisionId}&to=${bRevisionId}`],
      ['POST', `/posts/${bPost.id}/revisions/${bRevisionId}/restore`],
    ];
    for (const [method, path, body] of paths) expectProblem(await asAOwner(method, path, body), 404, 'NOT_FOUND');
    expect(await postRow(bPost.id)).toEqual(before);
  });

  it('never shows up in lists or searches', async () => {
    const res = await asAOwner('GET', '/posts?q=secret&limit=100');
    expect(res.body.posts).toEqual([]);
    expect(res.body.meta.pagination.total).toBe(0);
  });

  it("is 404 as a revision id under this site's own post", async () => {
    const own = await createPost(a.host, a.users.owner.token, { title: 'A post' });
    const res = await asAOwner('GET', `/posts/${own.id}/revisions/${bRevisionId}`);
    expectProblem(res, 404, 'NOT_FOUND');
  });
});

// Protects taxonomy across sites: tags and categories belong to one site.
describe("another site's tags and categories", () => {
  it('are 404 for change and delete, and stay unchanged', async () => {
    expectProblem(await asAOwner('PATCH', `/tags/${bTag.id}`, { name: 'Renamed' }), 404, 'NOT_FOUND');
    expectProblem(await asAOwner('DELETE', `/tags/${bTag.id}`), 404, 'NOT_FOUND');
    expectProblem(await asAOwner('PATCH', `/categories/${bCategory.id}`, { name: 'Renamed' }), 404, 'NOT_FOUND');
    expectProblem(await asAOwner('DELETE', `/categories/${bCategory.id}`), 404, 'NOT_FOUND');
    expect(await scalar('SELECT count(*) AS n FROM tags WHERE id = ? AND name = ?', bTag.id, bTag.name)).toBe(1);
    expect(
      await scalar('SELECT count(*) AS n FROM categories WHERE id = ? AND name = ?', bCategory.id, bCategory.name),
    ).toBe(1);
  });

  it('are not listed here', async () => {
    const tags = await asAOwner('GET', '/tags');
    expect(tags.body.tags.map((t: { id: string }) => t.id)).not.toContain(bTag.id);
    const categories = await asAOwner('GET', '/categories');
    expect(categories.body.categories.map((c: { id: string }) => c.id)).not.toContain(bCategory.id);
  });

  it("cannot be used as a post's category or a category's parent (422, nothing written)", async () => {
    const posts = await countPosts(a.siteId);
    const post = await asAOwner('POST', '/posts', { title: 'Borrowing', categories: ['b-category'] });
    expectProblem(post, 422, 'UNKNOWN_CATEGORY');
    const child = await asAOwner('POST', '/categories', { name: 'Adopted', parent_id: bCategory.id });
    expectProblem(child, 422, 'UNKNOWN_CATEGORY');
    expect(await countPosts(a.siteId)).toBe(posts);
    expect(await scalar('SELECT count(*) AS n FROM categories WHERE site_id = ?', a.siteId)).toBe(0);
  });

  it('leaves a same-named tag here a separate tag', async () => {
    const tags = await countTags(b.siteId);
    const post = await createPost(a.host, a.users.owner.token, { title: 'Same name', tags: ['B only'] });
    expect(await countTags(b.siteId)).toBe(tags);
    expect(
      await scalar('SELECT count(*) AS n FROM tags WHERE id = ? AND site_id = ?', post.tags[0]!.id, a.siteId),
    ).toBe(1);
  });
});

// Protects staff across sites: another site's staff cannot be named as authors here.
describe("another site's staff", () => {
  it('cannot be named as an author (422 UNKNOWN_AUTHOR, nothing written)', async () => {
    const posts = await countPosts(a.siteId);
    const res = await asAOwner('POST', '/posts', { title: 'Ghostwritten', authors: [b.users.author.id] });
    expectProblem(res, 422, 'UNKNOWN_AUTHOR');
    expect(await countPosts(a.siteId)).toBe(posts);
  });
});
