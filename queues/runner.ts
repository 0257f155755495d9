// Runs one consumer on one event exactly once in effect: delivery is at least once and in any order, so a consumer
// first looks for its dedupe row, then writes the row and its side effect in one batch. Two deliveries racing each
// other both pass the look; the second batch fails on the dedupe row's primary key and writes nothing.
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../d1/db';
import { isDuplicateMark, isProcessed, markProcessed } from '../d1/repositories/processed-events';
import type { DomainEvent } from './events/catalog';

export type Statement = BatchItem<'sqlite'>;

export interface Consumer {
  /** Its name in processed_events; never rename one (its events would all apply again). */
  name: string;
  /** The statements that apply the event (none for an event it ignores). Reads are allowed; writes go in here. */
  apply: (db: Database, event: DomainEvent, now: Date) => Promise<Statement[]>;
}

export type Outcome = 'applied' | 'duplicate' | 'ignored';

export async function runConsumer(db: Database, consumer: Consumer, event: DomainEvent, now: Date): Promise<Outcome> {
  if (await isProcessed(db, consumer.name, event.id)) return 'duplicate';
  const statements = await consumer.apply(db, event, now);
  if (statements.length === 0) return 'ignored';
  try {
    await db.batch([markProcessed(db, consumer.name, { id: event.id, siteId: event.site_id }, now), ...statements]);
    return 'applied';
  } catch (error) {
    if (isDuplicateMark(error)) return 'duplicate';
    throw error;
  }
}
