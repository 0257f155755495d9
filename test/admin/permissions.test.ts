// The policy table as staff meet it: what each role may do to posts, and that a refusal is a 403 that writes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countPosts, countTags, createPost, expectProblem, postRow } from './support';

let site: TestSite;
type Who = keyof TestSite['users'];

beforeAll(async () => {
  site = await createTestSite('permissions');
});

const call = (who: Who, method: string, path: string, body?: unknown) =>
  api(site.host, method, `${ADMIN}${path}`, { token: site.users[who].token, body });
const newPost = (who: Who, body: Record<string, unknown> = {}) =>
  createPost(site.host, site.users[who].token, { title: `By ${who}`, ...body });

/** Asserts `who` is refused with 403 problem+json and that the post is exactly as it was. */
async function refusedUnchanged(id: string, who: Who, method: string, body?: unknown) {
  const before = await postRow(id);
  expectProblem(await call(who, method, `/posts/${id}`, body), 403, 'FORBIDDEN');
  expect(await postRow(id)).toEqual(before);
}

/** Asserts creating a post as `who` is refused with 403 and creates no post and no tag. */
async function createRefused(who: Who, body: Record<string, unknown>) {
  const [posts, tags] = [await countPosts(site.siteId), await countTags(site.siteId)];
  expectProblem(await call(who, 'POST', '/posts', { title: 'Refused', ...body }), 403, 'FORBIDDEN');
  expect(await countPosts(site.siteId)).toBe(posts);
  expect(await countTags(site.siteId)).toBe(tags);
}

// Protects the contributor's limits: they write drafts and submit them; editors decide what goes out.
describe('contributors', () => {
  it('create drafts and submit them for review', async () => {
    expect((await newPost('contributor')).status).toBe('draft');
    expect((await newPost('contributor', { status: 'review' })).status).toBe('review');
    const draft = await newPost('contributor');
    const submitted = await call('contributor', 'PATCH', `/posts/${draft.id}`, { status: 'review' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.post.status).toBe('review');
    const withdrawn = await call('contributor', 'PATCH', `/posts/${draft.id}`, { status: 'draft' });
    expect(withdrawn.body.post.status).toBe('draft');
  });

  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

  it.each([
    ['publish', () => ({ status: 'published' })],
    ['schedule', () => ({ status: 'scheduled', scheduled_at: tomorrow() })],
    ['feature', () => ({ featured: true })],
    ['back-date', () => ({ published_at: '2001-01-01T00:00:00Z' })],
    ['name another author', () => ({ authors: [site.users.author.id] })],
    ['create a tag by naming it', () => ({ tags: ['Brand new tag'] })],
  ])('may not %s when creating, and nothing is written', async (_label, body) => {
    await createRefused('contributor', body());
  });

  it.each([
    ['publish', { status: 'published' }],
    ['schedule', { status: 'scheduled', scheduled_at: tomorrow() }],
    ['feature', { featured: true }],
    ['back-date', { published_at: '2001-01-01T00:00:00Z' }],
  ])('may not %s their own draft', async (_label, body) => {
    await refusedUnchanged((await newPost('contributor')).id, 'contributor', 'PATCH', body);
  });

  it('may use a tag that already exists', async () => {
    await newPost('editor', { tags: ['Existing'] });
    expect((await newPost('contributor', { tags: ['Existing'] })).status).toBe('draft');
  });

  it('see only their own posts in lists', async () => {
    const mine = await newPost('contributor');
    const theirs = await newPost('contributor2');
    const res = await call('contributor', 'GET', '/posts?limit=100');
    const ids = res.body.posts.map((p: { id: string }) => p.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    for (const post of res.body.posts) {
      expect(post.authors.map((a: { id: string }) => a.id)).toContain(site.users.contributor.id);
    }
  });

  it("may not read, change or delete another's post", async () => {
    const theirs = await newPost('contributor2');
    expectProblem(await call('contributor', 'GET', `/posts/${theirs.id}`), 403, 'FORBIDDEN');
    expectProblem(await call('contributor', 'GET', `/posts/${theirs.id}/revisions`), 403, 'FORBIDDEN');
    await refusedUnchanged(theirs.id, 'contributor', 'PATCH', { title: 'Mine now' });
    await refusedUnchanged(theirs.id, 'contributor', 'DELETE');
  });

  it('may not change their post once an editor has published it', async () => {
    const post = await newPost('contributor', { status: 'review' });
    expect((await call('editor', 'PATCH', `/posts/${post.id}`, { status: 'published' })).status).toBe(200);
    await refusedUnchanged(post.id, 'contributor', 'PATCH', { title: 'Quiet fix' });
    await refusedUnchanged(post.id, 'contributor', 'PATCH', { status: 'draft' });
    await refusedUnchanged(post.id, 'contributor', 'DELETE');
  });

  it('may delete their own draft but not their post in review', async () => {
    const draft = await newPost('contributor');
    expect((await call('contributor', 'DELETE', `/posts/${draft.id}`)).status).toBe(204);
    expect(await postRow(draft.id)).toBeNull();
    await refusedUnchanged((await newPost('contributor', { status: 'review' })).id, 'contributor', 'DELETE');
  });
});

// Protects the author's scope: full control of their own posts, none over anyone else's.
describe('authors', () => {
  it('publish and feature their own posts', async () => {
    expect((await newPost('author', { status: 'published' })).status).toBe('published');
    const draft = await newPost('author');
    const res = await call('author', 'PATCH', `/posts/${draft.id}`, { status: 'published', featured: true });
    expect(res.status).toBe(200);
    expect(res.body.post).toMatchObject({ status: 'published', featured: true });
    expect((await call('author', 'PATCH', `/posts/${draft.id}`, { title: 'Still mine' })).status).toBe(200);
  });

  it("read others' posts but may not change, publish or delete them", async () => {
    const theirs = await newPost('author2');
    expect((await call('author', 'GET', `/posts/${theirs.id}`)).status).toBe(200);
    await refusedUnchanged(theirs.id, 'author', 'PATCH', { title: 'Edited by someone else' });
    await refusedUnchanged(theirs.id, 'author', 'PATCH', { status: 'published' });
    await refusedUnchanged(theirs.id, 'author', 'DELETE');
  });

  it('may not name other authors, on create or on change', async () => {
    await createRefused('author', { authors: [site.users.author.id, site.users.author2.id] });
    await createRefused('author', { authors: [site.users.author2.id] });
    const own = await newPost('author');
    await refusedUnchanged(own.id, 'author', 'PATCH', { authors: [site.users.author.id, site.users.editor.id] });
  });

  it('may create tags by naming them', async () => {
    const post = await newPost('author', { tags: ['Fresh from an author'] });
    expect(post.tags.map((t) => t.slug)).toEqual(['fresh-from-an-author']);
  });

  it('may edit a post an editor made them co-author of', async () => {
    const shared = await newPost('editor', { authors: [site.users.editor.id, site.users.author.id] });
    expect((await call('author', 'PATCH', `/posts/${shared.id}`, { title: 'Co-written' })).status).toBe(200);
  });
});

// Protects the senior roles: everything on their own site.
describe.each(['editor', 'admin', 'owner'] as const)('%s', (role) => {
  it("edits, publishes, features, re-assigns and deletes anyone's post", async () => {
    const post = await newPost('contributor', { status: 'review' });
    const res = await call(role, 'PATCH', `/posts/${post.id}`, {
      title: `Edited by ${role}`,
      status: 'published',
      featured: true,
      published_at: '2020-02-02T00:00:00.000Z',
      authors: [site.users.author2.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.post).toMatchObject({
      status: 'published',
      featured: true,
      published_at: '2020-02-02T00:00:00.000Z',
    });
    expect(res.body.post.authors.map((a: { id: string }) => a.id)).toEqual([site.users.author2.id]);
    expect((await call(role, 'DELETE', `/posts/${post.id}`)).status).toBe(204);
  });
});
