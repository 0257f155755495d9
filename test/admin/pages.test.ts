// Pages: the same rules as posts, but a separate collection that never answers under /posts (and vice versa).
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem, postRow, scalar } from './support';

let site: TestSite;
let token: string;

beforeAll(async () => {
  site = await createTestSite('pages');
  token = site.users.editor.token;
});

// Protects the page lifecycle through /pages.
describe('page CRUD', () => {
  it('creates, reads, changes and deletes a page', async () => {
    const created = await api(site.host, 'POST', `${ADMIN}/pages`, {
      token,
      body: { title: 'Contact', markdown: 'Write to us.', status: 'published' },
    });
    expect(created.status).toBe(201);
    const page = created.body.post;
    expect(page).toMatchObject({ type: 'page', slug: 'contact', status: 'published', html: '<p>Write to us.</p>' });
    expect(created.headers.get('location')).toBe(`${ADMIN}/pages/${page.id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await api(site.host, 'GET', `${ADMIN}/pages/${page.id}`, { token });
    expect(read.body.post).toEqual(page);

    const changed = await api(site.host, 'PATCH', `${ADMIN}/pages/${page.id}`, {
      token,
      body: { title: 'Contact us' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.post).toMatchObject({ title: 'Contact us', version: 2 });

    expect((await api(site.host, 'DELETE', `${ADMIN}/pages/${page.id}`, { token })).status).toBe(204);
    expectProblem(await api(site.host, 'GET', `${ADMIN}/pages/${page.id}`, { token }), 404, 'NOT_FOUND');
  });
});

// Protects the boundary between the two collections.
describe('pages and posts are separate', () => {
  let pageId = '';
  let postId = '';

  beforeAll(async () => {
    pageId = (await createPost(site.host, token, { title: 'About' }, '/pages')).id;
    postId = (await createPost(site.host, token, { title: 'News of the day' })).id;
  });

  it('answers 404 for a page id under /posts, and changes nothing', async () => {
    const before = await postRow(pageId);
    expectProblem(await api(site.host, 'GET', `${ADMIN}/posts/${pageId}`, { token }), 404, 'NOT_FOUND');
    const patch = await api(site.host, 'PATCH', `${ADMIN}/posts/${pageId}`, { token, body: { title: 'Hijacked' } });
    expectProblem(patch, 404, 'NOT_FOUND');
    expectProblem(await api(site.host, 'DELETE', `${ADMIN}/posts/${pageId}`, { token }), 404, 'NOT_FOUND');
    expectProblem(await api(site.host, 'GET', `${ADMIN}/posts/${pageId}/revisions`, { token }), 404, 'NOT_FOUND');
    expect(await postRow(pageId)).toEqual(before);
  });

  it('answers 404 for a post id under /pages, and changes nothing', async () => {
    const before = await postRow(postId);
    expectProblem(await api(site.host, 'GET', `${ADMIN}/pages/${postId}`, { token }), 404, 'NOT_FOUND');
    const patch = await api(site.host, 'PATCH', `${ADMIN}/pages/${postId}`, { token, body: { title: 'Hijacked' } });
    expectProblem(patch, 404, 'NOT_FOUND');
    expectProblem(await api(site.host, 'DELETE', `${ADMIN}/pages/${postId}`, { token }), 404, 'NOT_FOUND');
    expect(await postRow(postId)).toEqual(before);
  });

  it('lists each collection without the other', async () => {
    const pages = await api(site.host, 'GET', `${ADMIN}/pages`, { token });
    const posts = await api(site.host, 'GET', `${ADMIN}/posts`, { token });
    const pageIds = pages.body.posts.map((p: { id: string }) => p.id);
    const postIds = posts.body.posts.map((p: { id: string }) => p.id);
    expect(pageIds).toContain(pageId);
    expect(pageIds).not.toContain(postId);
    expect(postIds).toContain(postId);
    expect(postIds).not.toContain(pageId);
    expect(pages.body.posts.every((p: { type: string }) => p.type === 'page')).toBe(true);
  });

  it('shares one slug space, since both live at /{slug}/ on the site', async () => {
    const post = await createPost(site.host, token, { title: 'About' });
    expect(post.slug).toBe('about-2');
  });

  it('applies the same role rules: a contributor may not publish a page', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/pages`, {
      token: site.users.contributor.token,
      body: { title: 'Terms', status: 'published' },
    });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(await scalar("SELECT count(*) AS n FROM posts WHERE site_id = ? AND title = 'Terms'", site.siteId)).toBe(0);
  });
});
