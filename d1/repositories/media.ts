// The media library and multipart uploads in progress. Every query is scoped by site.
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db';
import { deleteWithEvents, eventInserts, guardedEventInserts, type NewEventRow } from './events';
import { media, type MediaKind, mediaUploadParts, mediaUploads, posts } from '../schema';

export type MediaRow = typeof media.$inferSelect;
export type MediaUploadRow = typeof mediaUploads.$inferSelect;

export interface MediaFilter {
  kind?: MediaKind;
  from?: Date;
  to?: Date;
  /** Matched case-insensitively against the filename and the alt text. */
  search?: string;
}

function filterWhere(siteId: string, filter: MediaFilter): SQL | undefined {
  const needle = filter.search?.toLowerCase();
  return and(
    eq(media.siteId, siteId),
    filter.kind ? eq(media.kind, filter.kind) : undefined,
    filter.from ? gte(media.createdAt, filter.from) : undefined,
    filter.to ? lt(media.createdAt, filter.to) : undefined,
    // instr(), not LIKE: no wildcard escaping, and D1 refuses LIKE patterns over 50 bytes.
    needle
      ? or(
          sql`instr(lower(${media.name}), ${needle}) > 0`,
          sql`instr(lower(coalesce(${media.alt}, '')), ${needle}) > 0`,
        )
      : undefined,
  );
}

export async function listMedia(
  db: Database,
  siteId: string,
  filter: MediaFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: MediaRow[]; total: number }> {
  const where = filterWhere(siteId, filter);
  const [rows, totals] = await db.batch([
    db
      .select()
      .from(media)
      .where(where)
      .orderBy(desc(media.createdAt), asc(media.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(media).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function findMedia(db: Database, siteId: string, id: string): Promise<MediaRow | undefined> {
  return db
    .select()
    .from(media)
    .where(and(eq(media.siteId, siteId), eq(media.id, id)))
    .get();
}

/** The site's files among `ids` (other sites' ids find nothing); ids beyond D1's bound-parameter cap are batched. */
export async function findMediaByIds(db: Database, siteId: string, ids: readonly string[]): Promise<MediaRow[]> {
  const rows: MediaRow[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    rows.push(
      ...(await db
        .select()
        .from(media)
        .where(and(eq(media.siteId, siteId), inArray(media.id, chunk)))
        .all()),
    );
  }
  return rows;
}

/** Adds a file to the library, with its domain events in the same batch. */
export async function insertMedia(
  db: Database,
  row: typeof media.$inferInsert,
  events: readonly NewEventRow[] = [],
): Promise<MediaRow> {
  const [inserted] = await db.batch([db.insert(media).values(row).returning(), ...eventInserts(db, events)]);
  return inserted[0]!;
}

export async function updateMedia(
  db: Database,
  siteId: string,
  id: string,
  set: Partial<typeof media.$inferInsert>,
  events: readonly NewEventRow[] = [],
): Promise<MediaRow | undefined> {
  const update = db
    .update(media)
    .set(set)
    .where(and(eq(media.siteId, siteId), eq(media.id, id)))
    .returning();
  if (events.length === 0) return (await update)[0];
  // The events are written only if the file is still there to be changed.
  const [rows] = await db.batch([
    update,
    ...guardedEventInserts(db, events, { table: media, where: and(eq(media.siteId, siteId), eq(media.id, id)) }),
  ]);
  return rows[0];
}

/** Deletes a file's row; returns whether it was there. Its events are written only if it was. */
export async function deleteMedia(
  db: Database,
  siteId: string,
  id: string,
  events: readonly NewEventRow[] = [],
): Promise<boolean> {
  return deleteWithEvents(db, media, and(eq(media.siteId, siteId), eq(media.id, id)), events);
}

/** Bytes a site holds: stored files plus parts of uploads still in progress (so parallel uploads cannot overshoot). */
export async function siteMediaBytes(db: Database, siteId: string): Promise<number> {
  const [stored, pending] = await db.batch([
    db
      .select({ n: sql<number>`coalesce(sum(${media.size}), 0)` })
      .from(media)
      .where(eq(media.siteId, siteId)),
    db
      .select({ n: sql<number>`coalesce(sum(${mediaUploadParts.size}), 0)` })
      .from(mediaUploadParts)
      .innerJoin(mediaUploads, eq(mediaUploads.id, mediaUploadParts.uploadId))
      .where(eq(mediaUploads.siteId, siteId)),
  ]);
  return Number(stored[0]?.n ?? 0) + Number(pending[0]?.n ?? 0);
}

/** Posts and pages whose feature, social images or Markdown contain `needle` (a file's URL path). */
export async function postsReferencing(db: Database, siteId: string, needle: string) {
  const contains = (column: SQL | typeof posts.markdown) => sql`instr(coalesce(${column}, ''), ${needle}) > 0`;
  return db
    .select({ id: posts.id, type: posts.type, slug: posts.slug, title: posts.title, status: posts.status })
    .from(posts)
    .where(
      and(
        eq(posts.siteId, siteId),
        or(
          contains(sql`${posts.featureImage}`),
          contains(sql`${posts.ogImage}`),
          contains(sql`${posts.twitterImage}`),
          contains(posts.markdown),
        ),
      ),
    )
    .orderBy(asc(posts.createdAt))
    .all();
}

export async function insertUpload(db: Database, row: typeof mediaUploads.$inferInsert): Promise<void> {
  await db.insert(mediaUploads).values(row);
}

export async function findUpload(db: Database, siteId: string, id: string): Promise<MediaUploadRow | undefined> {
  return db
    .select()
    .from(mediaUploads)
    .where(and(eq(mediaUploads.siteId, siteId), eq(mediaUploads.id, id)))
    .get();
}

export async function setUploadType(
  db: Database,
  id: string,
  type: { contentType: string; kind: MediaKind },
): Promise<void> {
  await db.update(mediaUploads).set(type).where(eq(mediaUploads.id, id));
}

/** Records a part; re-sending a part number replaces it, as R2 does. */
export async function recordPart(
  db: Database,
  part: { uploadId: string; partNumber: number; size: number; etag: string },
): Promise<void> {
  await db
    .insert(mediaUploadParts)
    .values(part)
    .onConflictDoUpdate({
      target: [mediaUploadParts.uploadId, mediaUploadParts.partNumber],
      set: { size: part.size, etag: part.etag },
    });
}

export async function listParts(db: Database, uploadId: string) {
  return db
    .select()
    .from(mediaUploadParts)
    .where(eq(mediaUploadParts.uploadId, uploadId))
    .orderBy(asc(mediaUploadParts.partNumber))
    .all();
}

/** Finishes an upload: the library row appears and the upload (with its parts) goes, in one batch. */
export async function completeUploadRows(
  db: Database,
  uploadId: string,
  row: typeof media.$inferInsert,
  events: readonly NewEventRow[] = [],
): Promise<MediaRow> {
  const [inserted] = await db.batch([
    db.insert(media).values(row).returning(),
    db.delete(mediaUploads).where(eq(mediaUploads.id, uploadId)),
    ...eventInserts(db, events),
  ]);
  return inserted[0]!;
}

export async function deleteUpload(db: Database, uploadId: string): Promise<void> {
  await db.delete(mediaUploads).where(eq(mediaUploads.id, uploadId));
}

/** A site's uploads started before `before`, oldest first: abandoned, and due for cleanup. */
export async function staleUploads(db: Database, siteId: string, before: Date, limit = 10): Promise<MediaUploadRow[]> {
  return db
    .select()
    .from(mediaUploads)
    .where(and(eq(mediaUploads.siteId, siteId), lt(mediaUploads.createdAt, before)))
    .orderBy(asc(mediaUploads.createdAt))
    .limit(limit)
    .all();
}
