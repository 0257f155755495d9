// Content API tags, authors and settings: Ghost's defaults (public tags, authors who have published) and counts
// that only count what readers can see.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { createPost, content, daysAgo, expectProblem, type Json, publish, slugsOf } from './fixtures';

let site: TestSite;
let other: TestSite;
const tagIds: Record<string, string> = {};
const authorSlugs: Record<string, string> = {};

beforeAll(async () => {
  site = await createTestSite('content-taxonomy');
  other = await createTestSite('content-taxonomy-other');
  const { editor, author, author2, contributor, admin } = site.users;
  const first = await publish(site, { title: 'First', tags: ['News', 'Tech', '#hidden'], authors: [author.id] });
  await publish(site, { title: 'Second', tags: ['News'], authors: [author.id, editor.id] });
  await publish(site, { title: 'A page', tags: ['News'], authors: [admin.id] }, 'pages');
  // None of these may count, or make their author public.
  await createPost(site, { title: 'Draft', tags: ['News', 'Drafts only'], authors: [contributor.id] });
  await createPost(site, { title: 'Later', status: 'scheduled', scheduled_at: daysAgo(-3), authors: [author2.id] });
  await publish(site, { title: 'Future', tags: ['News'], published_at: daysAgo(-1), authors: [author2.id] });
  await publish(other, { title: 'Other news', tags: ['News'] });
  for (const tag of first.tags as Json[]) tagIds[tag.slug] = tag.id;
  authorSlugs.author = (first.authors as Json[])[0]!.slug;
  const staff = await content(site, '/authors/', { limit: 'all' });
  for (const a of staff.body.authors as Json[]) if (a.id === editor.id) authorSlugs.editor = a.slug;
  authorSlugs.author2 = `author2-${site.host.replace(/\.test$/, '')}`;
  authorSlugs.otherEditor = `editor-${other.host.replace(/\.test$/, '')}`;
});

describe('tags', () => {
  it('browses public tags by name', async () => {
    const res = await content(site, '/tags/');
    expect(slugsOf(res, 'tags')).toEqual(['drafts-only', 'news', 'tech']);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, limit: 15, total: 3 });
    expect(res.body.tags[1]).toEqual({
      id: tagIds.news,
      name: 'News',
      slug: 'news',
      description: null,
      feature_image: null,
      visibility: 'public',
      og_image: null,
      og_title: null,
      og_description: null,
      twitter_image: null,
      twitter_title: null,
      twitter_description: null,
      meta_title: null,
      meta_description: null,
      codeinjection_head: null,
      codeinjection_foot: null,
      canonical_url: null,
      accent_color: null,
      url: `http://${site.host}/tag/news/`,
    });
  });

  it('counts only published posts whose time has come, never pages or drafts', async () => {
    const res = await content(site, '/tags/', { include: 'count.posts' });
    const counts = Object.fromEntries((res.body.tags as Json[]).map((t) => [t.slug, t.count.posts]));
    expect(counts).toEqual({ 'drafts-only': 0, news: 2, tech: 1 });
  });

  it('orders by count.posts, and refuses unknown orders', async () => {
    const res = await content(site, '/tags/', { order: 'count.posts desc', include: 'count.posts' });
    expect(slugsOf(res, 'tags')).toEqual(['news', 'tech', 'drafts-only']);
    expectProblem(await content(site, '/tags/', { order: 'published_at desc' }), 400, 'INVALID_ORDER');
  });

  it('shows internal tags only when the filter asks for a visibility', async () => {
    const internal = await content(site, '/tags/', { filter: 'visibility:internal' });
    expect(slugsOf(internal, 'tags')).toEqual(['hash-hidden']);
    const any = await content(site, '/tags/', { filter: 'visibility:[public,internal]' });
    expect(any.body.meta.pagination.total).toBe(4);
    const bySlug = await content(site, '/tags/', { filter: 'slug:[news,tech]' });
    expect(slugsOf(bySlug, 'tags')).toEqual(['news', 'tech']);
    expectProblem(await content(site, '/tags/', { filter: 'featured:true' }), 400, 'INVALID_FILTER');
  });

  it('reads a tag by id and by slug, with fields and counts', async () => {
    const byId = await content(site, `/tags/${tagIds.tech}/`, { include: 'count.posts' });
    expect(byId.body.tags).toHaveLength(1);
    expect(byId.body.tags[0]).toMatchObject({ slug: 'tech', count: { posts: 1 } });
    const bySlug = await content(site, '/tags/slug/news/', { fields: 'name,url' });
    expect(bySlug.body.tags[0]).toEqual({ name: 'News', url: `http://${site.host}/tag/news/` });
  });

  it('answers 404 for a missing tag and another site’s tag', async () => {
    expectProblem(await content(site, '/tags/slug/nothing/'), 404, 'NOT_FOUND');
    const foreign = await content(other, '/tags/slug/news/');
    expectProblem(await content(site, `/tags/${foreign.body.tags[0].id}/`), 404, 'NOT_FOUND');
  });
});

describe('authors', () => {
  it('lists only staff who have published, without private data', async () => {
    const res = await content(site, '/authors/');
    const ids = (res.body.authors as Json[]).map((a) => a.id).sort();
    // The admin's only work is a page: pages make an author public too.
    expect(ids).toEqual([site.users.admin.id, site.users.author.id, site.users.editor.id].sort());
    const author = (res.body.authors as Json[]).find((a) => a.id === site.users.author.id)!;
    expect(Object.keys(author).sort()).toEqual(
      [
        'bio',
        'cover_image',
        'facebook',
        'id',
        'location',
        'meta_description',
        'meta_title',
        'name',
        'profile_image',
        'slug',
        'twitter',
        'url',
        'website',
      ].sort(),
    );
    expect(JSON.stringify(res.body)).not.toContain('@');
  });

  it('counts each author’s published posts', async () => {
    const res = await content(site, '/authors/', { include: 'count.posts', order: 'count.posts desc, name asc' });
    const counts = (res.body.authors as Json[]).map((a) => [a.id, a.count.posts]);
    expect(counts).toEqual([
      [site.users.author.id, 2],
      [site.users.editor.id, 1],
      [site.users.admin.id, 0],
    ]);
  });

  it('reads an author by slug and id, and 404s everyone who has not published here', async () => {
    const bySlug = await content(site, `/authors/slug/${authorSlugs.author}/`, { include: 'count.posts' });
    expect(bySlug.body.authors[0]).toMatchObject({ id: site.users.author.id, count: { posts: 2 } });
    expect(bySlug.body.authors[0].url).toBe(`http://${site.host}/author/${authorSlugs.author}/`);
    const byId = await content(site, `/authors/${site.users.editor.id}/`);
    expect(byId.body.authors[0].slug).toBe(authorSlugs.editor);
    // author2 has only a scheduled and a future post; the contributor only a draft.
    expectProblem(await content(site, `/authors/slug/${authorSlugs.author2}/`), 404, 'NOT_FOUND');
    expectProblem(await content(site, `/authors/${site.users.contributor.id}/`), 404, 'NOT_FOUND');
    // The other site's editor published there, not here.
    expectProblem(await content(site, `/authors/slug/${authorSlugs.otherEditor}/`), 404, 'NOT_FOUND');
    const there = await content(other, `/authors/slug/${authorSlugs.otherEditor}/`);
    expect(there.status).toBe(200);
  });

  it('filters authors by slug', async () => {
    const res = await content(site, '/authors/', { filter: `slug:${authorSlugs.author}` });
    expect(res.body.authors.map((a: Json) => a.id)).toEqual([site.users.author.id]);
    expectProblem(await content(site, '/authors/', { filter: 'email:x' }), 400, 'INVALID_FILTER');
  });
});

describe('settings', () => {
  it('returns the site’s public settings in Ghost’s keys', async () => {
    const saved = await api(site.host, 'PATCH', '/api/v1/admin/site', {
      token: site.users.owner.token,
      body: { description: 'News and notes', navigation: [{ label: 'Home', url: '/' }] },
    });
    expect(saved.status).toBe(200);
    const res = await content(site, '/settings/');
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({});
    expect(res.body.settings).toMatchObject({
      title: expect.stringContaining('Site content-taxonomy'),
      description: 'News and notes',
      url: `http://${site.host}/`,
      lang: 'en',
      locale: 'en',
      timezone: 'Etc/UTC',
      accent_color: '#ff1a75',
      logo: null,
      icon: null,
      navigation: [{ label: 'Home', url: '/' }],
      secondary_navigation: [],
      meta_title: null,
      codeinjection_head: null,
    });
  });

  it('takes no parameters but the key', async () => {
    expectProblem(await content(site, '/settings/', { limit: 5 }), 400, 'VALIDATION_FAILED');
  });
});
