// Content API filters: Ghost NQL over tags, authors, featured and dates, combined with + , ( ) and [lists].
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { content, createPost, daysAgo, expectProblem, type Json, publish, slugsOf } from './fixtures';

let site: TestSite;
const slugs: Record<'editor' | 'author' | 'author2', string> = { editor: '', author: '', author2: '' };
let oneId = '';

beforeAll(async () => {
  site = await createTestSite('content-filters');
  const one = await publish(site, { title: 'One', tags: ['News'], featured: true, published_at: daysAgo(10) });
  const two = await publish(site, {
    title: 'Two',
    tags: ['Tech', 'News'],
    published_at: daysAgo(5),
    authors: [site.users.author.id],
  });
  const three = await publish(site, {
    title: 'Three',
    tags: ['Tech'],
    featured: true,
    published_at: daysAgo(1),
    authors: [site.users.author2.id, site.users.editor.id],
  });
  // Matches every filter below, so any leak of unpublished work shows.
  await createPost(site, { title: 'Four', tags: ['News', 'Tech'], featured: true, authors: [site.users.author.id] });
  await publish(site, { title: 'Page news', tags: ['News'] }, 'pages');
  oneId = one.id;
  slugs.editor = (one.authors as Json[])[0]!.slug;
  slugs.author = (two.authors as Json[])[0]!.slug;
  slugs.author2 = (three.authors as Json[])[0]!.slug;
});

const filtered = async (filter: string, extra: Record<string, string> = {}) => {
  const res = await content(site, '/posts/', { filter, order: 'published_at asc', ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return slugsOf(res);
};

describe('NQL filters', () => {
  it('filters by tag, any of a list of tags, and primary tag', async () => {
    expect(await filtered('tag:news')).toEqual(['one', 'two']);
    expect(await filtered('tags:tech')).toEqual(['two', 'three']);
    expect(await filtered('tags:[news,tech]')).toEqual(['one', 'two', 'three']);
    expect(await filtered('primary_tag:news')).toEqual(['one']);
    expect(await filtered('primary_tag:tech')).toEqual(['two', 'three']);
    expect(await filtered('tag:-news')).toEqual(['three']);
    expect(await filtered('tag:-[news,tech]')).toEqual([]);
  });

  it('filters by author, authors and primary author', async () => {
    expect(await filtered(`author:${slugs.author}`)).toEqual(['two']);
    expect(await filtered(`authors:${slugs.editor}`)).toEqual(['one', 'three']);
    expect(await filtered(`primary_author:${slugs.editor}`)).toEqual(['one']);
    expect(await filtered(`authors:[${slugs.author},${slugs.author2}]`)).toEqual(['two', 'three']);
  });

  it('filters by featured and by published_at comparisons', async () => {
    expect(await filtered('featured:true')).toEqual(['one', 'three']);
    expect(await filtered('featured:false')).toEqual(['two']);
    expect(await filtered(`published_at:>'${daysAgo(3)}'`)).toEqual(['three']);
    expect(await filtered(`published_at:<='${daysAgo(5)}'`)).toEqual(['one', 'two']);
    // NQL's relative dates resolve when parsed.
    expect(await filtered('published_at:>now-7d')).toEqual(['two', 'three']);
  });

  it('combines conditions with + (and), , (or) and parentheses', async () => {
    expect(await filtered('tag:news+featured:true')).toEqual(['one']);
    expect(await filtered('tag:tech,featured:true')).toEqual(['one', 'two', 'three']);
    expect(await filtered('featured:true+(tag:news,primary_tag:tech)')).toEqual(['one', 'three']);
    expect(await filtered(`tag:news+published_at:>'${daysAgo(7)}'`)).toEqual(['two']);
  });

  it('filters by slug, id and visibility', async () => {
    expect(await filtered('slug:[one,three]')).toEqual(['one', 'three']);
    expect(await filtered(`id:${oneId}`)).toEqual(['one']);
    expect(await filtered('visibility:public')).toEqual(['one', 'two', 'three']);
    expect(await filtered('slug:-one')).toEqual(['two', 'three']);
  });

  it('counts and pages the filtered set', async () => {
    const res = await content(site, '/posts/', { filter: 'tag:news,tag:tech', limit: 2, order: 'published_at desc' });
    expect(slugsOf(res)).toEqual(['three', 'two']);
    expect(res.body.meta.pagination).toMatchObject({ total: 3, pages: 2, next: 2 });
  });

  it('never reaches unpublished work, whatever the filter says', async () => {
    expect(await filtered('status:draft')).toEqual([]);
    expect(await filtered('slug:four')).toEqual([]);
  });

  it('filters pages the same way', async () => {
    const res = await content(site, '/pages/', { filter: 'tag:news' });
    expect(slugsOf(res, 'pages')).toEqual(['page-news']);
  });
});

describe('filters that are refused', () => {
  it.each([
    ['tag:', 'not NQL'],
    ["title:~'alp'", 'an unsupported operator'],
    ['password:x', 'an unknown field'],
    ['constructor:x', 'a field named like an Object.prototype member'],
    ['featured:maybe', 'a non-boolean for featured'],
    ["published_at:>'not a date'", 'a non-date for published_at'],
    ['status:hidden', 'an unknown status'],
  ])('answers %s (%s) with 400 INVALID_FILTER', async (filter, _why) => {
    const res = await content(site, '/posts/', { filter });
    expectProblem(res, 400, 'INVALID_FILTER');
  });

  it('answers a filter with more values than D1 binds with 400, not 500', async () => {
    const list = (prefix: string) => `[${Array.from({ length: 50 }, (_, i) => `${prefix}${i}`).join(',')}]`;
    const res = await content(site, '/posts/', { filter: `slug:${list('s')}+tag:${list('t')}` });
    expectProblem(res, 400, 'INVALID_FILTER');
    expect(res.body.detail).toMatch(/too many values/);
  });

  it('answers a list longer than 50 values with 400', async () => {
    const slugList = Array.from({ length: 51 }, (_, i) => `s${i}`).join(',');
    expectProblem(await content(site, '/posts/', { filter: `slug:[${slugList}]` }), 400, 'INVALID_FILTER');
  });
});
