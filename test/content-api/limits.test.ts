// The Content API's row cap: limit=all and large limits stop at 100 rows, a full page embeds every post's relations,
// and paging still reaches every post.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { content, daysAgo, type Json, publish } from './fixtures';

const TOTAL = 105;
let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('content-limits');
  for (let start = 0; start < TOTAL; start += 15) {
    const batch = Array.from({ length: Math.min(15, TOTAL - start) }, (_, i) => start + i);
    await Promise.all(
      batch.map((n) => publish(site, { title: `Post ${n}`, tags: [`Tag ${n % 7}`], published_at: daysAgo(TOTAL - n) })),
    );
  }
}, 120_000);

describe('limits', () => {
  it('returns at most 100 rows for limit=all, with the meta to page on', async () => {
    const res = await content(site, '/posts/', { limit: 'all', include: 'tags,authors' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.posts).toHaveLength(100);
    expect(res.body.meta.pagination).toEqual({ page: 1, limit: 100, pages: 2, total: TOTAL, next: 2, prev: null });
    // Every one of the 100 posts got its relations, read in the same statement as the page.
    expect((res.body.posts as Json[]).every((p) => p.tags.length === 1 && p.authors.length === 1)).toBe(true);
    const rest = await content(site, '/posts/', { limit: 'all', page: 2 });
    expect(rest.body.posts).toHaveLength(TOTAL - 100);
  });

  it('caps a numeric limit at 100 too', async () => {
    const res = await content(site, '/posts/', { limit: 500, fields: 'slug' });
    expect(res.body.posts).toHaveLength(100);
    expect(res.body.meta.pagination.limit).toBe(100);
  });

  it('caps tags and authors the same way', async () => {
    const tags = await content(site, '/tags/', { limit: 'all', include: 'count.posts' });
    expect(tags.body.meta.pagination).toMatchObject({ limit: 100, total: 7 });
    const counted = (tags.body.tags as Json[]).reduce((sum, t) => sum + (t.count.posts as number), 0);
    expect(counted).toBe(TOTAL);
  });
});
