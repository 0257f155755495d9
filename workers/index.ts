// The Worker entry: wires the Admin API, the Content API, the API docs and the published sites into one app.
import { adminApi } from './admin-api';
import { createApp } from './app';
import { answerFromCache } from './cache/edge-cache';
import { contentApi, ghostContentApi } from './content-api';
import { withFront } from './http/front';
import { notFound } from './http/problem';
import { mediaDelivery } from './media/delivery';
import { membersApi } from './members-api';
import { mountApiDocs } from './openapi/docs';
import { siteApp } from './site/routes';
import { openDatabase } from '../d1/db';
import { handleQueue } from '../queues/handler';
import { sweepOutbox } from '../queues/events/relay';

export { PublishScheduler } from '../durable-objects/publish-scheduler';
export { PostRoom } from '../durable-objects/post-room/room';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { EdgeCacheIndex } from '../durable-objects/edge-cache-index';

/** Every route: the Admin, Members and Content APIs, the API docs, media and the published site. */
export const app = withFront(createApp());

app.route('/api/v1/admin', adminApi);
// Readers signing up and in (workers/identity/member-routes.ts).
app.route('/api/v1/members', membersApi);
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
  fetch: async (request, env, ctx) =>
    // The edge cache first, like a CDN in front of the app; a failed lookup leaves the answer to the app.
    (await answerFromCache(request, env).catch(() => undefined)) ?? app.fetch(request, env, ctx),
  // Domain events: the consumers and the dead-letter recorder (queues/handler.ts).
  queue: (batch, env) => handleQueue(batch, env),
  // The outbox sweeper: re-sends events whose request failed to hand them to the Queue.
  scheduled: (_controller, env, ctx) => ctx.waitUntil(sweepOutbox(env.EVENTS, openDatabase(env.DB))),
} satisfies ExportedHandler<Env>;
