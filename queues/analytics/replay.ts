// Rebuilding the analytics of a site from its event store. The model is folded in memory from every event up to a
// snapshot and swapped in by one batch, together with the consumer's dedupe rows. Events after the snapshot (ones
// recorded or consumed while the replay ran) are sent to the Queue again: their dedupe rows went with the swap, so
// the consumer applies each of them once more on top of the rebuilt model, and nothing is counted twice or lost.
import type { Database } from '../../d1/db';
import { type CounterDelta, replaceSiteAnalytics, type TimelineFact } from '../../d1/repositories/analytics';
import { eventsBetween, lastSeq } from '../../d1/repositories/events';
import { DomainEvent } from '../events/catalog';
import { rowEvent } from '../events/build';
import { relayEvents } from '../events/relay';
import { analyticsConsumer } from './consumer';
import { contributionOf } from './contributions';

const PAGE = 500;

export interface ReplayResult {
  events: number;
  applied: number;
  resent: number;
}

export async function replayAnalytics(db: Database, queue: Queue, siteId: string, now: Date): Promise<ReplayResult> {
  const upto = await lastSeq(db, siteId);
  const counters = new Map<string, CounterDelta>();
  const timeline = new Map<string, TimelineFact>();
  const applied: string[] = [];
  let seen = 0;
  for (let after = 0; after < upto;) {
    const rows = await eventsBetween(db, siteId, after, upto, PAGE);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.seq;
    for (const row of rows) {
      seen++;
      // A stored event that no longer parses is skipped, as the consumer would have dead-lettered it.
      const parsed = DomainEvent.safeParse(rowEvent(row));
      if (!parsed.success) continue;
      const contribution = contributionOf(parsed.data);
      if (contribution.counters.length + contribution.timeline.length === 0) continue;
      applied.push(row.id);
      for (const c of contribution.counters) {
        const key = [c.metric, c.dimension, c.dimensionId, c.day].join('\u0000');
        const current = counters.get(key);
        if (current) current.value += c.value;
        else counters.set(key, { ...c });
      }
      for (const t of contribution.timeline) {
        const current = timeline.get(t.postId) ?? { siteId, postId: t.postId };
        if (t.submittedAt && (!current.submittedAt || t.submittedAt < current.submittedAt)) {
          current.submittedAt = t.submittedAt;
        }
        if (t.publishedAt && (!current.publishedAt || t.publishedAt < current.publishedAt)) {
          current.publishedAt = t.publishedAt;
        }
        timeline.set(t.postId, current);
      }
    }
  }
  const statements = replaceSiteAnalytics(
    db,
    siteId,
    analyticsConsumer.name,
    { counters: [...counters.values()], timeline: [...timeline.values()], eventIds: applied },
    now,
  );
  await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
  const later = await eventsBetween(db, siteId, upto, Number.MAX_SAFE_INTEGER, 10_000);
  const resent = later.length > 0 ? await relayEvents(queue, db, later, now) : 0;
  return { events: seen, applied: applied.length, resent };
}
