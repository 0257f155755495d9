// The relay: hands committed outbox rows to the Queue and stamps them sent. It runs right after the batch that
// wrote them (in waitUntil, so the response does not wait), and the sweeper runs it again for anything left unsent.
// A send that fails leaves the rows unsent for the sweeper; a send that succeeds but is not stamped is sent again
// later, which the consumers' dedupe absorbs. Either way no event is lost.
import type { Database } from '../../d1/db';
import { type EventRow, markSent, type NewEventRow, unsentEvents } from '../../d1/repositories/events';
import { rowEvent } from './build';

/** The Queue's per-call limit on sendBatch. */
const SEND_BATCH = 100;

/** Sends committed events to the Queue and stamps them; returns how many were sent. Never throws. */
export async function relayEvents(
  queue: Queue,
  db: Database,
  rows: readonly (EventRow | NewEventRow)[],
  now = new Date(),
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < rows.length; i += SEND_BATCH) {
    const chunk = rows.slice(i, i + SEND_BATCH);
    try {
      await queue.sendBatch(chunk.map((row) => ({ body: rowEvent(row), contentType: 'json' as const })));
      sent += chunk.length;
      await markSent(
        db,
        chunk.map((r) => r.id),
        now,
      );
    } catch (error) {
      // Left unsent: the sweeper sends it again.
      console.error(
        JSON.stringify({ level: 'error', msg: 'event relay failed', events: chunk.length, error: String(error) }),
      );
      return sent;
    }
  }
  return sent;
}

/** Events younger than this are left to the relay of the request that wrote them. */
export const SWEEP_GRACE_MS = 30_000;

/** Re-sends every unsent event older than the grace period, in pages; returns how many were sent. */
export async function sweepOutbox(
  queue: Queue,
  db: Database,
  now = new Date(),
  options: { graceMs?: number; pageSize?: number; maxPages?: number } = {},
): Promise<number> {
  const before = new Date(now.getTime() - (options.graceMs ?? SWEEP_GRACE_MS));
  let total = 0;
  for (let page = 0; page < (options.maxPages ?? 20); page++) {
    const rows = await unsentEvents(db, before, options.pageSize ?? 500);
    if (rows.length === 0) break;
    const sent = await relayEvents(queue, db, rows, now);
    total += sent;
    if (sent < rows.length) break;
  }
  return total;
}

/**
 * The outbox as a producer sees it: which trace its events carry, and how committed rows reach the Queue without
 * delaying the caller.
 */
export interface Outbox {
  correlationId: string;
  /** Call after the batch that wrote `rows` committed. */
  committed: (rows: readonly NewEventRow[]) => void;
}

export function createOutbox(
  queue: Queue,
  db: Database,
  waitUntil: (promise: Promise<unknown>) => void,
  correlationId: string,
): Outbox {
  return {
    correlationId,
    committed: (rows) => {
      if (rows.length > 0) waitUntil(relayEvents(queue, db, rows));
    },
  };
}
