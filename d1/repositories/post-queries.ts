// Turns the APIs' filters into SQL over posts. The Content API's filter arrives as the Mongo-style JSON that Ghost's
// NQL parser emits; only the fields and operators listed here are accepted, so a filter can never reach other columns.
import { and, eq, exists, inArray, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { POST_STATUSES, type PostStatus, postAuthors, posts, postTags, tags, users } from '../schema';
import { inCategoryTree } from './category-tree';
import { compileNql, compileOrder, type NqlFields } from './nql';

export { FilterError, OrderError } from './nql';

export interface PostFilter {
  type: 'post' | 'page';
  statuses?: readonly PostStatus[];
  /** Only posts this user is an author of. */
  authoredBy?: string;
  tagSlug?: string;
  authorSlug?: string;
  /** Posts in this category or its descendants; null (an unknown category) matches nothing. */
  category?: { siteId: string; id: string } | null;
  featured?: boolean;
  titleContains?: string;
  /** A parsed NQL query. */
  nql?: unknown;
}

const hasTag = (slugs: SQL, primaryOnly = false) =>
  exists(
    sql`(SELECT 1 FROM ${postTags} JOIN ${tags} ON ${tags.id} = ${postTags.tagId}
         WHERE ${postTags.postId} = ${posts.id} AND ${tags.slug} ${slugs}
         ${primaryOnly ? sql`AND ${postTags.sortOrder} = 0` : sql``})`,
  );
const hasAuthor = (slugs: SQL, primaryOnly = false) =>
  exists(
    sql`(SELECT 1 FROM ${postAuthors} JOIN ${users} ON ${users.id} = ${postAuthors.userId}
         WHERE ${postAuthors.postId} = ${posts.id} AND ${users.slug} ${slugs}
         ${primaryOnly ? sql`AND ${postAuthors.sortOrder} = 0` : sql``})`,
  );

export function postFilterSql(filter: PostFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [eq(posts.type, filter.type)];
  if (filter.statuses) parts.push(inArray(posts.status, [...filter.statuses]));
  if (filter.authoredBy) {
    parts.push(
      exists(
        sql`(SELECT 1 FROM ${postAuthors} WHERE ${postAuthors.postId} = ${posts.id} AND ${postAuthors.userId} = ${filter.authoredBy})`,
      ),
    );
  }
  if (filter.tagSlug) parts.push(hasTag(sql`= ${filter.tagSlug}`));
  if (filter.authorSlug) parts.push(hasAuthor(sql`= ${filter.authorSlug}`));
  if (filter.category !== undefined) {
    parts.push(filter.category === null ? sql`0` : inCategoryTree(filter.category.siteId, { id: filter.category.id }));
  }
  if (filter.featured !== undefined) parts.push(eq(posts.featured, filter.featured));
  // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes, and a search phrase can be longer.
  if (filter.titleContains) parts.push(sql`instr(lower(${posts.title}), lower(${filter.titleContains})) > 0`);
  if (filter.nql !== undefined) parts.push(nqlToSql(filter.nql));
  return and(...parts);
}

// ---------------------------------------------------------------- NQL

const POST_FILTERS: NqlFields = {
  id: { column: posts.id, kind: 'text' },
  slug: { column: posts.slug, kind: 'text' },
  title: { column: posts.title, kind: 'text' },
  featured: { column: posts.featured, kind: 'bool' },
  visibility: { column: posts.visibility, kind: 'text' },
  status: { column: posts.status, kind: 'text', values: POST_STATUSES },
  published_at: { column: posts.publishedAt, kind: 'time' },
  updated_at: { column: posts.updatedAt, kind: 'time' },
  created_at: { column: posts.createdAt, kind: 'time' },
  tag: { relation: (s) => hasTag(s) },
  tags: { relation: (s) => hasTag(s) },
  'tags.slug': { relation: (s) => hasTag(s) },
  primary_tag: { relation: (s) => hasTag(s, true) },
  'primary_tag.slug': { relation: (s) => hasTag(s, true) },
  author: { relation: (s) => hasAuthor(s) },
  authors: { relation: (s) => hasAuthor(s) },
  'authors.slug': { relation: (s) => hasAuthor(s) },
  primary_author: { relation: (s) => hasAuthor(s, true) },
  'primary_author.slug': { relation: (s) => hasAuthor(s, true) },
};

/** Translates NQL's JSON over posts (see nql.ts); throws FilterError on anything not listed above. */
export function nqlToSql(query: unknown, depth = 0): SQL {
  return compileNql(query, POST_FILTERS, depth);
}

// ---------------------------------------------------------------- ordering

const ORDERABLE: Record<string, SQLiteColumn> = {
  published_at: posts.publishedAt,
  updated_at: posts.updatedAt,
  created_at: posts.createdAt,
  title: posts.title,
  slug: posts.slug,
  featured: posts.featured,
};

/** Parses "published_at desc, title asc"; unknown fields are an error (OrderError) rather than silently ignored. */
export function orderSql(order: string | undefined, fallback: string): SQL[] {
  return compileOrder(order, fallback, ORDERABLE);
}
