// Read-only queries for the public Content API's posts and pages. Every query is scoped to "live" rows (published,
// published_at ≤ now, of the requested type), so a draft or a scheduled post cannot be reached by any filter or id.
// A page of posts, its total and the tags and authors it includes come in one round trip.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { orderSql, postFilterSql } from './post-queries';
import type { PostRow } from './posts';
import { isLive } from './live';
import { assertParamBudget } from './nql';
import type { Lookup, PublicAuthor, PublicTag } from './content-api-taxonomy';
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

/** The relations a read embeds (`include=tags,authors`). */
export interface RelationColumns {
  tags: boolean;
  authors: boolean;
}

// A post's tags and authors as JSON arrays in the post's own row, in display order, so a read that includes them is
// one round trip instead of two. The keys are those of publicTagColumns and publicAuthorColumns, and every value is
// text or null, which JSON carries as drizzle would. `posts.id` is written out: drizzle leaves the columns of a
// one-table select unqualified, and a bare "id" inside these subqueries would name the joined table's.
const tagsJson = sql<string>`(SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name,
  'description', t.description, 'featureImage', t.feature_image, 'visibility', t.visibility,
  'metaTitle', t.meta_title, 'metaDescription', t.meta_description) ORDER BY pt.sort_order)
  FROM ${postTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.post_id = posts.id)`;
const authorsJson = sql<string>`(SELECT json_group_array(json_object('id', u.id, 'slug', u.slug, 'name', u.name,
  'bio', u.bio, 'profileImage', u.profile_image, 'website', u.website, 'location', u.location)
  ORDER BY pa.sort_order) FROM ${postAuthors} pa JOIN ${users} u ON u.id = pa.user_id WHERE pa.post_id = posts.id)`;

// Markdown, revisions' bookkeeping and scheduling columns never leave the database on this path.
function liveColumns(body: BodyColumns, include: RelationColumns) {
  return {
    ...(include.tags ? { tagsJson } : {}),
    ...(include.authors ? { authorsJson } : {}),
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

export interface LiveRelations {
  /** Every tag in display order, internal ones included: the caller decides what readers see. */
  tags: PublicTag[];
  authors: PublicAuthor[];
}

/** A live post and the relations it was read with. */
export type LivePost = LivePostRow & Partial<LiveRelations>;

/** A row read with liveColumns, its relations' JSON (those it was read with) parsed. */
function parseRelations(found: LivePostRow & { tagsJson?: string; authorsJson?: string }): LivePost {
  const { tagsJson: tagList, authorsJson: authorList, ...row } = found;
  return {
    ...row,
    ...(tagList === undefined ? {} : { tags: JSON.parse(tagList) as PublicTag[] }),
    ...(authorList === undefined ? {} : { authors: JSON.parse(authorList) as PublicAuthor[] }),
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
  include: RelationColumns;
}

export async function listLivePosts(
  db: Database,
  scope: LiveScope,
  q: LiveListQuery,
): Promise<{ rows: LivePost[]; total: number }> {
  const where = liveWhere(scope, q.nql);
  const rowsQuery = db
    .select(liveColumns(q.body, q.include))
    .from(posts)
    .where(where)
    .orderBy(...orderSql(q.order, q.defaultOrder), desc(posts.id))
    .limit(q.limit)
    .offset(q.offset);
  assertParamBudget(rowsQuery);
  const [rows, totals] = await db.batch([rowsQuery, db.select({ n: count() }).from(posts).where(where)]);
  return { rows: rows.map(parseRelations), total: totals[0]?.n ?? 0 };
}

export async function findLivePost(
  db: Database,
  scope: LiveScope,
  by: Lookup,
  body: BodyColumns,
  include: RelationColumns,
): Promise<LivePost | undefined> {
  const row = await db
    .select(liveColumns(body, include))
    .from(posts)
    .where(and(liveWhere(scope), 'id' in by ? eq(posts.id, by.id) : eq(posts.slug, by.slug)))
    .get();
  return row && parseRelations(row);
}
