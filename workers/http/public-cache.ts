// Every public response (site pages, feeds, Content API) carries an explicit Cache-Control and a strong ETag,
// and answers 304 to a matching If-None-Match. Routes may set their own Cache-Control; this is the default.
import { createMiddleware } from 'hono/factory';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import type { AppEnv } from '../app';

/** Browsers revalidate after a minute; shared caches keep five, and may serve stale while they refetch. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400';

const withEtag = etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'cache-control'] });

export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  await withEtag(c, async () => {
    await next();
    if (!c.res.headers.has('cache-control')) {
      // Errors are cached briefly so a burst for a missing page does not reach D1, but never for long.
      c.header('cache-control', c.res.status >= 400 ? 'public, max-age=30' : PUBLIC_CACHE_CONTROL);
    }
  });
});
