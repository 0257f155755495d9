// One error type and one error shape: RFC 9457 problem+json with a stable SCREAMING_SNAKE_CASE code.
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ProblemFields {
  /** Field-level details for validation failures: where, and what was wrong. */
  issues?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly fields: ProblemFields = {},
    /** Response headers that belong to this problem, such as a 401's WWW-Authenticate challenge. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  507: 'Insufficient Storage',
};

export const notFound = (what: string) => new Problem(404, 'NOT_FOUND', `${what} not found.`);
export const forbidden = (detail: string, code = 'FORBIDDEN') => new Problem(403, code, detail);
/** A 401 with the challenge naming how to authenticate (RFC 9110 requires one). */
export const unauthorized = (detail: string, code = 'UNAUTHORIZED', challenge = 'Bearer') =>
  new Problem(401, code, detail, {}, { 'www-authenticate': challenge });

/**
 * Renders a problem. The `errors` member mirrors Ghost's error envelope so Ghost's own clients
 * (which read `errors[0].message` and `.type`) surface Lede's errors unchanged.
 */
export function problemResponse(problem: Problem, instance: string, requestId?: string): Response {
  const body = {
    type: `https://lede.dev/problems/${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    instance,
    ...(requestId ? { request_id: requestId } : {}),
    ...problem.fields,
    errors: [{ message: problem.detail, type: problem.code, code: problem.code }],
  };
  const headers = new Headers({
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
  });
  for (const [name, value] of Object.entries(problem.headers)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
