// Purging the edge cache by tag. The site's index (durable-objects/edge-cache-index) names the URLs this location
// cached under those tags and the Cache API deletes them, before the call returns; where a Cloudflare token is
// configured, the same tags are purged in every location through the API as well.
import type { Database } from '../../d1/db';
import type { DomainEvent } from '../events/catalog';
import { apiPurgeConfig, type Fetcher, purgeTagsThroughApi } from './cloudflare-purge';
import { tagsForEvent } from './event-tags';

export interface PurgeResult {
  /** Cached URLs deleted in this location. */
  deleted: number;
  /** Calls made to the Cloudflare API (0 when no token is configured). */
  apiCalls: number;
}

export interface PurgeOptions {
  cache?: Cache;
  fetcher?: Fetcher;
  now?: number;
}

export function cacheIndex(env: Env, siteId: string) {
  return env.EDGE_CACHE_INDEX.get(env.EDGE_CACHE_INDEX.idFromName(siteId));
}

export async function purgeTags(
  env: Env,
  siteId: string,
  tags: Iterable<string>,
  options: PurgeOptions = {},
): Promise<PurgeResult> {
  const list = [...new Set(tags)];
  if (list.length === 0) return { deleted: 0, apiCalls: 0 };
  const cache = options.cache ?? caches.default;
  const urls = await cacheIndex(env, siteId).purge(list, options.now ?? Date.now());
  const deleted = await Promise.all(urls.map((url) => cache.delete(url)));
  const config = apiPurgeConfig(env);
  const apiCalls = config ? await purgeTagsThroughApi(config, list, options.fetcher) : 0;
  return { deleted: deleted.filter(Boolean).length, apiCalls };
}

/** Purges what the events change, site by site; events that change nothing cached cost one D1 read at most. */
export async function purgeForEvents(
  env: Env,
  db: Database,
  events: readonly DomainEvent[],
  options: PurgeOptions = {},
): Promise<PurgeResult> {
  const bySite = new Map<string, Set<string>>();
  for (const event of events) {
    const tags = await tagsForEvent(db, event);
    if (tags.length === 0) continue;
    const set = bySite.get(event.site_id) ?? new Set<string>();
    for (const tag of tags) set.add(tag);
    bySite.set(event.site_id, set);
  }
  const total: PurgeResult = { deleted: 0, apiCalls: 0 };
  for (const [siteId, tags] of bySite) {
    const result = await purgeTags(env, siteId, tags, options);
    total.deleted += result.deleted;
    total.apiCalls += result.apiCalls;
  }
  return total;
}
