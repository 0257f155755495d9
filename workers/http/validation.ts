import type { ZodError } from 'zod';
import { Problem } from './problem';

/** Turns a zod failure at an HTTP boundary into a 400 (query, params) or 422 (body) problem listing each issue. */
export function validationProblem(error: ZodError, target: string): Problem {
  const issues = error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const where = target === 'json' ? 'request body' : target === 'param' ? 'path' : target;
  return new Problem(target === 'json' ? 422 : 400, 'VALIDATION_FAILED', `The ${where} is not valid.`, { issues });
}
