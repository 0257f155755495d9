// What every request meets before any route, in every entry app (workers/index.ts): the benchmark floor, the edge
// cache, the request id, security headers, the body limit and the database handle.
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { App } from '../app';
import { edgeCache } from '../cache/edge-cache';
import { isMediaUpload } from '../media/upload-paths';
import { database } from '../middleware/site';
import {
  BENCH_CACHE_FLOOR_PATH,
  BENCH_D1_FLOOR_PATH,
  BENCH_FLOOR_PATH,
  benchCacheFloor,
  benchD1Floor,
  benchFloor,
} from './bench-floor';
import { handleError } from './errors';
import { Problem } from './problem';
import { apiSecurityHeaders, baseSecurityHeaders } from './security-headers';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new Problem(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  },
});

export function withFront(app: App): App {
  // Benchmark-only constant answer (bench/): first, so it measures the runtime and the router and nothing of
  // Lede's; without its dev-only variable it passes the request on and the site answers this path.
  app.get(BENCH_FLOOR_PATH, benchFloor);
  app.get(BENCH_CACHE_FLOOR_PATH, benchCacheFloor);
  app.get(BENCH_D1_FLOOR_PATH, benchD1Floor);
  // Readers' pages and Content API answers come from the edge cache when they can, ahead of everything else: a hit
  // was stored with its security headers and needs no database, site lookup or rendering (workers/cache).
  app.use('*', edgeCache);
  app.use('*', requestId());
  // Security headers on every response; the APIs' own policy allows nothing (workers/http/security-headers.ts).
  app.use('*', baseSecurityHeaders);
  app.use('/api/*', apiSecurityHeaders);
  app.use('/ghost/api/*', apiSecurityHeaders);
  // Media uploads stream to R2 under their own per-file limit and site quota (workers/media); other bodies are capped.
  app.use('/api/*', (c, next) => (isMediaUpload(c.req.method, c.req.path) ? next() : apiBodyLimit(c, next)));
  app.use('*', database);
  app.onError(handleError);
  return app;
}
