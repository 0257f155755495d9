// Before a write's response leaves, the edge cache of this location is purged of everything the request's events
// change, so the person who published (and every reader here) sees the new page on the next request. The events
// consumer purges again from the Queue, which reaches other locations through the Cloudflare API where configured.
import { createMiddleware } from 'hono/factory';
import { purgeForEvents } from '../../queues/cache/purge';
import { DomainEvent } from '../../queues/events/catalog';
import { rowEvent } from '../../queues/events/build';
import type { AppEnv } from '../app';

export const purgeCommitted = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const rows = c.get('committedEvents');
  if (!rows || rows.length === 0) return;
  const events = rows.map((row) => DomainEvent.parse(rowEvent(row)));
  try {
    await purgeForEvents(c.env, c.var.db, events);
  } catch (error) {
    // The change is committed; the consumer's purge retries from the Queue.
    console.error(JSON.stringify({ level: 'error', msg: 'purge after write failed', error: String(error) }));
  }
});
