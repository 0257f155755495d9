// The outbox of one request: its events carry the request id as their correlation id and are relayed to the Queue
// after the response, in waitUntil.
import type { Context } from 'hono';
import { createOutbox, type Outbox } from '../../queues/events/relay';
import type { AppEnv } from '../app';

export function requestOutbox(c: Context<AppEnv>): Outbox {
  const keepAlive = (promise: Promise<unknown>) => {
    try {
      c.executionCtx.waitUntil(promise);
    } catch {
      // No execution context (app.request() in a unit test): the relay still runs; if it is cut short, the sweeper
      // sends what it left unsent.
    }
  };
  const outbox = createOutbox(c.env.EVENTS, c.var.db, keepAlive, c.var.requestId);
  return {
    ...outbox,
    committed: (rows) => {
      // Kept for the purge that runs before the response leaves (workers/cache/purge-committed.ts).
      let list = c.get('committedEvents');
      if (!list) c.set('committedEvents', (list = []));
      list.push(...rows);
      outbox.committed(rows);
    },
  };
}
