// The Content API's query string: Ghost's parameter names, validated strictly (an unknown parameter is a 400, so a
// typo is reported instead of silently returning the unfiltered list), plus the helpers that interpret them.
import { z } from '@hono/zod-openapi';
import { FilterError, OrderError } from '../../d1/repositories/nql';
import { Problem } from '../http/problem';

export const DEFAULT_LIMIT = 15;
/** The most rows one request returns; `limit=all` means this many, not every row (a D1 and CPU budget). */
export const MAX_LIMIT = 100;

export const FORMATS = ['html', 'plaintext', 'mobiledoc', 'lexical'] as const;

export const splitList = (value: string | undefined): string[] =>
  value === undefined ? [] : [...new Set(value.split(',').map((item) => item.trim()))].filter(Boolean);

/** A comma-separated list whose every item is one of `allowed`. */
const commaList = (allowed: readonly string[], description: string) =>
  z
    .string()
    .max(2000)
    .superRefine((value, ctx) => {
      const unknown = splitList(value).filter((item) => !allowed.includes(item));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown value ${unknown.map((u) => `"${u}"`).join(', ')}; use ${allowed.join(', ')}.`,
        });
      }
    })
    .optional()
    .openapi({ description: `${description} Comma-separated: ${allowed.join(', ')}.` });

const key = z
  .string()
  .max(64)
  .openapi({ description: "The site's Content API key (the `contentKey` scheme); checked before the rest." });

const pageParams = {
  filter: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: 'Ghost NQL.', example: "tag:news+published_at:>'2026-01-01'" }),
  order: z.string().max(200).optional().openapi({ description: '"field asc|desc", comma-separated.' }),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  limit: z
    .union([z.literal('all'), z.coerce.number().int().min(1)])
    .optional()
    .openapi({ description: `Default ${DEFAULT_LIMIT}. Values above ${MAX_LIMIT}, and "all", mean ${MAX_LIMIT}.` }),
};

/** Query of posts and pages: browse takes the paging parameters, reads only the shaping ones. */
export function postQueries(fieldNames: readonly string[]) {
  const shape = {
    key,
    include: commaList(['tags', 'authors'], 'Relations to embed; primary_tag/primary_author come with them.'),
    fields: commaList(fieldNames, 'Only these members of each object.'),
    formats: commaList(FORMATS, 'Body formats; default html. mobiledoc and lexical are accepted and ignored.'),
  };
  return {
    browse: z.strictObject({ ...shape, ...pageParams }),
    // The Ghost client repeats a read's slug in the query string; it is accepted and the path's slug wins.
    read: z.strictObject({ ...shape, slug: z.string().max(191).optional() }),
  };
}

/** Query of tags and authors: `include=count.posts` is their only relation. */
export function taxonomyQueries(fieldNames: readonly string[]) {
  const shape = {
    key,
    include: commaList(['count.posts'], 'count.posts adds the number of published posts.'),
    fields: commaList(fieldNames, 'Only these members of each object.'),
  };
  return {
    browse: z.strictObject({ ...shape, ...pageParams }),
    read: z.strictObject({ ...shape, slug: z.string().max(191).optional() }),
  };
}

export const IdParam = z.strictObject({ id: z.string().min(1).max(64) });
export const SlugParam = z.strictObject({ slug: z.string().min(1).max(191) });

export interface PageWindow {
  page: number;
  limit: number;
  offset: number;
}

export function pageWindow(query: { page?: number; limit?: number | 'all' }): PageWindow {
  const page = query.page ?? 1;
  const wanted = query.limit ?? DEFAULT_LIMIT;
  const limit = wanted === 'all' ? MAX_LIMIT : Math.min(wanted, MAX_LIMIT);
  return { page, limit, offset: (page - 1) * limit };
}

/**
 * Parses NQL with Ghost's own parser; undefined for an absent or blank filter. The parser (with luxon, for dates) is
 * imported by the first filter an isolate reads: most reads have none, and an isolate's start should not pay for it.
 */
export async function parseFilter(filter: string | undefined): Promise<unknown> {
  if (filter === undefined || filter.trim() === '') return undefined;
  const { default: nql } = await import('@tryghost/nql-lang');
  try {
    return nql.parse(filter);
  } catch (error) {
    // The parser's first line names the position ("Query Error: unexpected character in filter at char 5").
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    throw new Problem(400, 'INVALID_FILTER', `The filter is not valid NQL. ${reason}`.trim());
  }
}

/** Whether a parsed filter names `field` anywhere; Ghost drops a default filter the caller's own filter overrides. */
export function mentionsField(query: unknown, field: string): boolean {
  if (Array.isArray(query)) return query.some((item) => mentionsField(item, field));
  if (typeof query !== 'object' || query === null) return false;
  return Object.entries(query).some(([k, v]) => k === field || mentionsField(v, field));
}

/** Runs a query, answering the caller's unsupported filter or order with a 400 that says which. */
export async function withQueryProblems<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OrderError) throw new Problem(400, 'INVALID_ORDER', error.message);
    if (error instanceof FilterError) throw new Problem(400, 'INVALID_FILTER', error.message);
    throw error;
  }
}
