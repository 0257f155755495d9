// Content API posts and pages: envelopes, reads, paging, include/fields/formats/order, and what readers never see.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { POST_FIELDS } from '../../workers/content-api/schemas';
import { archived, content, createPost, daysAgo, expectProblem, type Json, publish, slugsOf } from './fixtures';

let site: TestSite;
let other: TestSite;
const ids: Record<string, string> = {};

beforeAll(async () => {
  site = await createTestSite('content-posts');
  other = await createTestSite('content-posts-other');
  const alpha = await publish(site, {
    title: 'Alpha',
    markdown: 'Alpha body.',
    tags: ['News', 'Tech'],
    featured: true,
    custom_excerpt: 'Custom alpha excerpt',
    published_at: daysAgo(3),
    authors: [site.users.author.id, site.users.editor.id],
  });
  const beta = await publish(site, {
    title: 'Beta',
    markdown: `Beta ${'word '.repeat(400)}`,
    tags: ['#internal', 'News'],
    published_at: daysAgo(2),
  });
  const gamma = await publish(site, {
    title: 'Gamma',
    markdown: 'Only for members: the secret.',
    visibility: 'members',
    published_at: daysAgo(1),
  });
  const page = await publish(site, { title: 'About', markdown: 'About us.' }, 'pages');
  const hidden = [
    await createPost(site, { title: 'Draft one', markdown: 'draft', tags: ['News'] }),
    await createPost(site, { title: 'In review', markdown: 'review', status: 'review' }),
    await createPost(site, { title: 'Scheduled one', status: 'scheduled', scheduled_at: daysAgo(-2) }),
    await archived(site, { title: 'Archived one', tags: ['News'] }),
    await publish(site, { title: 'Future one', published_at: daysAgo(-1) }),
    await createPost(site, { title: 'Draft page' }, 'pages'),
  ];
  const foreign = await publish(other, { title: 'Elsewhere' });
  Object.assign(ids, { alpha: alpha.id, beta: beta.id, gamma: gamma.id, page: page.id, foreign: foreign.id });
  hidden.forEach((post, i) => (ids[`hidden${i}`] = post.id));
});

describe('browse', () => {
  it('lists live posts newest first in Ghost’s envelope', async () => {
    const res = await content(site, '/posts/');
    expect(res.status).toBe(200);
    expect(slugsOf(res)).toEqual(['gamma', 'beta', 'alpha']);
    expect(res.body.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 3, next: null, prev: null });
  });

  it('returns every Ghost post member and nothing fields= could not name', async () => {
    const res = await content(site, '/posts/', { filter: 'slug:alpha' });
    const post = res.body.posts[0] as Json;
    const allowed = new Set<string>(POST_FIELDS);
    expect(Object.keys(post).filter((k) => !allowed.has(k))).toEqual([]);
    expect(POST_FIELDS.filter((k) => !(k in post) && k !== 'plaintext')).toEqual([]);
    expect(post).toMatchObject({
      id: ids.alpha,
      uuid: ids.alpha,
      comment_id: ids.alpha,
      title: 'Alpha',
      html: '<p>Alpha body.</p>',
      featured: true,
      visibility: 'public',
      url: `http://${site.host}/alpha/`,
      excerpt: 'Custom alpha excerpt',
      custom_excerpt: 'Custom alpha excerpt',
      access: true,
      comments: false,
      codeinjection_head: null,
      email_subject: null,
      reading_time: 1,
      content_format: 'article',
    });
    expect(post.tags).toBeUndefined();
    expect(new Date(post.published_at).getTime()).toBeLessThan(Date.now() - 2 * 86_400_000);
  });

  it('derives the excerpt from the text when there is no custom excerpt', async () => {
    const res = await content(site, '/posts/slug/beta/');
    const excerpt = res.body.posts[0].excerpt as string;
    expect(excerpt.startsWith('Beta word word')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(301);
  });

  it('pages through with Ghost’s pagination meta', async () => {
    const first = await content(site, '/posts/', { limit: 2 });
    expect(slugsOf(first)).toEqual(['gamma', 'beta']);
    expect(first.body.meta.pagination).toEqual({ page: 1, limit: 2, pages: 2, total: 3, next: 2, prev: null });
    const second = await content(site, '/posts/', { limit: 2, page: 2 });
    expect(slugsOf(second)).toEqual(['alpha']);
    expect(second.body.meta.pagination).toMatchObject({ page: 2, next: null, prev: 1 });
    const beyond = await content(site, '/posts/', { limit: 2, page: 5 });
    expect(beyond.body.posts).toEqual([]);
  });

  it('caps limit at 100, and reads limit=all as 100', async () => {
    for (const limit of ['1000', 'all']) {
      const res = await content(site, '/posts/', { limit });
      expect(res.status).toBe(200);
      expect(res.body.meta.pagination.limit).toBe(100);
      expect(res.body.posts).toHaveLength(3);
    }
  });

  it('orders by any whitelisted field', async () => {
    expect(slugsOf(await content(site, '/posts/', { order: 'published_at asc' }))).toEqual(['alpha', 'beta', 'gamma']);
    expect(slugsOf(await content(site, '/posts/', { order: 'title desc' }))).toEqual(['gamma', 'beta', 'alpha']);
    const combined = await content(site, '/posts/', { order: 'featured desc, published_at desc' });
    expect(slugsOf(combined)).toEqual(['alpha', 'gamma', 'beta']);
  });

  it('lists pages apart from posts', async () => {
    const pages = await content(site, '/pages/');
    expect(slugsOf(pages, 'pages')).toEqual(['about']);
    expect(pages.body.meta.pagination.total).toBe(1);
  });
});

describe('read', () => {
  it('reads by id and by slug, alone in a list', async () => {
    const byId = await content(site, `/posts/${ids.alpha}/`);
    expect(byId.status).toBe(200);
    expect(byId.body.meta).toBeUndefined();
    expect(slugsOf(byId)).toEqual(['alpha']);
    const bySlug = await content(site, '/posts/slug/alpha/');
    expect(bySlug.body.posts[0].id).toBe(ids.alpha);
    const page = await content(site, '/pages/slug/about/');
    expect(page.body.pages[0].id).toBe(ids.page);
  });

  it('keeps posts and pages apart, and another site’s post is not found', async () => {
    expectProblem(await content(site, `/posts/${ids.page}/`), 404, 'NOT_FOUND');
    expectProblem(await content(site, `/pages/${ids.alpha}/`), 404, 'NOT_FOUND');
    expectProblem(await content(site, `/posts/${ids.foreign}/`), 404, 'NOT_FOUND');
    expectProblem(await content(site, '/posts/slug/elsewhere/'), 404, 'NOT_FOUND');
  });
});

describe('what readers never see', () => {
  const hiddenSlugs = ['draft-one', 'in-review', 'scheduled-one', 'archived-one', 'future-one'];

  it('leaves drafts, review, scheduled, archived and future posts out of lists and counts', async () => {
    const res = await content(site, '/posts/', { limit: 'all', filter: 'status:[draft,review,scheduled,archived]' });
    expect(res.body.posts).toEqual([]);
    expect(res.body.meta.pagination.total).toBe(0);
    const all = await content(site, '/posts/', { limit: 'all' });
    expect(slugsOf(all).filter((s) => hiddenSlugs.includes(s))).toEqual([]);
    const pages = await content(site, '/pages/', { filter: 'slug:draft-page' });
    expect(pages.body.pages).toEqual([]);
  });

  it('answers 404 to reads of them by id and by slug', async () => {
    for (const i of [0, 1, 2, 3, 4]) {
      expectProblem(await content(site, `/posts/${ids[`hidden${i}`]}/`), 404, 'NOT_FOUND');
      expectProblem(await content(site, `/posts/slug/${hiddenSlugs[i]}/`), 404, 'NOT_FOUND');
    }
    expectProblem(await content(site, `/pages/${ids.hidden5}/`), 404, 'NOT_FOUND');
  });

  it('lists members-only posts without their body', async () => {
    const res = await content(site, '/posts/slug/gamma/', { formats: 'html,plaintext' });
    expect(res.body.posts[0]).toMatchObject({
      visibility: 'members',
      access: false,
      html: '',
      plaintext: '',
      excerpt: '',
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('leaves internal tags out of a post’s tags, and never makes one the primary tag', async () => {
    const res = await content(site, '/posts/slug/beta/', { include: 'tags' });
    const post = res.body.posts[0] as Json;
    expect((post.tags as Json[]).map((t) => t.slug)).toEqual(['news']);
    expect(post.primary_tag).toBeNull();
  });
});

describe('include, fields and formats', () => {
  it('embeds tags and authors with their primary ones, and no private author data', async () => {
    const res = await content(site, `/posts/${ids.alpha}/`, { include: 'tags,authors' });
    const post = res.body.posts[0] as Json;
    expect((post.tags as Json[]).map((t) => t.slug)).toEqual(['news', 'tech']);
    expect(post.primary_tag).toMatchObject({
      slug: 'news',
      url: `http://${site.host}/tag/news/`,
      visibility: 'public',
    });
    expect((post.authors as Json[]).map((a) => a.id)).toEqual([site.users.author.id, site.users.editor.id]);
    expect(post.primary_author.id).toBe(site.users.author.id);
    expect(post.primary_author.url).toMatch(new RegExp(`^http://${site.host}/author/author-`));
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('@');
    expect(text).not.toMatch(/email"|password/);
  });

  it('embeds each tag and author with every field their own endpoints answer', async () => {
    const news = (await content(site, '/tags/slug/news/')).body.tags[0] as Json;
    const tagPatch = await api(site.host, 'PATCH', `/api/v1/admin/tags/${news.id}`, {
      token: site.users.editor.token,
      body: { description: 'All the news', meta_title: 'News, meta', meta_description: 'What happened' },
    });
    expect(tagPatch.status, JSON.stringify(tagPatch.body)).toBe(200);
    const profile = await api(site.host, 'PATCH', '/api/v1/admin/users/me', {
      token: site.users.author.token,
      body: { bio: 'Writes things', website: 'https://author.example', location: 'Lisbon' },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    const post = (await content(site, `/posts/${ids.alpha}/`, { include: 'tags,authors' })).body.posts[0] as Json;
    const browsed = (await content(site, '/posts/', { filter: 'slug:alpha', include: 'tags,authors' })).body.posts[0];
    const tag = (await content(site, '/tags/slug/news/')).body.tags[0] as Json;
    const author = (await content(site, `/authors/${site.users.author.id}/`)).body.authors[0] as Json;
    expect(tag).toMatchObject({
      description: 'All the news',
      meta_title: 'News, meta',
      meta_description: 'What happened',
    });
    expect(author).toMatchObject({ bio: 'Writes things', website: 'https://author.example', location: 'Lisbon' });
    for (const read of [post, browsed]) {
      expect(read.primary_tag).toEqual(tag);
      expect(read.primary_author).toEqual(author);
    }
  });

  it('returns only the fields asked for, plus the relations included', async () => {
    const res = await content(site, '/posts/', { fields: 'title,slug', limit: 1 });
    expect(res.body.posts[0]).toEqual({ title: 'Gamma', slug: 'gamma' });
    const withTags = await content(site, `/posts/${ids.alpha}/`, { fields: 'title', include: 'tags' });
    expect(Object.keys(withTags.body.posts[0]).sort()).toEqual(['primary_tag', 'tags', 'title']);
  });

  it('returns the formats asked for; mobiledoc and lexical are accepted and ignored', async () => {
    const plain = await content(site, `/posts/${ids.alpha}/`, { formats: 'plaintext' });
    expect(plain.body.posts[0].plaintext).toBe('Alpha body.');
    expect(plain.body.posts[0]).not.toHaveProperty('html');
    const both = await content(site, `/posts/${ids.alpha}/`, { formats: 'html,plaintext,mobiledoc' });
    expect(both.body.posts[0]).toMatchObject({ html: '<p>Alpha body.</p>', plaintext: 'Alpha body.' });
    const lexical = await content(site, `/posts/${ids.alpha}/`, { formats: 'lexical' });
    expect(lexical.body.posts[0]).not.toHaveProperty('html');
    expect(lexical.body.posts[0]).not.toHaveProperty('lexical');
    const viaFields = await content(site, `/posts/${ids.alpha}/`, { fields: 'plaintext' });
    expect(viaFields.body.posts[0]).toEqual({ plaintext: 'Alpha body.' });
  });
});

describe('invalid queries', () => {
  it.each([
    [{ bogus: '1' }, 'an unknown parameter'],
    [{ limit: '0' }, 'a zero limit'],
    [{ limit: 'many' }, 'a word for a limit'],
    [{ page: '0' }, 'page 0'],
    [{ include: 'tags,comments' }, 'an unknown include'],
    [{ fields: 'title,password_hash' }, 'an unknown field'],
    [{ formats: 'html,pdf' }, 'an unknown format'],
  ])('answers %j (%s) with 400 VALIDATION_FAILED', async (params, _why) => {
    const res = await content(site, '/posts/', params);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('answers a bad order with 400 INVALID_ORDER', async () => {
    for (const order of ['password desc', 'title sideways', 'title asc extra']) {
      const res = await content(site, '/posts/', { order });
      expectProblem(res, 400, 'INVALID_ORDER');
    }
  });

  it('rejects paging parameters on a read', async () => {
    expectProblem(await content(site, `/posts/${ids.alpha}/`, { limit: 5 }), 400, 'VALIDATION_FAILED');
  });
});
