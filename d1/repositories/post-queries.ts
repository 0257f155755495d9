// Turns the APIs' filters into SQL over posts. The Content API's filter arrives as the Mongo-style JSON that Ghost's
// NQL parser emits; only the fields and operators listed here are accepted, so a filter can never reach other columns.
import { and, asc, desc, eq, exists, gt, gte, inArray, like, lt, lte, ne, not, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { POST_STATUSES, type PostStatus, postAuthors, postCategories, posts, postTags, tags, users } from '../schema';

export class FilterError extends Error {}

export interface PostFilter {
  type: 'post' | 'page';
  statuses?: readonly PostStatus[];
  /** Only posts this user is an author of. */
  authoredBy?: string;
  tagSlug?: string;
  authorSlug?: string;
  categoryIds?: string[];
  featured?: boolean;
  titleContains?: string;
  /** Only posts whose time has come (published_at ≤ now). */
  publishedBefore?: Date;
  /** A parsed NQL query. */
  nql?: unknown;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

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
  if (filter.categoryIds) {
    parts.push(
      filter.categoryIds.length === 0
        ? sql`0`
        : exists(
            sql`(SELECT 1 FROM ${postCategories} WHERE ${postCategories.postId} = ${posts.id}
                 AND ${inArray(postCategories.categoryId, filter.categoryIds)})`,
          ),
    );
  }
  if (filter.featured !== undefined) parts.push(eq(posts.featured, filter.featured));
  if (filter.titleContains) parts.push(like(posts.title, sql`${`%${escapeLike(filter.titleContains)}%`} ESCAPE '\\'`));
  if (filter.publishedBefore) parts.push(lte(posts.publishedAt, filter.publishedBefore));
  if (filter.nql !== undefined) parts.push(nqlToSql(filter.nql));
  return and(...parts);
}

// ---------------------------------------------------------------- NQL

type Scalar = string | number | boolean | null;
type Kind = 'text' | 'bool' | 'time';
const COLUMNS: Record<string, { column: SQLiteColumn; kind: Kind }> = {
  id: { column: posts.id, kind: 'text' },
  slug: { column: posts.slug, kind: 'text' },
  title: { column: posts.title, kind: 'text' },
  featured: { column: posts.featured, kind: 'bool' },
  visibility: { column: posts.visibility, kind: 'text' },
  status: { column: posts.status, kind: 'text' },
  published_at: { column: posts.publishedAt, kind: 'time' },
  updated_at: { column: posts.updatedAt, kind: 'time' },
  created_at: { column: posts.createdAt, kind: 'time' },
};
const RELATIONS: Record<string, (slugs: SQL) => SQL> = {
  tag: (s) => hasTag(s),
  tags: (s) => hasTag(s),
  'tags.slug': (s) => hasTag(s),
  primary_tag: (s) => hasTag(s, true),
  'primary_tag.slug': (s) => hasTag(s, true),
  author: (s) => hasAuthor(s),
  authors: (s) => hasAuthor(s),
  'authors.slug': (s) => hasAuthor(s),
  primary_author: (s) => hasAuthor(s, true),
  'primary_author.slug': (s) => hasAuthor(s, true),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toValue(kind: Kind, field: string, raw: unknown): Scalar | Date {
  if (kind === 'bool') {
    if (typeof raw !== 'boolean') throw new FilterError(`${field} takes true or false.`);
    return raw;
  }
  if (kind === 'time') {
    const date = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new FilterError(`${field} takes a date.`);
    return date;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new FilterError(`${field} takes a text value.`);
  if (field === 'status' && !(POST_STATUSES as readonly string[]).includes(String(raw))) {
    throw new FilterError(`Unknown status "${String(raw)}".`);
  }
  return String(raw);
}

function compare(field: string, condition: unknown): SQL {
  const relation = RELATIONS[field];
  if (relation) return relationCondition(field, relation, condition);
  const spec = COLUMNS[field];
  if (!spec) throw new FilterError(`Filtering by "${field}" is not supported.`);
  const { column, kind } = spec;
  if (!isRecord(condition)) {
    return condition === null ? sql`${column} IS NULL` : eq(column, toValue(kind, field, condition));
  }
  const entries = Object.entries(condition);
  if (entries.length !== 1) throw new FilterError(`Unsupported condition on "${field}".`);
  const [op, raw] = entries[0]!;
  const list = () => {
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50) throw new FilterError(`${field}: bad list.`);
    return raw.map((v) => toValue(kind, field, v));
  };
  switch (op) {
    case '$ne':
      return raw === null ? sql`${column} IS NOT NULL` : ne(column, toValue(kind, field, raw));
    case '$gt':
      return gt(column, toValue(kind, field, raw));
    case '$gte':
      return gte(column, toValue(kind, field, raw));
    case '$lt':
      return lt(column, toValue(kind, field, raw));
    case '$lte':
      return lte(column, toValue(kind, field, raw));
    case '$in':
      return inArray(column, list());
    case '$nin':
      return not(inArray(column, list()));
    default:
      throw new FilterError(`Operator ${op} is not supported on "${field}".`);
  }
}

function relationCondition(field: string, relation: (slugs: SQL) => SQL, condition: unknown): SQL {
  const slug = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw new FilterError(`${field} takes a slug.`);
    return String(v);
  };
  if (!isRecord(condition)) return relation(sql`= ${slug(condition)}`);
  const [op, raw] = Object.entries(condition)[0] ?? [];
  const slugs = () => {
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50) throw new FilterError(`${field}: bad list.`);
    return sql.join(
      raw.map((v) => sql`${slug(v)}`),
      sql`, `,
    );
  };
  if (op === '$ne') return not(relation(sql`= ${slug(raw)}`));
  if (op === '$in') return relation(sql`IN (${slugs()})`);
  if (op === '$nin') return not(relation(sql`IN (${slugs()})`));
  throw new FilterError(`Operator ${String(op)} is not supported on "${field}".`);
}

/** Translates NQL's JSON; nesting is bounded so a hostile filter cannot exhaust the stack. */
export function nqlToSql(query: unknown, depth = 0): SQL {
  if (depth > 20) throw new FilterError('The filter is nested too deeply.');
  if (!isRecord(query)) throw new FilterError('The filter is not valid.');
  const parts = Object.entries(query).map(([key, value]): SQL => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new FilterError('The filter is not valid.');
      const inner = value.map((v) => nqlToSql(v, depth + 1));
      return (key === '$and' ? and(...inner) : or(...inner)) ?? sql`1`;
    }
    return compare(key, value);
  });
  return and(...parts) ?? sql`1`;
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

/** Parses "published_at desc, title asc"; unknown fields are an error rather than silently ignored. */
export function orderSql(order: string | undefined, fallback: string): SQL[] {
  return (order ?? fallback).split(',').map((part) => {
    const [field = '', dir = 'asc', ...rest] = part.trim().split(/\s+/);
    const column = ORDERABLE[field];
    if (!column || rest.length > 0 || !/^(asc|desc)$/i.test(dir)) {
      throw new FilterError(`Cannot order by "${part.trim()}".`);
    }
    return dir.toLowerCase() === 'desc' ? desc(column) : asc(column);
  });
}
