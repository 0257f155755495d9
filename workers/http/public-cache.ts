// Every public response (site pages, feeds, Content API) carries an explicit Cache-Control and a strong ETag,
// and answers 304 to a matching If-None-Match. Routes may set their own Cache-Control; this is the default.
import { createMiddleware } from 'hono/factory';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import type { AppEnv } from '../app';

/**
 * Browsers revalidate every time (a 304 from the edge cache is cheap), so nobody keeps a page a purge replaced.
 * The edge keeps five minutes (purges make a change visible at once; the TTL only bounds what a missed purge could
 * cost), shared caches may serve stale while they refetch, and an error falls back to a copy up to a day old.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400';
/** Errors (a 404 for a slug about to be published) are never kept by anyone. */
export const REVALIDATE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** The Cache-Control of an answer whose route set none. */
export const defaultCacheControl = (response: Response) =>
  response.status >= 400 ? REVALIDATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL;

const withEtag = etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'cache-control'] });

export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  await withEtag(c, async () => {
    await next();
    if (!c.res.headers.has('cache-control')) c.header('cache-control', defaultCacheControl(c.res));
  });
});
