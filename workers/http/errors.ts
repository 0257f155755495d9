// The Worker's one error boundary: a Problem is answered as itself; anything unexpected is logged with the request
// id and answered with a generic 500 whose message never reaches the client.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app';
import { Problem, problemResponse } from './problem';

export function toProblem(error: unknown): Problem | undefined {
  if (error instanceof Problem) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400 && /JSON/i.test(error.message)) {
      return new Problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
    }
    if (error.status === 413) return new Problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    return new Problem(error.status, 'HTTP_ERROR', error.message || 'The request could not be handled.');
  }
  return undefined;
}

export function handleError(error: unknown, c: Context<AppEnv>): Response {
  const instance = new URL(c.req.url).pathname;
  const problem = toProblem(error);
  if (problem) return problemResponse(problem, instance, c.var.requestId);
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'unhandled error',
      request_id: c.var.requestId,
      method: c.req.method,
      path: instance,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    }),
  );
  return problemResponse(
    new Problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side. The request id identifies it in the logs.'),
    instance,
    c.var.requestId,
  );
}
