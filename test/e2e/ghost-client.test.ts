// Ghost's official Content API client, with its own HTTP stack (axios), works against Lede unchanged.
import GhostContentAPI from '@tryghost/content-api';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_POSTS } from '../../scripts/demo-content';

const api = GhostContentAPI({ url: inject('ledeUrl'), key: inject('contentKey'), version: 'v5.0' });
const published = DEMO_POSTS.filter((p) => p.type === 'post' && p.status === 'published');

describe('@tryghost/content-api against wrangler dev', () => {
  it('browses posts with pagination, includes and a filter', async () => {
    const posts = await api.posts.browse({ limit: 5, include: ['tags', 'authors'] });
    expect(posts).toHaveLength(5);
    expect(posts.meta.pagination.total).toBe(published.length);
    expect(posts.meta.pagination.pages).toBe(Math.ceil(published.length / 5));
    expect(posts[0]!.primary_author?.name).toBeTruthy();
    const featured = await api.posts.browse({ filter: 'featured:true', limit: 'all' });
    expect(featured.map((p) => p.slug).sort()).toEqual(
      published
        .filter((p) => p.featured)
        .map((p) => p.slug)
        .sort(),
    );
  });

  it('reads a post by slug and by id, and never a draft', async () => {
    const sample = published[0]!;
    const bySlug = await api.posts.read({ slug: sample.slug }, { formats: ['html', 'plaintext'] });
    expect(bySlug.title).toBe(sample.title);
    expect(bySlug.html).toContain('<');
    const byId = await api.posts.read({ id: bySlug.id });
    expect(byId.slug).toBe(sample.slug);
    const draft = DEMO_POSTS.find((p) => p.status === 'draft')!;
    await expect(api.posts.read({ slug: draft.slug })).rejects.toThrow();
  });

  it('browses pages, tags with counts, authors and settings', async () => {
    const pages = await api.pages.browse();
    expect(pages.map((p) => p.slug).sort()).toEqual(
      DEMO_POSTS.filter((p) => p.type === 'page')
        .map((p) => p.slug)
        .sort(),
    );
    const tags = await api.tags.browse({ include: 'count.posts', limit: 'all' });
    expect(tags.every((t) => !t.name?.startsWith('#'))).toBe(true);
    expect(tags.some((t) => (t.count?.posts ?? 0) > 0)).toBe(true);
    const authors = await api.authors.browse({ limit: 'all' });
    expect(authors.length).toBeGreaterThan(0);
    expect(JSON.stringify(authors)).not.toContain('@lede.example');
    const settings = await api.settings.browse();
    expect(settings.title).toBeTruthy();
  });

  it('surfaces Lede errors through the client', async () => {
    const error = await api.posts.read({ slug: 'no-such-post-anywhere' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/not found/i);
  });
});
