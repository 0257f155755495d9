// The in-isolate cache of host → site for the reader's path. A site's settings appear on every page, so an isolate
// may only use what it holds while the location's "stamp" of that site still carries the same version: a change to
// the settings purges the stamp with the site's tag (queues/cache), and the next lookup reads D1 again. A stamp is
// a Cache API read in this location, far cheaper than a D1 query on the primary.
import type { Context } from 'hono';
import type { Database } from '../../d1/db';
import { findSiteByHost, normalizeHost, type Site } from '../../d1/repositories/sites';
import { cacheIndex } from '../../queues/cache/purge';
import { cacheTag } from '../../queues/cache/tags';
import type { AppEnv } from '../app';
import { keepAlive } from '../http/keep-alive';

const MAX_SITES = 500;
const STAMP_SECONDS = 24 * 60 * 60;
const VERSION = 'x-lede-site-version';

const sites = new Map<string, Site>();

/** Under the site's own host: the Cache API keeps entries per zone. `/__` paths never reach the reader. */
const stampKey = (site: Site) => `https://${site.host}/__lede/site-stamp`;
const versionOf = (site: Site) => String(site.updatedAt.getTime());

async function putStamp(env: Env, site: Site, readStartedAt: number): Promise<void> {
  const key = stampKey(site);
  const headers = { [VERSION]: versionOf(site), 'cache-control': `public, max-age=${STAMP_SECONDS}` };
  await caches.default.put(key, new Response(null, { headers }));
  const recorded = await cacheIndex(env, site.id).record({
    url: key,
    tags: [cacheTag.site(site.id)],
    expiresAt: Date.now() + STAMP_SECONDS * 1000,
    renderStartedAt: readStartedAt,
  });
  if (!recorded) await caches.default.delete(key);
}

function remember(host: string, site: Site): void {
  sites.delete(host);
  sites.set(host, site);
  // A Map iterates in insertion order: the first key is the least recently used.
  if (sites.size > MAX_SITES) sites.delete(sites.keys().next().value!);
}

/** The site a reader's request names, from this isolate when the location's stamp vouches for it. */
export async function readerSite(c: Context<AppEnv>, db: Database, rawHost: string): Promise<Site | undefined> {
  const host = normalizeHost(rawHost);
  const known = sites.get(host);
  const stamp = known ? await caches.default.match(stampKey(known)) : undefined;
  if (known && stamp?.headers.get(VERSION) === versionOf(known)) {
    remember(host, known);
    return known;
  }
  const startedAt = Date.now();
  const site = await findSiteByHost(db, host);
  if (!site) {
    sites.delete(host);
    return undefined;
  }
  remember(host, site);
  // A stamp of another version stays: it was set from D1 too, and the purge that follows any change removes it.
  if (!stamp) {
    const storing = putStamp(c.env, site, startedAt).catch((error: unknown) =>
      console.error(JSON.stringify({ level: 'error', msg: 'site stamp not stored', error: String(error) })),
    );
    keepAlive(c, storing);
  }
  return site;
}

/** Forgets every site this isolate holds (tests). */
export function forgetSites(): void {
  sites.clear();
}
