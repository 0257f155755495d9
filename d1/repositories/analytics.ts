// Analytics read models: daily counters by dimension, and each post's submitted/published times.
import { and, asc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { analyticsDaily, analyticsPostTimeline, memberships, processedEvents, tags, users } from '../schema';

export interface CounterDelta {
  siteId: string;
  day: string;
  metric: string;
  dimension: string;
  dimensionId: string;
  value: number;
}

export interface TimelineFact {
  siteId: string;
  postId: string;
  submittedAt?: Date;
  publishedAt?: Date;
}

/** Adds to a counter, creating it at zero. */
export function addToCounter(db: Database, delta: CounterDelta) {
  return db
    .insert(analyticsDaily)
    .values(delta)
    .onConflictDoUpdate({
      target: [
        analyticsDaily.siteId,
        analyticsDaily.metric,
        analyticsDaily.dimension,
        analyticsDaily.dimensionId,
        analyticsDaily.day,
      ],
      set: { value: sql`${analyticsDaily.value} + excluded.value` },
    });
}

/** Records a timeline fact, keeping the earliest time of each kind (so the order events arrive in does not matter). */
export function recordTimeline(db: Database, fact: TimelineFact) {
  const earliest = (column: SQL, excluded: string) =>
    sql`min(coalesce(${column}, excluded.${sql.raw(excluded)}), coalesce(excluded.${sql.raw(excluded)}, ${column}))`;
  return db
    .insert(analyticsPostTimeline)
    .values({
      siteId: fact.siteId,
      postId: fact.postId,
      submittedAt: fact.submittedAt ?? null,
      publishedAt: fact.publishedAt ?? null,
    })
    .onConflictDoUpdate({
      target: [analyticsPostTimeline.siteId, analyticsPostTimeline.postId],
      set: {
        submittedAt: earliest(sql`${analyticsPostTimeline.submittedAt}`, 'submitted_at'),
        publishedAt: earliest(sql`${analyticsPostTimeline.publishedAt}`, 'published_at'),
      },
    });
}

/**
 * Statements that replace a site's analytics with a rebuilt model: the read models and the consumer's dedupe rows
 * for the site go, the rebuilt rows and a dedupe row per applied event come in. Chunked to D1's 100 bound parameters.
 */
export function replaceSiteAnalytics(
  db: Database,
  siteId: string,
  consumer: string,
  model: { counters: CounterDelta[]; timeline: TimelineFact[]; eventIds: string[] },
  now: Date,
) {
  const chunks = <T>(rows: T[], size: number) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  return [
    db.delete(analyticsDaily).where(eq(analyticsDaily.siteId, siteId)),
    db.delete(analyticsPostTimeline).where(eq(analyticsPostTimeline.siteId, siteId)),
    db.delete(processedEvents).where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.siteId, siteId))),
    ...chunks(model.counters, 16).map((rows) => db.insert(analyticsDaily).values(rows)),
    ...chunks(model.timeline, 25).map((rows) =>
      db
        .insert(analyticsPostTimeline)
        .values(rows.map((r) => ({ ...r, submittedAt: r.submittedAt ?? null, publishedAt: r.publishedAt ?? null }))),
    ),
    ...chunks(model.eventIds, 25).map((ids) =>
      db.insert(processedEvents).values(ids.map((eventId) => ({ consumer, eventId, siteId, processedAt: now }))),
    ),
  ];
}

/** A site's counters for days in [from, to] (YYYY-MM-DD, inclusive). */
export async function countersBetween(db: Database, siteId: string, from: string, to: string) {
  return db
    .select()
    .from(analyticsDaily)
    .where(and(eq(analyticsDaily.siteId, siteId), gte(analyticsDaily.day, from), lte(analyticsDaily.day, to)))
    .orderBy(asc(analyticsDaily.day))
    .all();
}

/** Posts first published in [from, to) that had been submitted for review before. */
export async function reviewedPublications(db: Database, siteId: string, from: Date, to: Date) {
  return db
    .select()
    .from(analyticsPostTimeline)
    .where(
      and(
        eq(analyticsPostTimeline.siteId, siteId),
        gte(analyticsPostTimeline.publishedAt, from),
        lt(analyticsPostTimeline.publishedAt, to),
        sql`${analyticsPostTimeline.submittedAt} IS NOT NULL`,
      ),
    )
    .all();
}

/** Every analytics row of a site, in a stable order (to compare a rebuilt model with the incremental one). */
export async function siteAnalytics(db: Database, siteId: string) {
  const [counters, timeline] = await db.batch([
    db
      .select()
      .from(analyticsDaily)
      .where(eq(analyticsDaily.siteId, siteId))
      .orderBy(
        asc(analyticsDaily.metric),
        asc(analyticsDaily.dimension),
        asc(analyticsDaily.dimensionId),
        asc(analyticsDaily.day),
      ),
    db
      .select()
      .from(analyticsPostTimeline)
      .where(eq(analyticsPostTimeline.siteId, siteId))
      .orderBy(asc(analyticsPostTimeline.postId)),
  ]);
  return { counters, timeline };
}

/** Names for the ids a report mentions: staff names and tag names of the site (ids of another site find nothing). */
export async function labelsFor(db: Database, siteId: string, userIds: string[], tagIds: string[]) {
  const people = new Map<string, string>();
  const tagLabels = new Map<string, { id: string; name: string; slug: string }>();
  for (let i = 0; i < userIds.length; i += 90) {
    const rows = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.siteId, siteId)))
      .where(inArray(users.id, userIds.slice(i, i + 90)))
      .all();
    for (const r of rows) people.set(r.id, r.name);
  }
  for (let i = 0; i < tagIds.length; i += 90) {
    const rows = await db
      .select({ id: tags.id, name: tags.name, slug: tags.slug })
      .from(tags)
      .where(and(eq(tags.siteId, siteId), inArray(tags.id, tagIds.slice(i, i + 90))))
      .all();
    for (const t of rows) tagLabels.set(t.id, t);
  }
  return { people, tags: tagLabels };
}
