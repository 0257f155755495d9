// Consumer dedupe: a (consumer, event) row is written in the same batch as the consumer's side effect.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { processedEvents } from '../schema';

export async function isProcessed(db: Database, consumer: string, eventId: string): Promise<boolean> {
  const row = await db
    .select({ id: processedEvents.eventId })
    .from(processedEvents)
    .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId)))
    .get();
  return row !== undefined;
}

/** A plain insert: if another delivery of the event got there first, it fails and rolls the whole batch back. */
export function markProcessed(db: Database, consumer: string, event: { id: string; siteId: string }, now: Date) {
  return db.insert(processedEvents).values({ consumer, eventId: event.id, siteId: event.siteId, processedAt: now });
}

export function isDuplicateMark(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  return /UNIQUE constraint failed: processed_events/.test(text);
}
