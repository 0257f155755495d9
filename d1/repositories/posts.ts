// Posts and pages with their authors, tags, categories, revisions and old slugs.
import { and, asc, count, desc, eq, inArray, lte, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db';
import { deleteWithEvents, eventInserts, type NewEventRow } from './events';
import { insertAuditStatement, type NewAuditRow } from './audit';
import { slugFamily } from './slug-family';
import { type PostFilter, orderSql, postFilterSql } from './post-queries';
import {
  categories,
  postAuthors,
  postCategories,
  postRevisions,
  posts,
  postTags,
  slugRedirects,
  tags,
  users,
} from '../schema';

export type PostRow = typeof posts.$inferSelect;
export type NewPostRow = typeof posts.$inferInsert;
export type RevisionRow = typeof postRevisions.$inferSelect;
export type TagRef = Pick<typeof tags.$inferSelect, 'id' | 'slug' | 'name' | 'visibility'>;
export type CategoryRef = Pick<typeof categories.$inferSelect, 'id' | 'slug' | 'name' | 'parentId'>;
export type AuthorRef = Pick<
  typeof users.$inferSelect,
  'id' | 'slug' | 'name' | 'email' | 'bio' | 'profileImage' | 'website' | 'location'
>;

export interface PostRelations {
  authors: AuthorRef[];
  tags: TagRef[];
  categories: CategoryRef[];
}
export type PostWithRelations = PostRow & PostRelations;

/** Relation ids in their display order; the first author and tag are the primary ones. */
export interface RelationIds {
  authorIds: string[];
  tagIds: string[];
  categoryIds: string[];
}

export async function findPost(db: Database, siteId: string, id: string): Promise<PostRow | undefined> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.siteId, siteId), eq(posts.id, id)))
    .get();
}

/**
 * What deciding access to a post needs, and nothing else (not its body): its type and status, and whether `userId`
 * is one of its authors. A statement, so a caller can batch it with the sign-in's own reads.
 */
export function postAccessQuery(db: Database, siteId: string, id: string, userId: string) {
  return db
    .select({
      id: posts.id,
      type: posts.type,
      status: posts.status,
      own: sql<number>`exists (select 1 from ${postAuthors} where ${postAuthors.postId} = ${posts.id} and ${postAuthors.userId} = ${userId})`,
    })
    .from(posts)
    .where(and(eq(posts.siteId, siteId), eq(posts.id, id)))
    .limit(1);
}

export async function slugsLike(db: Database, siteId: string, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: posts.slug })
    .from(posts)
    .where(and(eq(posts.siteId, siteId), slugFamily(posts.slug, base)))
    .all();
  return new Set(rows.map((r) => r.slug));
}

/**
 * The three queries that load the authors, tags and categories of some posts: by id, or by a subquery of ids, so a
 * caller can batch them with the query that finds the posts (one round trip for a post page).
 */
export function relationQueries(db: Database, postIds: string[] | SQLWrapper) {
  return [
    db
      .select({
        postId: postAuthors.postId,
        id: users.id,
        slug: users.slug,
        name: users.name,
        email: users.email,
        bio: users.bio,
        profileImage: users.profileImage,
        website: users.website,
        location: users.location,
      })
      .from(postAuthors)
      .innerJoin(users, eq(users.id, postAuthors.userId))
      .where(inArray(postAuthors.postId, postIds))
      .orderBy(asc(postAuthors.sortOrder)),
    db
      .select({ postId: postTags.postId, id: tags.id, slug: tags.slug, name: tags.name, visibility: tags.visibility })
      .from(postTags)
      .innerJoin(tags, eq(tags.id, postTags.tagId))
      .where(inArray(postTags.postId, postIds))
      .orderBy(asc(postTags.sortOrder)),
    db
      .select({
        postId: postCategories.postId,
        id: categories.id,
        slug: categories.slug,
        name: categories.name,
        parentId: categories.parentId,
      })
      .from(postCategories)
      .innerJoin(categories, eq(categories.id, postCategories.categoryId))
      .where(inArray(postCategories.postId, postIds))
      .orderBy(asc(categories.name)),
  ] as const;
}

type Of<T> = T & { postId: string };
export type RelationResults = readonly [Of<AuthorRef>[], Of<TagRef>[], Of<CategoryRef>[]];

/** Groups the rows of relationQueries by post. */
export function groupRelations(postIds: readonly string[], results: RelationResults): Map<string, PostRelations> {
  const [authorRows, tagRows, categoryRows] = results;
  const out = new Map<string, PostRelations>();
  for (const id of postIds) out.set(id, { authors: [], tags: [], categories: [] });
  for (const { postId, ...author } of authorRows) out.get(postId)?.authors.push(author);
  for (const { postId, ...tag } of tagRows) out.get(postId)?.tags.push(tag);
  for (const { postId, ...category } of categoryRows) out.get(postId)?.categories.push(category);
  return out;
}

/** Loads authors, tags and categories for many posts in three queries. */
export async function loadRelations(db: Database, postIds: string[]): Promise<Map<string, PostRelations>> {
  if (postIds.length === 0) return groupRelations(postIds, [[], [], []]);
  return groupRelations(postIds, await db.batch(relationQueries(db, postIds)));
}

/** A post of the site with its authors, tags and categories, in one D1 batch. */
export async function findPostWithRelations(
  db: Database,
  siteId: string,
  id: string,
): Promise<PostWithRelations | undefined> {
  // The relations are read by id alongside; they are used only when the post is found on this site.
  const [rows, ...relations] = await db.batch([
    db
      .select()
      .from(posts)
      .where(and(eq(posts.siteId, siteId), eq(posts.id, id)))
      .limit(1),
    ...relationQueries(db, [id]),
  ]);
  const row = rows[0];
  return row && { ...row, ...groupRelations([row.id], relations).get(row.id)! };
}

export async function withRelations(db: Database, rows: PostRow[]): Promise<PostWithRelations[]> {
  const relations = await loadRelations(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, ...(relations.get(r.id) ?? { authors: [], tags: [], categories: [] }) }));
}

export interface ListQuery {
  filter: PostFilter;
  /** Ghost-style "field dir, field dir"; throws FilterError on anything unknown. */
  order?: string;
  defaultOrder: string;
  limit: number;
  offset: number;
}

export async function listPosts(
  db: Database,
  siteId: string,
  q: ListQuery,
): Promise<{ rows: PostRow[]; total: number }> {
  const where = and(eq(posts.siteId, siteId), postFilterSql(q.filter));
  const [rows, totals] = await db.batch([
    db
      .select()
      .from(posts)
      .where(where)
      .orderBy(...orderSql(q.order, q.defaultOrder), desc(posts.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(posts).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

function relationStatements(db: Database, postId: string, ids: RelationIds) {
  return [
    db.delete(postAuthors).where(eq(postAuthors.postId, postId)),
    db.delete(postTags).where(eq(postTags.postId, postId)),
    db.delete(postCategories).where(eq(postCategories.postId, postId)),
    ...ids.authorIds.map((userId, i) => db.insert(postAuthors).values({ postId, userId, sortOrder: i })),
    ...ids.tagIds.map((tagId, i) => db.insert(postTags).values({ postId, tagId, sortOrder: i })),
    ...ids.categoryIds.map((categoryId) => db.insert(postCategories).values({ postId, categoryId })),
  ];
}

export type NewRevision = Omit<typeof postRevisions.$inferInsert, 'postId' | 'siteId' | 'version'>;

/** Creates a post with its relations, first revision and domain events in one atomic batch. */
export async function insertPost(
  db: Database,
  row: NewPostRow,
  ids: RelationIds,
  revision: NewRevision,
  events: readonly NewEventRow[] = [],
  audit: readonly NewAuditRow[] = [],
) {
  await db.batch([
    db.insert(posts).values(row),
    // A new post may take a slug that used to redirect elsewhere: the live post wins.
    db.delete(slugRedirects).where(and(eq(slugRedirects.siteId, row.siteId), eq(slugRedirects.slug, row.slug))),
    ...relationStatements(db, row.id, ids),
    db.insert(postRevisions).values({ ...revision, postId: row.id, siteId: row.siteId, version: 1 }),
    ...eventInserts(db, events),
    ...audit.map((entry) => insertAuditStatement(db, entry)),
  ]);
}

export interface PostChange {
  siteId: string;
  id: string;
  /** The version the change was computed from; the write applies only if the post is still at it. */
  fromVersion: number;
  set: Partial<NewPostRow>;
  relations?: RelationIds;
  revision: NewRevision;
  /** The slug the post is leaving, kept as a redirect. */
  oldSlug?: string;
  /** Outbox rows describing the change: written by the same batch, so they exist exactly when the change does. */
  events?: readonly NewEventRow[];
  /** Audit entries of the change (a publish), written by the same batch for the same reason. */
  audit?: readonly NewAuditRow[];
}

/**
 * Applies a change only if nobody wrote in between. The revision row for `fromVersion + 1` is the guard:
 * every write creates exactly one revision per version, so if another write got there first the unique
 * (post_id, version) index rejects this batch and D1 rolls every statement of it back.
 * Returns false when the post moved on (or vanished) and nothing was written.
 */
export async function applyPostChange(db: Database, change: PostChange): Promise<boolean> {
  const { siteId, id, fromVersion } = change;
  const toVersion = fromVersion + 1;
  const statements = [
    db
      .update(posts)
      .set({ ...change.set, version: toVersion })
      .where(and(eq(posts.siteId, siteId), eq(posts.id, id), eq(posts.version, fromVersion))),
    ...(change.relations ? relationStatements(db, id, change.relations) : []),
    ...(change.oldSlug && change.set.slug && change.oldSlug !== change.set.slug
      ? [
          db
            .insert(slugRedirects)
            .values({ siteId, slug: change.oldSlug, postId: id })
            .onConflictDoUpdate({ target: [slugRedirects.siteId, slugRedirects.slug], set: { postId: id } }),
          db
            .delete(slugRedirects)
            .where(and(eq(slugRedirects.siteId, siteId), eq(slugRedirects.slug, change.set.slug))),
        ]
      : []),
    db.insert(postRevisions).values({ ...change.revision, postId: id, siteId, version: toVersion }),
    ...eventInserts(db, change.events ?? []),
    ...(change.audit ?? []).map((row) => insertAuditStatement(db, row)),
  ] as const;
  try {
    await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

function isConflict(error: unknown): boolean {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : error);
  return /UNIQUE constraint failed: post_revisions|FOREIGN KEY constraint failed/.test(text);
}

/** Deletes a post; its events are written only if the post was still there (a concurrent delete records none). */
export async function deletePost(
  db: Database,
  siteId: string,
  id: string,
  events: readonly NewEventRow[] = [],
): Promise<boolean> {
  return deleteWithEvents(db, posts, and(eq(posts.siteId, siteId), eq(posts.id, id)), events);
}

export async function listRevisions(db: Database, siteId: string, postId: string): Promise<RevisionRow[]> {
  return db
    .select()
    .from(postRevisions)
    .where(and(eq(postRevisions.siteId, siteId), eq(postRevisions.postId, postId)))
    .orderBy(desc(postRevisions.version))
    .all();
}

export async function findRevision(
  db: Database,
  siteId: string,
  postId: string,
  revisionId: string,
): Promise<RevisionRow | undefined> {
  return db
    .select()
    .from(postRevisions)
    .where(and(eq(postRevisions.siteId, siteId), eq(postRevisions.postId, postId), eq(postRevisions.id, revisionId)))
    .get();
}

/** Scheduled posts of a site whose time has come. */
export async function duePosts(db: Database, siteId: string, now: Date): Promise<PostRow[]> {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.siteId, siteId), eq(posts.status, 'scheduled'), lte(posts.scheduledAt, now)))
    .orderBy(asc(posts.scheduledAt))
    .all();
}

/** The earliest pending scheduled time of a site, for the scheduler's next alarm. */
export async function nextScheduledAt(db: Database, siteId: string): Promise<Date | undefined> {
  const row = await db
    .select({ at: sql<number | null>`min(${posts.scheduledAt})` })
    .from(posts)
    .where(and(eq(posts.siteId, siteId), eq(posts.status, 'scheduled')))
    .get();
  return row?.at == null ? undefined : new Date(row.at);
}
