// The user.created event of a new staff account, written in the batch that creates the account.
import { eventInserts, type NewEventRow } from '../../d1/repositories/events';
import type { Database } from '../../d1/db';
import type { Role } from '../../d1/schema';
import { buildEvent, eventRow, type EventTrace } from '../../queues/events/build';

/** Accounts created outside a request (seeding, tests) are attributed to the system. */
export const SYSTEM_TRACE = (): EventTrace => ({
  actor: { type: 'system', id: 'accounts' },
  correlationId: crypto.randomUUID(),
});

export function userCreatedRow(
  trace: EventTrace,
  siteId: string,
  user: { id: string; name: string; role: Role },
  now: Date,
): NewEventRow {
  return eventRow(
    buildEvent(
      trace,
      {
        type: 'user.created',
        siteId,
        aggregate: { type: 'user', id: user.id, version: 1 },
        payload: { role: user.role, name: user.name.slice(0, 200) },
      },
      now,
    ),
  );
}

export const userCreatedInsert = (db: Database, row: NewEventRow) => eventInserts(db, [row])[0]!;
