// Tags (flat) and categories (a tree), each unique by slug within a site.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { deleteWithEvents, guardedEventInserts, type NewEventRow } from './events';
import { isLive } from './live';
import { categories, postCategories, posts, postTags, tags } from '../schema';

export type TagRow = typeof tags.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;

/** Tags with the number of their live posts (pages and posts not yet due are not counted, as on the site). */
export async function listTags(db: Database, siteId: string, now: Date): Promise<(TagRow & { postCount: number })[]> {
  const rows = await db
    .select({ tag: tags, postCount: sql<number>`count(${posts.id})` })
    .from(tags)
    .leftJoin(postTags, eq(postTags.tagId, tags.id))
    .leftJoin(posts, and(eq(posts.id, postTags.postId), eq(posts.type, 'post'), isLive(now)))
    .where(eq(tags.siteId, siteId))
    .groupBy(tags.id)
    .orderBy(asc(tags.name))
    .all();
  return rows.map((r) => ({ ...r.tag, postCount: r.postCount }));
}

export async function findTag(db: Database, siteId: string, id: string): Promise<TagRow | undefined> {
  return db
    .select()
    .from(tags)
    .where(and(eq(tags.siteId, siteId), eq(tags.id, id)))
    .get();
}

export async function findTagBySlug(db: Database, siteId: string, slug: string): Promise<TagRow | undefined> {
  return db
    .select()
    .from(tags)
    .where(and(eq(tags.siteId, siteId), eq(tags.slug, slug)))
    .get();
}

export async function findTagsBySlugs(db: Database, siteId: string, slugs: string[]): Promise<TagRow[]> {
  if (slugs.length === 0) return [];
  return db
    .select()
    .from(tags)
    .where(and(eq(tags.siteId, siteId), inArray(tags.slug, slugs)))
    .all();
}

export async function insertTags(db: Database, rows: (typeof tags.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  // A concurrent request may create the same tag; the unique slug index makes that a no-op.
  await db.insert(tags).values(rows).onConflictDoNothing();
}

/** Updates a tag; `events` (its term.changed) commit with it, and only if the tag still exists. */
export async function updateTag(
  db: Database,
  siteId: string,
  id: string,
  set: Partial<typeof tags.$inferInsert>,
  events: readonly NewEventRow[] = [],
) {
  const where = and(eq(tags.siteId, siteId), eq(tags.id, id));
  const [rows] = await db.batch([
    db.update(tags).set(set).where(where).returning(),
    ...guardedEventInserts(db, events, { table: tags, where }),
  ]);
  return rows[0];
}

export async function deleteTag(
  db: Database,
  siteId: string,
  id: string,
  events: readonly NewEventRow[] = [],
): Promise<boolean> {
  return deleteWithEvents(db, tags, and(eq(tags.siteId, siteId), eq(tags.id, id)), events);
}

/** Categories with the number of their own live posts (sub-categories' posts are not added in). */
export async function listCategories(
  db: Database,
  siteId: string,
  now: Date,
): Promise<(CategoryRow & { postCount: number })[]> {
  const rows = await db
    .select({ category: categories, postCount: sql<number>`count(${posts.id})` })
    .from(categories)
    .leftJoin(postCategories, eq(postCategories.categoryId, categories.id))
    .leftJoin(posts, and(eq(posts.id, postCategories.postId), eq(posts.type, 'post'), isLive(now)))
    .where(eq(categories.siteId, siteId))
    .groupBy(categories.id)
    .orderBy(asc(categories.name))
    .all();
  return rows.map((r) => ({ ...r.category, postCount: r.postCount }));
}

export async function findCategory(db: Database, siteId: string, id: string): Promise<CategoryRow | undefined> {
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.siteId, siteId), eq(categories.id, id)))
    .get();
}

export async function findCategoryBySlug(db: Database, siteId: string, slug: string): Promise<CategoryRow | undefined> {
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.siteId, siteId), eq(categories.slug, slug)))
    .get();
}

export async function findCategoriesBySlugs(db: Database, siteId: string, slugs: string[]): Promise<CategoryRow[]> {
  if (slugs.length === 0) return [];
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.siteId, siteId), inArray(categories.slug, slugs)))
    .all();
}

export async function insertCategory(db: Database, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [created] = await db.insert(categories).values(row).returning();
  if (!created) throw new Error('category insert returned no row');
  return created;
}

export async function updateCategory(
  db: Database,
  siteId: string,
  id: string,
  set: Partial<typeof categories.$inferInsert>,
  events: readonly NewEventRow[] = [],
) {
  const where = and(eq(categories.siteId, siteId), eq(categories.id, id));
  const [rows] = await db.batch([
    db.update(categories).set(set).where(where).returning(),
    ...guardedEventInserts(db, events, { table: categories, where }),
  ]);
  return rows[0];
}

export async function deleteCategory(
  db: Database,
  siteId: string,
  id: string,
  events: readonly NewEventRow[] = [],
): Promise<boolean> {
  return deleteWithEvents(db, categories, and(eq(categories.siteId, siteId), eq(categories.id, id)), events);
}

/** A category and all of its descendants, for archives that include sub-categories. */
export async function categorySubtreeIds(db: Database, siteId: string, rootId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE subtree(id) AS (
      SELECT id FROM categories WHERE id = ${rootId} AND site_id = ${siteId}
      UNION
      SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
    )
    SELECT id FROM subtree`);
  return rows.map((r) => r.id);
}
