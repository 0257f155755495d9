// Every Admin API route declares the policy action it needs, in its createRoute config: `...needs('post:edit')`.
// The declaration is enforced before the body is read (a role that may never do the action is refused at once; the
// service still decides 'own' against the resource) and is published in the OpenAPI document as `x-lede-action`,
// where the access-matrix test (test/identity/access-matrix.test.ts) reads it for every route.
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app';
import { type Action, authorize } from './policy';

export const ACTION_EXTENSION = 'x-lede-action';
/** Set on a route that answers people only, never an integration key, whatever its scopes grant. */
export const PEOPLE_ONLY_EXTENSION = 'x-lede-people-only';
/** Routes that need no credentials: setup and the sign-in steps. */
export const PUBLIC_ACTION = 'public';
export type RouteAction = Action | typeof PUBLIC_ACTION;

const gate = (action: Action) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const actor = c.get('actor');
    // A declared action without authentication in front of it is a wiring mistake, not a client's.
    if (!actor) throw new Error(`route needs ${action} but nothing authenticated the request`);
    authorize(actor, action, true);
    await next();
  });

/** The route needs `action`; `authenticate` runs first when the route is not under an authenticating `use()`. */
export const needs = (action: Action, ...authenticate: MiddlewareHandler<AppEnv>[]) => ({
  [ACTION_EXTENSION]: action,
  middleware: [...authenticate, gate(action)],
});

/** The route needs no credentials. */
export const isPublic = { [ACTION_EXTENSION]: PUBLIC_ACTION } as const;
