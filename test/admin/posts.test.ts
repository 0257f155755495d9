// Posts through the Admin API: create, read, change, delete, and every list filter staff use.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countRevisions, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let listSite: TestSite;

beforeAll(async () => {
  [site, listSite] = [await createTestSite('posts'), await createTestSite('posts-list')];
});

// Protects the lifecycle of one post as an editor sees it.
describe('post CRUD', () => {
  it('creates a draft: 201 with Location, ETag and the rendered post', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/posts`, {
      token: site.users.editor.token,
      body: { title: 'First light', markdown: 'Some *words* here.', custom_excerpt: 'Short', tags: ['Dawn'] },
    });
    expect(res.status).toBe(201);
    const post = res.body.post;
    expect(res.headers.get('location')).toBe(`${ADMIN}/posts/${post.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(post).toMatchObject({
      type: 'post',
      slug: 'first-light',
      title: 'First light',
      status: 'draft',
      version: 1,
      featured: false,
      html: '<p>Some <em>words</em> here.</p>',
      custom_excerpt: 'Short',
      published_at: null,
      url: `http://${site.host}/first-light/`,
    });
    expect(post.tags.map((t: { slug: string }) => t.slug)).toEqual(['dawn']);
    expect(post.authors.map((a: { id: string }) => a.id)).toEqual([site.users.editor.id]);

    const read = await api(site.host, 'GET', res.headers.get('location')!, { token: site.users.editor.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.post).toEqual(post);
  });

  it('changes only what a PATCH names, re-rendering the HTML', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Before', custom_excerpt: 'Kept' });
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { title: 'After', markdown: '# Heading' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body.post).toMatchObject({
      title: 'After',
      custom_excerpt: 'Kept',
      html: '<h1>Heading</h1>',
      version: 2,
    });
    // The slug is not derived from the new title; links to the post keep working.
    expect(res.body.post.slug).toBe('before');
    const read = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(read.body.post.title).toBe('After');
  });

  it('deletes: 204, then 404 on read, change and a second delete', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Doomed' });
    const del = await api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(del.status).toBe(204);
    expect(del.body).toBe('');
    for (const [method, body] of [['GET'], ['PATCH', { title: 'Zombie' }], ['DELETE']] as const) {
      const res = await api(site.host, method, `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token, body });
      expectProblem(res, 404, 'NOT_FOUND');
    }
    expect(await postRow(post.id)).toBeNull();
    expect(await countRevisions(post.id)).toBe(0);
  });

  it('answers 404 for an id that never existed', async () => {
    const res = await api(site.host, 'GET', `${ADMIN}/posts/00000000-0000-4000-8000-000000000000`, {
      token: site.users.editor.token,
    });
    expectProblem(res, 404, 'NOT_FOUND');
  });
});

// Protects the list filters: each narrows the list to exactly the posts it names.
describe('listing posts', () => {
  const ids: Record<string, string> = {};
  let authorSlug = '';

  beforeAll(async () => {
    const { editor, author, contributor } = listSite.users;
    const category = async (name: string, parent_id?: string) => {
      const res = await api(listSite.host, 'POST', `${ADMIN}/categories`, {
        token: editor.token,
        body: { name, ...(parent_id ? { parent_id } : {}) },
      });
      expect(res.status).toBe(201);
      return res.body.category.id as string;
    };
    await category('Europe', await category('World'));
    ids.zebra = (
      await createPost(listSite.host, editor.token, {
        title: 'Zebra crossing',
        status: 'published',
        featured: true,
        tags: ['Alpha'],
        categories: ['europe'],
      })
    ).id;
    const apple = await createPost(listSite.host, author.token, {
      title: 'Apple pie',
      tags: ['Beta'],
      categories: ['world'],
    });
    ids.apple = apple.id;
    authorSlug = apple.authors[0]!.slug;
    ids.mango = (await createPost(listSite.host, contributor.token, { title: 'Mango season', status: 'review' })).id;
    ids.page = (await createPost(listSite.host, editor.token, { title: 'About us' }, '/pages')).id;
  });

  const list = async (query: string) => {
    const res = await api(listSite.host, 'GET', `${ADMIN}/posts${query}`, { token: listSite.users.editor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { posts: { id: string; title: string }[]; meta: { pagination: Record<string, unknown> } };
  };
  const idsOf = async (query: string) => (await list(query)).posts.map((p) => p.id).sort();
  const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

  it('lists every post (never pages) with pagination', async () => {
    const body = await list('');
    expect(body.posts.map((p) => p.id).sort()).toEqual(sorted('zebra', 'apple', 'mango'));
    expect(body.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 3, next: null, prev: null });
  });

  it.each([
    ['?status=published', ['zebra']],
    ['?status=review', ['mango']],
    ['?status=archived', []],
    ['?tag=alpha', ['zebra']],
    ['?tag=nope', []],
    ['?category=world', ['zebra', 'apple']],
    ['?category=europe', ['zebra']],
    ['?category=nope', []],
    ['?featured=true', ['zebra']],
    ['?featured=false', ['apple', 'mango']],
    ['?q=pie', ['apple']],
    ['?q=%25', []],
    ['?status=draft&tag=beta', ['apple']],
  ])('%s narrows the list', async (query, expected) => {
    expect(await idsOf(query)).toEqual(sorted(...expected));
  });

  it('filters by author slug', async () => {
    expect(await idsOf(`?author=${encodeURIComponent(authorSlug)}`)).toEqual(sorted('apple'));
  });

  it('orders by title both ways', async () => {
    expect((await list('?order=title%20asc')).posts.map((p) => p.title)).toEqual([
      'Apple pie',
      'Mango season',
      'Zebra crossing',
    ]);
    expect((await list('?order=title%20desc')).posts.map((p) => p.title)).toEqual([
      'Zebra crossing',
      'Mango season',
      'Apple pie',
    ]);
  });

  it('pages through the list', async () => {
    const body = await list('?order=title%20asc&limit=1&page=2');
    expect(body.posts.map((p) => p.title)).toEqual(['Mango season']);
    expect(body.meta.pagination).toEqual({ page: 2, limit: 1, pages: 3, total: 3, next: 3, prev: 1 });
    expect((await list('?limit=1&page=9')).posts).toEqual([]);
  });

  it.each([
    ['?limit=101', 'query.limit'],
    ['?limit=0', 'query.limit'],
    ['?page=0', 'query.page'],
    ['?status=gone', 'query.status'],
    ['?order=slug%20sideways', 'query.order'],
    ['?featured=yes', 'query.featured'],
  ])('refuses %s with 400 naming the parameter', async (query, path) => {
    const res = await api(listSite.host, 'GET', `${ADMIN}/posts${query}`, { token: listSite.users.editor.token });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});
