// Pieces every OpenAPI route description shares: the problem schema, error responses, security, pagination.
import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    detail: z.string(),
    instance: z.string(),
    request_id: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    errors: z.array(z.object({ message: z.string(), type: z.string(), code: z.string() })),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const errorResponses = {
  400: problem('The query or path is not valid.'),
  401: problem('Missing, invalid or expired credentials.'),
  403: problem('Your role may not do this.'),
  404: problem('No such resource on this site.'),
} as const;

export const writeErrorResponses = {
  ...errorResponses,
  409: problem('A conflicting write (slug taken, concurrent edit).'),
  412: problem('If-Match names an old version.'),
  413: problem('The body is too large.'),
  422: problem('The body is not valid.'),
} as const;

export const bearerAuth = [{ bearerAuth: [] }];

export const PaginationSchema = z
  .object({
    page: z.number().int(),
    limit: z.number().int(),
    pages: z.number().int(),
    total: z.number().int(),
    next: z.number().int().nullable(),
    prev: z.number().int().nullable(),
  })
  .openapi('Pagination');

export function pagination(page: number, limit: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return { page, limit, pages, total, next: page < pages ? page + 1 : null, prev: page > 1 ? page - 1 : null };
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
