// The index of a post's version history; the snapshots themselves live in R2 (durable-objects/post-room/versions.ts).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { postVersions } from '../schema';

export type VersionRow = typeof postVersions.$inferSelect;
export type NewVersionRow = typeof postVersions.$inferInsert;

// Rows made in the same millisecond keep their insertion order.
const newestFirst = [desc(postVersions.createdAt), desc(sql`rowid`)] as const;

export async function listVersions(db: Database, siteId: string, postId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(postVersions)
    .where(and(eq(postVersions.siteId, siteId), eq(postVersions.postId, postId)))
    .orderBy(...newestFirst)
    .all();
}

export async function findVersion(
  db: Database,
  siteId: string,
  postId: string,
  id: string,
): Promise<VersionRow | undefined> {
  return db
    .select()
    .from(postVersions)
    .where(and(eq(postVersions.siteId, siteId), eq(postVersions.postId, postId), eq(postVersions.id, id)))
    .get();
}

export async function insertVersion(db: Database, row: NewVersionRow): Promise<VersionRow> {
  const [inserted] = await db.insert(postVersions).values(row).returning();
  return inserted!;
}

/** The automatic versions of a post past the newest `keep`: the ones to prune. */
export async function automaticVersionsBeyond(
  db: Database,
  siteId: string,
  postId: string,
  keep: number,
): Promise<VersionRow[]> {
  // A post holds at most a handful past the cap (pruning runs on every automatic save), so they are sliced here.
  const rows = await db
    .select()
    .from(postVersions)
    .where(and(eq(postVersions.siteId, siteId), eq(postVersions.postId, postId), eq(postVersions.kind, 'auto')))
    .orderBy(...newestFirst)
    .all();
  return rows.slice(keep);
}

export async function deleteVersions(db: Database, siteId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(postVersions).where(and(eq(postVersions.siteId, siteId), inArray(postVersions.id, ids)));
}
