// The Worker entry: the readers' app answers at once; the APIs that write load with the first request for them.
import { openDatabase } from '../d1/db';
import { sweepOutbox } from '../queues/events/relay';
import { appFor } from './apps';
import { answerFromCache } from './cache/edge-cache';

export { PublishScheduler } from '../durable-objects/publish-scheduler';
export { PostRoom } from '../durable-objects/post-room';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { EdgeCacheIndex } from '../durable-objects/edge-cache-index';

export default {
  fetch: async (request, env, ctx) =>
    // The edge cache first, like a CDN in front of the app; a failed lookup leaves the answer to the app.
    (await answerFromCache(request, env).catch(() => undefined)) ?? (await appFor(request)).fetch(request, env, ctx),
  // Domain events: the consumers and the dead-letter recorder (queues/handler.ts), loaded with the first batch.
  queue: async (batch, env) => (await import('../queues/handler')).handleQueue(batch, env),
  // The outbox sweeper: re-sends events whose request failed to hand them to the Queue.
  scheduled: (_controller, env, ctx) => ctx.waitUntil(sweepOutbox(env.EVENTS, openDatabase(env.DB))),
} satisfies ExportedHandler<Env>;
