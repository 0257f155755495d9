// The event store and outbox (table `events`). Rows arrive already built and validated by the event catalog
// (queues/events/catalog.ts); this layer only writes them inside a caller's batch, stamps them sent, and reads them.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db';
import { deadLetters, events } from '../schema';

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = Omit<typeof events.$inferInsert, 'seq' | 'sentAt'>;
export type DeadLetterRow = typeof deadLetters.$inferSelect;

/** Insert statements for a caller's batch: the events commit or vanish together with the change they describe. */
export function eventInserts(db: Database, rows: readonly NewEventRow[]) {
  return rows.map((row) => db.insert(events).values(row));
}

/**
 * Insert statements that write each event only while a row of `guard.table` matches `guard.where` (the event is
 * copied from a SELECT of that row). They go ahead of a delete in the same batch, so a delete that finds nothing (a
 * concurrent delete won) records no event.
 */
export function guardedEventInserts(
  db: Database,
  rows: readonly NewEventRow[],
  guard: { table: AnySQLiteTable; where: SQL | undefined },
) {
  const value = (v: unknown, column: string) => sql`${v}`.as(column);
  return rows.map((row) =>
    db.insert(events).select(
      db
        // Every column, in the table's order (drizzle requires it); a NULL seq takes the next rowid.
        .select({
          seq: value(null, 'seq'),
          id: value(row.id, 'id'),
          siteId: value(row.siteId, 'site_id'),
          type: value(row.type, 'type'),
          version: value(row.version, 'version'),
          aggregateType: value(row.aggregateType, 'aggregate_type'),
          aggregateId: value(row.aggregateId, 'aggregate_id'),
          aggregateVersion: value(row.aggregateVersion, 'aggregate_version'),
          actorType: value(row.actorType, 'actor_type'),
          actorId: value(row.actorId, 'actor_id'),
          occurredAt: value(row.occurredAt.getTime(), 'occurred_at'),
          correlationId: value(row.correlationId, 'correlation_id'),
          causationId: value(row.causationId ?? null, 'causation_id'),
          payload: value(JSON.stringify(row.payload), 'payload'),
          sentAt: value(null, 'sent_at'),
        })
        .from(guard.table)
        .where(guard.where)
        .limit(1),
    ),
  );
}

/**
 * Deletes what `where` matches in `table` and writes `events` in the same batch, only if there was a row to delete.
 * True when a row was deleted.
 */
export async function deleteWithEvents(
  db: Database,
  table: AnySQLiteTable,
  where: SQL | undefined,
  events: readonly NewEventRow[],
): Promise<boolean> {
  // The events go first: once the row is gone their guard would find nothing.
  const statements = [...guardedEventInserts(db, events, { table, where }), db.delete(table).where(where).returning()];
  const results = await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
  return (results[results.length - 1] as unknown[]).length > 0;
}

/** Stamps events as handed to the Queue (only ones not yet stamped, so the first send time is kept). */
export async function markSent(db: Database, ids: readonly string[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) {
    await db
      .update(events)
      .set({ sentAt: now })
      .where(and(inArray(events.id, ids.slice(i, i + 90)), isNull(events.sentAt)));
  }
}

/** Events still waiting for the Queue that occurred before `before`, oldest first. */
export async function unsentEvents(db: Database, before: Date, limit: number): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(isNull(events.sentAt), lte(events.occurredAt, before)))
    .orderBy(asc(events.seq))
    .limit(limit)
    .all();
}

export interface EventQuery {
  aggregateType?: string;
  aggregateId?: string;
  type?: string;
  from?: Date;
  to?: Date;
  correlationId?: string;
}

function queryWhere(siteId: string, q: EventQuery) {
  return and(
    eq(events.siteId, siteId),
    q.aggregateType ? eq(events.aggregateType, q.aggregateType) : undefined,
    q.aggregateId ? eq(events.aggregateId, q.aggregateId) : undefined,
    q.type ? eq(events.type, q.type) : undefined,
    q.from ? gte(events.occurredAt, q.from) : undefined,
    q.to ? lt(events.occurredAt, q.to) : undefined,
    q.correlationId ? eq(events.correlationId, q.correlationId) : undefined,
  );
}

/** One page of a site's events, in the order they were recorded. */
export async function queryEvents(
  db: Database,
  siteId: string,
  q: EventQuery,
  page: { limit: number; offset: number; newestFirst: boolean },
): Promise<{ rows: EventRow[]; total: number }> {
  const where = queryWhere(siteId, q);
  const [rows, totals] = await db.batch([
    db
      .select()
      .from(events)
      .where(where)
      .orderBy(page.newestFirst ? desc(events.seq) : asc(events.seq))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(events).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function findEvent(db: Database, siteId: string, id: string): Promise<EventRow | undefined> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.siteId, siteId), eq(events.id, id)))
    .get();
}

/** The highest sequence number a site's store holds right now (0 when empty). */
export async function lastSeq(db: Database, siteId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number | null>`max(${events.seq})` })
    .from(events)
    .where(eq(events.siteId, siteId))
    .get();
  return row?.n ?? 0;
}

/** A site's events with seq in (afterSeq, uptoSeq], in order: the input of a projection replay. */
export async function eventsBetween(
  db: Database,
  siteId: string,
  afterSeq: number,
  uptoSeq: number,
  limit: number,
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.siteId, siteId), sql`${events.seq} > ${afterSeq}`, lte(events.seq, uptoSeq)))
    .orderBy(asc(events.seq))
    .limit(limit)
    .all();
}

/** Records a dead letter once per dead-letter message id. */
export async function recordDeadLetter(db: Database, row: DeadLetterRow): Promise<void> {
  await db.insert(deadLetters).values(row).onConflictDoNothing();
}

export async function listDeadLetters(
  db: Database,
  siteId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: DeadLetterRow[]; total: number }> {
  const where = eq(deadLetters.siteId, siteId);
  const [rows, totals] = await db.batch([
    db
      .select()
      .from(deadLetters)
      .where(where)
      .orderBy(desc(deadLetters.receivedAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(deadLetters).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}
