// Read-only queries for the public Content API's tags and authors. Only columns a reader may see are selected:
// authors never carry an email or a password hash, even inside the Worker.
import { and, asc, count, eq, exists, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { isLive } from './live';
import { assertParamBudget, compileNql, compileOrder, type NqlFields } from './nql';
import { postAuthors, posts, postTags, tags, users } from '../schema';

export const publicTagColumns = {
  id: tags.id,
  slug: tags.slug,
  name: tags.name,
  description: tags.description,
  featureImage: tags.featureImage,
  visibility: tags.visibility,
  metaTitle: tags.metaTitle,
  metaDescription: tags.metaDescription,
};
/** A staff member's public profile: never the email, password hash or status. Shared with the published site. */
export const publicAuthorColumns = {
  id: users.id,
  slug: users.slug,
  name: users.name,
  bio: users.bio,
  profileImage: users.profileImage,
  website: users.website,
  location: users.location,
};

export type PublicTag = Pick<
  typeof tags.$inferSelect,
  'id' | 'slug' | 'name' | 'description' | 'featureImage' | 'visibility' | 'metaTitle' | 'metaDescription'
>;
export type PublicAuthor = Pick<
  typeof users.$inferSelect,
  'id' | 'slug' | 'name' | 'bio' | 'profileImage' | 'website' | 'location'
>;
/** `postCount` is present when the caller asked for counts. */
export type Counted<T> = T & { postCount?: number };

/** Published, of type post, and due: what `count.posts` counts (Ghost does not count pages). */
const livePost = (now: Date) => and(eq(posts.type, 'post'), isLive(now));

export interface TaxonomyListQuery {
  nql?: unknown;
  order?: string;
  defaultOrder: string;
  limit: number;
  offset: number;
  withCounts: boolean;
}

export type Lookup = { id: string } | { slug: string };

// ---------------------------------------------------------------- tags

const TAG_FILTERS: NqlFields = {
  id: { column: tags.id, kind: 'text' },
  slug: { column: tags.slug, kind: 'text' },
  name: { column: tags.name, kind: 'text' },
  visibility: { column: tags.visibility, kind: 'text', values: ['public', 'internal'] },
};

// A scalar subquery built with the query builder: inside a select list, drizzle writes raw-template columns without
// their table, which would make "id" mean the inner table's id.
const tagPostCount = (db: Database, now: Date) =>
  sql<number>`(${db
    .select({ n: count() })
    .from(postTags)
    .innerJoin(posts, eq(posts.id, postTags.postId))
    .where(and(eq(postTags.tagId, tags.id), livePost(now)))})`;

/** A site's tags; `publicOnly` adds Ghost's default `visibility:public` (callers drop it when the filter names one). */
export async function listContentTags(
  db: Database,
  siteId: string,
  now: Date,
  q: TaxonomyListQuery & { publicOnly: boolean },
): Promise<{ rows: Counted<PublicTag>[]; total: number }> {
  const where = and(
    eq(tags.siteId, siteId),
    q.publicOnly ? eq(tags.visibility, 'public') : undefined,
    q.nql === undefined ? undefined : compileNql(q.nql, TAG_FILTERS),
  );
  const count = tagPostCount(db, now);
  const order = compileOrder(q.order, q.defaultOrder, { name: tags.name, slug: tags.slug, 'count.posts': count });
  const rowsQuery = db
    .select({ ...publicTagColumns, ...(q.withCounts ? { postCount: count } : {}) })
    .from(tags)
    .where(where)
    .orderBy(...order, asc(tags.id))
    .limit(q.limit)
    .offset(q.offset);
  assertParamBudget(rowsQuery);
  const [rows, totals] = await db.batch([
    rowsQuery,
    db
      .select({ n: sql<number>`count(*)` })
      .from(tags)
      .where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** One tag by id or slug, internal ones included (Ghost reads them too; only browse hides them by default). */
export async function findContentTag(
  db: Database,
  siteId: string,
  now: Date,
  by: Lookup,
  withCount: boolean,
): Promise<Counted<PublicTag> | undefined> {
  return db
    .select({ ...publicTagColumns, ...(withCount ? { postCount: tagPostCount(db, now) } : {}) })
    .from(tags)
    .where(and(eq(tags.siteId, siteId), 'id' in by ? eq(tags.id, by.id) : eq(tags.slug, by.slug)))
    .get();
}

// ---------------------------------------------------------------- authors

const AUTHOR_FILTERS: NqlFields = {
  id: { column: users.id, kind: 'text' },
  slug: { column: users.slug, kind: 'text' },
  name: { column: users.name, kind: 'text' },
};

// Users are shared between sites, so every author query is scoped through this site's posts.
const authorPostCount = (db: Database, siteId: string, now: Date) =>
  sql<number>`(${db
    .select({ n: count() })
    .from(postAuthors)
    .innerJoin(posts, eq(posts.id, postAuthors.postId))
    .where(and(eq(postAuthors.userId, users.id), eq(posts.siteId, siteId), livePost(now)))})`;

/** An author appears once they have a published post or page on the site whose time has come. */
const isLiveAuthor = (siteId: string, now: Date) =>
  exists(
    sql`(SELECT 1 FROM ${postAuthors} JOIN ${posts} ON ${posts.id} = ${postAuthors.postId}
         WHERE ${postAuthors.userId} = ${users.id} AND ${posts.siteId} = ${siteId}
         AND ${isLive(now)})`,
  );

export async function listContentAuthors(
  db: Database,
  siteId: string,
  now: Date,
  q: TaxonomyListQuery,
): Promise<{ rows: Counted<PublicAuthor>[]; total: number }> {
  const where = and(isLiveAuthor(siteId, now), q.nql === undefined ? undefined : compileNql(q.nql, AUTHOR_FILTERS));
  const count = authorPostCount(db, siteId, now);
  const order = compileOrder(q.order, q.defaultOrder, { name: users.name, slug: users.slug, 'count.posts': count });
  const rowsQuery = db
    .select({ ...publicAuthorColumns, ...(q.withCounts ? { postCount: count } : {}) })
    .from(users)
    .where(where)
    .orderBy(...order, asc(users.id))
    .limit(q.limit)
    .offset(q.offset);
  assertParamBudget(rowsQuery);
  const [rows, totals] = await db.batch([
    rowsQuery,
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** One author by id or slug, only if they have published on this site: nobody else's profile is public. */
export async function findContentAuthor(
  db: Database,
  siteId: string,
  now: Date,
  by: Lookup,
  withCount: boolean,
): Promise<Counted<PublicAuthor> | undefined> {
  return db
    .select({ ...publicAuthorColumns, ...(withCount ? { postCount: authorPostCount(db, siteId, now) } : {}) })
    .from(users)
    .where(and(isLiveAuthor(siteId, now), 'id' in by ? eq(users.id, by.id) : eq(users.slug, by.slug)))
    .get();
}
