// Read-only queries for the public Content API's posts and pages. Every query is scoped to "live" rows (published,
// published_at ≤ now, of the requested type), so a draft or a scheduled post cannot be reached by any filter or id.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { orderSql, postFilterSql } from './post-queries';
import type { PostRow } from './posts';
import { isLive } from './live';
import { assertParamBudget } from './nql';
import {
  type Lookup,
  type PublicAuthor,
  publicAuthorColumns,
  type PublicTag,
  publicTagColumns,
} from './content-api-taxonomy';
import { postAuthors, posts, postTags, users, tags } from '../schema';

export interface LiveScope {
  siteId: string;
  type: 'post' | 'page';
  now: Date;
}

/** Which large text columns to read in full; plaintext otherwise arrives as a prefix long enough for an excerpt. */
export interface BodyColumns {
  html: boolean;
  plaintext: boolean;
}

// The excerpt is ~300 characters after whitespace is collapsed; twice that leaves room for the collapsing.
const EXCERPT_SOURCE_CHARS = 600;

export type LivePostRow = Pick<
  PostRow,
  | 'id'
  | 'slug'
  | 'title'
  | 'html'
  | 'plaintext'
  | 'customExcerpt'
  | 'featureImage'
  | 'featureImageAlt'
  | 'featureImageCaption'
  | 'featured'
  | 'contentFormat'
  | 'visibility'
  | 'metaTitle'
  | 'metaDescription'
  | 'ogTitle'
  | 'ogDescription'
  | 'ogImage'
  | 'twitterTitle'
  | 'twitterDescription'
  | 'twitterImage'
  | 'canonicalUrl'
  | 'customFields'
  | 'readingTime'
  | 'publishedAt'
  | 'createdAt'
  | 'updatedAt'
>;

// Markdown, revisions' bookkeeping and scheduling columns never leave the database on this path.
function liveColumns(body: BodyColumns) {
  return {
    id: posts.id,
    slug: posts.slug,
    title: posts.title,
    html: body.html ? posts.html : sql<string>`''`,
    plaintext: body.plaintext
      ? posts.plaintext
      : sql<string>`substr(${posts.plaintext}, 1, ${sql.raw(String(EXCERPT_SOURCE_CHARS))})`,
    customExcerpt: posts.customExcerpt,
    featureImage: posts.featureImage,
    featureImageAlt: posts.featureImageAlt,
    featureImageCaption: posts.featureImageCaption,
    featured: posts.featured,
    contentFormat: posts.contentFormat,
    visibility: posts.visibility,
    metaTitle: posts.metaTitle,
    metaDescription: posts.metaDescription,
    ogTitle: posts.ogTitle,
    ogDescription: posts.ogDescription,
    ogImage: posts.ogImage,
    twitterTitle: posts.twitterTitle,
    twitterDescription: posts.twitterDescription,
    twitterImage: posts.twitterImage,
    canonicalUrl: posts.canonicalUrl,
    customFields: posts.customFields,
    readingTime: posts.readingTime,
    publishedAt: posts.publishedAt,
    createdAt: posts.createdAt,
    updatedAt: posts.updatedAt,
  };
}

const liveWhere = (scope: LiveScope, nql?: unknown) =>
  and(eq(posts.siteId, scope.siteId), isLive(scope.now), postFilterSql({ type: scope.type, nql }));

export interface LiveListQuery {
  /** Parsed NQL; throws FilterError from the query builders when it names something unsupported. */
  nql?: unknown;
  /** Ghost-style "field dir, …"; throws OrderError on anything unknown. */
  order?: string;
  defaultOrder: string;
  limit: number;
  offset: number;
  body: BodyColumns;
}

export async function listLivePosts(
  db: Database,
  scope: LiveScope,
  q: LiveListQuery,
): Promise<{ rows: LivePostRow[]; total: number }> {
  const where = liveWhere(scope, q.nql);
  const rowsQuery = db
    .select(liveColumns(q.body))
    .from(posts)
    .where(where)
    .orderBy(...orderSql(q.order, q.defaultOrder), desc(posts.id))
    .limit(q.limit)
    .offset(q.offset);
  assertParamBudget(rowsQuery);
  const [rows, totals] = await db.batch([rowsQuery, db.select({ n: count() }).from(posts).where(where)]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function findLivePost(
  db: Database,
  scope: LiveScope,
  by: Lookup,
  body: BodyColumns,
): Promise<LivePostRow | undefined> {
  return db
    .select(liveColumns(body))
    .from(posts)
    .where(and(liveWhere(scope), 'id' in by ? eq(posts.id, by.id) : eq(posts.slug, by.slug)))
    .get();
}

export interface LiveRelations {
  /** Every tag in display order, internal ones included: the caller decides what readers see. */
  tags: PublicTag[];
  authors: PublicAuthor[];
}

// Well under D1's 100 bound parameters per statement.
const CHUNK = 90;
const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Tags and/or authors for many posts: one statement per relation and per 90 posts, all in parallel. */
export async function loadLiveRelations(
  db: Database,
  postIds: string[],
  want: { tags: boolean; authors: boolean },
): Promise<Map<string, LiveRelations>> {
  const out = new Map<string, LiveRelations>(postIds.map((id) => [id, { tags: [], authors: [] }]));
  const groups = chunks(postIds);
  const [tagRows, authorRows] = await Promise.all([
    want.tags
      ? Promise.all(
          groups.map((ids) =>
            db
              .select({ postId: postTags.postId, ...publicTagColumns })
              .from(postTags)
              .innerJoin(tags, eq(tags.id, postTags.tagId))
              .where(inArray(postTags.postId, ids))
              .orderBy(asc(postTags.sortOrder))
              .all(),
          ),
        )
      : [],
    want.authors
      ? Promise.all(
          groups.map((ids) =>
            db
              .select({ postId: postAuthors.postId, ...publicAuthorColumns })
              .from(postAuthors)
              .innerJoin(users, eq(users.id, postAuthors.userId))
              .where(inArray(postAuthors.postId, ids))
              .orderBy(asc(postAuthors.sortOrder))
              .all(),
          ),
        )
      : [],
  ]);
  for (const { postId, ...tag } of tagRows.flat()) out.get(postId)?.tags.push(tag);
  for (const { postId, ...author } of authorRows.flat()) out.get(postId)?.authors.push(author);
  return out;
}
