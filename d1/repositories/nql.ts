// Compiles the JSON that Ghost's NQL parser emits (Mongo-style: {$and: [{tag: 'news'}, {featured: true}]}) and
// Ghost-style "field dir" orderings into SQL. Each resource passes the fields it may be filtered or ordered by, so a
// filter can never reach a column that is not listed.
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, not, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** A filter the caller wrote that cannot be compiled; its message is safe to show them. */
export class FilterError extends Error {}
/** An ordering the caller wrote that cannot be compiled (a FilterError, so existing handlers still catch it). */
export class OrderError extends FilterError {}

export type FieldKind = 'text' | 'bool' | 'time';

export type NqlField =
  /** A column compared directly; `values` restricts a text column to known values. */
  | { column: SQLiteColumn; kind: FieldKind; values?: readonly string[] }
  /** A relation matched by slug: `slugs` is `= ?` or `IN (…)`, the result is an EXISTS test. */
  | { relation: (slugs: SQL) => SQL };

export type NqlFields = Record<string, NqlField>;

// Bounds a single list so one `[a,b,…]` cannot use up D1's 100 bound parameters by itself.
const MAX_LIST = 50;
const MAX_DEPTH = 20;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toValue(
  spec: { kind: FieldKind; values?: readonly string[] },
  field: string,
  raw: unknown,
): string | Date | boolean {
  if (spec.kind === 'bool') {
    if (typeof raw !== 'boolean') throw new FilterError(`${field} takes true or false.`);
    return raw;
  }
  if (spec.kind === 'time') {
    const date = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new FilterError(`${field} takes a date.`);
    return date;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new FilterError(`${field} takes a text value.`);
  if (spec.values && !spec.values.includes(String(raw))) {
    throw new FilterError(`Unknown ${field} "${String(raw)}".`);
  }
  return String(raw);
}

function listOf<T>(field: string, raw: unknown, each: (v: unknown) => T): T[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_LIST) throw new FilterError(`${field}: bad list.`);
  return raw.map(each);
}

function columnCondition(field: string, spec: Extract<NqlField, { column: SQLiteColumn }>, condition: unknown): SQL {
  const { column } = spec;
  const value = (raw: unknown) => toValue(spec, field, raw);
  if (!isRecord(condition)) return condition === null ? sql`${column} IS NULL` : eq(column, value(condition));
  const entries = Object.entries(condition);
  if (entries.length !== 1) throw new FilterError(`Unsupported condition on "${field}".`);
  const [op, raw] = entries[0]!;
  switch (op) {
    case '$ne':
      return raw === null ? sql`${column} IS NOT NULL` : ne(column, value(raw));
    case '$gt':
      return gt(column, value(raw));
    case '$gte':
      return gte(column, value(raw));
    case '$lt':
      return lt(column, value(raw));
    case '$lte':
      return lte(column, value(raw));
    case '$in':
      return inArray(column, listOf(field, raw, value));
    case '$nin':
      return not(inArray(column, listOf(field, raw, value)));
    default:
      throw new FilterError(`Operator ${op} is not supported on "${field}".`);
  }
}

function relationCondition(field: string, relation: (slugs: SQL) => SQL, condition: unknown): SQL {
  const slug = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw new FilterError(`${field} takes a slug.`);
    return sql`${String(v)}`;
  };
  if (!isRecord(condition)) return relation(sql`= ${slug(condition)}`);
  const [op, raw] = Object.entries(condition)[0] ?? [];
  const slugs = () => sql.join(listOf(field, raw, slug), sql`, `);
  if (op === '$ne') return not(relation(sql`= ${slug(raw)}`));
  if (op === '$in') return relation(sql`IN (${slugs()})`);
  if (op === '$nin') return not(relation(sql`IN (${slugs()})`));
  throw new FilterError(`Operator ${String(op)} is not supported on "${field}".`);
}

/** Translates NQL's JSON over `fields`; nesting is bounded so a hostile filter cannot exhaust the stack. */
export function compileNql(query: unknown, fields: NqlFields, depth = 0): SQL {
  if (depth > MAX_DEPTH) throw new FilterError('The filter is nested too deeply.');
  if (!isRecord(query)) throw new FilterError('The filter is not valid.');
  const parts = Object.entries(query).map(([key, value]): SQL => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new FilterError('The filter is not valid.');
      const inner = value.map((v) => compileNql(v, fields, depth + 1));
      return (key === '$and' ? and(...inner) : or(...inner)) ?? sql`1`;
    }
    // Own properties only: a field named "constructor" must not find Object.prototype.constructor.
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!spec) throw new FilterError(`Filtering by "${key}" is not supported.`);
    return 'relation' in spec ? relationCondition(key, spec.relation, value) : columnCondition(key, spec, value);
  });
  return and(...parts) ?? sql`1`;
}

/** Parses "published_at desc, title asc" over `orderable`; unknown fields are an error rather than ignored. */
export function compileOrder(
  order: string | undefined,
  fallback: string,
  orderable: Record<string, SQLiteColumn | SQL>,
): SQL[] {
  return (order ?? fallback).split(',').map((part) => {
    const [field = '', dir = 'asc', ...rest] = part.trim().split(/\s+/);
    const expression = Object.hasOwn(orderable, field) ? orderable[field] : undefined;
    if (!expression || rest.length > 0 || !/^(asc|desc)$/i.test(dir)) {
      throw new OrderError(`Cannot order by "${part.trim()}".`);
    }
    return dir.toLowerCase() === 'desc' ? desc(expression) : asc(expression);
  });
}

/** D1 refuses statements with more than 100 bound parameters; a long filter gets a 400 instead of a 500. */
export function assertParamBudget(query: { toSQL(): { params: unknown[] } }): void {
  if (query.toSQL().params.length > 100) throw new FilterError('The filter names too many values.');
}
