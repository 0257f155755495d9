// The outbox of one request: its events carry the request id as their correlation id and are relayed to the Queue
// after the response, in waitUntil.
import type { Context } from 'hono';
import { createOutbox, type Outbox } from '../../queues/events/relay';
import type { AppEnv } from '../app';
import { keepAlive } from '../http/keep-alive';

export function requestOutbox(c: Context<AppEnv>): Outbox {
  // Without an execution context (a unit test) a relay cut short is left to the sweeper.
  const outbox = createOutbox(c.env.EVENTS, c.var.db, (p) => keepAlive(c, p), c.var.requestId);
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
