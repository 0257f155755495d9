// The Worker entry: wires the Admin API, the Content API, the API docs and the published sites into one app.
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { adminApi } from './admin-api';
import { createApp } from './app';
import { contentApi, ghostContentApi } from './content-api';
import { BENCH_FLOOR_PATH, benchFloor } from './http/bench-floor';
import { edgeCache } from './cache/edge-cache';
import { handleError } from './http/errors';
import { notFound, Problem } from './http/problem';
import { apiSecurityHeaders, baseSecurityHeaders } from './http/security-headers';
import { mediaDelivery } from './media/delivery';
import { isMediaUpload } from './media/routes';
import { database } from './middleware/site';
import { mountApiDocs } from './openapi/docs';
import { siteApp } from './site/routes';
import { openDatabase } from '../d1/db';
import { handleQueue } from '../queues/handler';
import { sweepOutbox } from '../queues/events/relay';

export { PublishScheduler } from '../durable-objects/publish-scheduler';
export { PostRoom } from '../durable-objects/post-room/room';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { EdgeCacheIndex } from '../durable-objects/edge-cache-index';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const app = createApp();

// Benchmark-only constant answer (bench/): first, so it measures the runtime and the router and nothing of Lede's;
// without its dev-only variable it passes the request on and the site answers this path.
app.get(BENCH_FLOOR_PATH, benchFloor);
app.use('*', requestId());
// Security headers on every response; the APIs' own policy allows nothing (workers/http/security-headers.ts).
app.use('*', baseSecurityHeaders);
app.use('/api/*', apiSecurityHeaders);
app.use('/ghost/api/*', apiSecurityHeaders);
const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new Problem(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  },
});
// Media uploads stream to R2 under their own per-file limit and site quota (workers/media); every other body is capped.
app.use('/api/*', (c, next) => (isMediaUpload(c.req.method, c.req.path) ? next() : apiBodyLimit(c, next)));
// Readers' pages and Content API answers come from the edge cache when they can: ahead of the database and the
// site lookup, so a hit touches neither (workers/cache/edge-cache.ts).
app.use('*', edgeCache);
app.use('*', database);
app.onError(handleError);

app.route('/api/v1/admin', adminApi);
// Content API mount point (see workers/content-api).
app.route('/api/v1/content', contentApi);
app.route('/ghost/api/content', ghostContentApi);
mountApiDocs(app);
app.all('/api/*', () => {
  throw notFound('API route');
});
// Public media delivery on each site's host; above the site so its catch-all never sees /media/{id}/… paths.
app.route('/media', mediaDelivery);
// Published site mount point (see workers/site); it answers every path the APIs do not.
app.route('/', siteApp);

export default {
  fetch: app.fetch,
  // Domain events: the consumers and the dead-letter recorder (queues/handler.ts).
  queue: (batch, env) => handleQueue(batch, env),
  // The outbox sweeper: re-sends events whose request failed to hand them to the Queue.
  scheduled: (_controller, env, ctx) => ctx.waitUntil(sweepOutbox(env.EVENTS, openDatabase(env.DB))),
} satisfies ExportedHandler<Env>;
