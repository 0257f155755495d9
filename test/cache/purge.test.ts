// The purge machinery on its own: the index's race rule, the Cloudflare API client, and which events purge what.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { PURGE_SKEW_MS } from '../../durable-objects/edge-cache-index';
import { purgeTagsThroughApi } from '../../queues/cache/cloudflare-purge';
import { tagsForEvent } from '../../queues/cache/event-tags';
import { cacheIndex, purgeTags } from '../../queues/cache/purge';
import { cacheTag, cacheTagHeader, MAX_CACHE_TAG_HEADER } from '../../queues/cache/tags';
import { buildEvent } from '../../queues/events/build';
import { createTestSite } from '../helpers';
import { write } from '../site/helpers';

describe('the edge cache index', () => {
  it('refuses an entry whose render began before a purge of one of its tags, and keeps later ones', async () => {
    const index = cacheIndex(env, `race-${crypto.randomUUID()}`);
    const t0 = Date.now();
    const entry = (url: string, renderStartedAt: number) => ({
      url,
      tags: ['a', 'b'],
      expiresAt: t0 + 60_000,
      renderStartedAt,
    });
    expect(await index.record(entry('https://h/early/', t0))).toBe(true);
    expect(await index.purge(['b'], t0 + 10_000)).toEqual(['https://h/early/']);
    // Rendered before the purge (it may show the old data), stored after it: refused.
    expect(await index.record(entry('https://h/raced/', t0 + 9_000))).toBe(false);
    // Rendered after the purge (plus the allowance for clock skew): kept, and found by the next purge.
    expect(await index.record(entry('https://h/fresh/', t0 + 10_000 + PURGE_SKEW_MS + 1))).toBe(true);
    expect(await index.size()).toBe(1);
    expect(await index.purge(['a'], t0 + 20_000)).toEqual(['https://h/fresh/']);
    expect(await index.size()).toBe(0);
  });

  it('deletes the purged URLs from the Cache API, and only those', async () => {
    const siteId = `cache-${crypto.randomUUID()}`;
    const cache = await caches.open(`purge-test-${siteId}`);
    const now = Date.now();
    for (const [url, tags] of [
      ['https://h/one/', [cacheTag.post(siteId, 'p1')]],
      ['https://h/two/', [cacheTag.post(siteId, 'p2')]],
    ] as const) {
      await cache.put(url, new Response('x', { headers: { 'cache-control': 'public, max-age=600' } }));
      await cacheIndex(env, siteId).record({ url, tags: [...tags], expiresAt: now + 600_000, renderStartedAt: now });
    }
    const result = await purgeTags(env, siteId, [cacheTag.post(siteId, 'p1')], { cache, now: now + 1000 });
    expect(result).toEqual({ deleted: 1, apiCalls: 0 });
    expect(await cache.match('https://h/one/')).toBeUndefined();
    expect(await cache.match('https://h/two/')).toBeDefined();
  });
});

describe('purging through the Cloudflare API', () => {
  it('sends the tags in calls of at most 30, with the token, to the zone', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Response.json({ success: true, errors: [] });
    };
    const tags = Array.from({ length: 65 }, (_, i) => `lede:s:post:${i}`);
    const made = await purgeTagsThroughApi({ CF_ZONE_ID: 'zone1', CF_PURGE_TOKEN: 'tok' }, tags, fetcher);
    expect(made).toBe(3);
    expect(calls.map((c) => c.url)).toEqual(
      Array(3).fill('https://api.cloudflare.com/client/v4/zones/zone1/purge_cache'),
    );
    expect(calls.map((c) => JSON.parse(c.init.body as string).tags.length)).toEqual([30, 30, 5]);
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer tok');
  });

  it('throws when Cloudflare refuses, so the queue retries the purge', async () => {
    const refuse = async () => Response.json({ success: false, errors: [{ code: 10000 }] }, { status: 403 });
    await expect(purgeTagsThroughApi({ CF_ZONE_ID: 'z', CF_PURGE_TOKEN: 't' }, ['a'], refuse)).rejects.toThrow(/403/);
  });

  it('is used alongside the local purge when a zone and token are configured', async () => {
    const siteId = `api-${crypto.randomUUID()}`;
    let sent: string[] = [];
    const configured = { ...env, CF_ZONE_ID: 'zone', CF_PURGE_TOKEN: 'token' } as Env;
    const result = await purgeTags(configured, siteId, [cacheTag.home(siteId)], {
      fetcher: async (_url, init) => {
        sent = JSON.parse(init.body as string).tags;
        return Response.json({ success: true });
      },
    });
    expect(result.apiCalls).toBe(1);
    expect(sent).toEqual([cacheTag.home(siteId)]);
  });
});

describe('which events purge what', { timeout: 30_000 }, () => {
  const trace = { actor: { type: 'user' as const, id: 'u1' }, correlationId: 'c1' };

  it('a draft’s edits and moves between draft and review purge nothing', async () => {
    const site = await createTestSite('tags-draft');
    const draft = await write(site, { title: 'Draft', status: 'draft' });
    const db = openDatabase(env.DB);
    const aggregate = { type: 'post' as const, id: draft.id, version: 2 };
    const updated = buildEvent(
      trace,
      {
        type: 'post.updated',
        siteId: site.siteId,
        aggregate,
        payload: { post_type: 'post', changed: ['title'], reason: 'edited' },
      },
      new Date(),
    );
    const moved = buildEvent(
      trace,
      {
        type: 'post.status_changed',
        siteId: site.siteId,
        aggregate,
        payload: { post_type: 'post', title: 'Draft', author_ids: [], tag_ids: [], from: 'draft', to: 'review' },
      },
      new Date(),
    );
    expect(await tagsForEvent(db, updated)).toEqual([]);
    expect(await tagsForEvent(db, moved)).toEqual([]);
  });

  it('publishing purges the post, its archives, home, feeds, sitemap and API lists', async () => {
    const site = await createTestSite('tags-publish');
    const post = await write(site, { title: 'Live', tags: ['T1'] });
    const db = openDatabase(env.DB);
    const event = buildEvent(
      trace,
      {
        type: 'post.published',
        siteId: site.siteId,
        aggregate: { type: 'post', id: post.id, version: 1 },
        payload: {
          post_type: 'post',
          title: 'Live',
          author_ids: [post.authors[0]!.id],
          tag_ids: [],
          published_at: new Date().toISOString(),
          scheduled: false,
        },
      },
      new Date(),
    );
    const tags = await tagsForEvent(db, event);
    const s = site.siteId;
    expect(tags).toEqual(
      expect.arrayContaining([
        cacheTag.post(s, post.id),
        cacheTag.home(s),
        cacheTag.feeds(s),
        cacheTag.sitemap(s),
        cacheTag.api(s, 'posts'),
        cacheTag.archive(s, 'author', post.authors[0]!.id),
      ]),
    );
    // The tag named on the post is found from D1 even though the payload left it out.
    expect(tags.filter((t) => t.includes(':tag-archive:'))).toHaveLength(1);
  });

  it('a response whose tags do not fit one header is not cached at all', () => {
    expect(cacheTagHeader(['a', 'b', 'a'])).toBe('a,b');
    const many = Array.from({ length: 400 }, (_, i) => `lede:site:post:${'x'.repeat(40)}${i}`);
    expect(many.join(',').length).toBeGreaterThan(MAX_CACHE_TAG_HEADER);
    expect(cacheTagHeader(many)).toBeUndefined();
  });
});
