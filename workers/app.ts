// The one app factory: every sub-app is created here so `c.env` and `c.var` are typed the same everywhere.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '../d1/db';
import type { Site } from '../d1/repositories/sites';
import type { NewEventRow } from '../d1/repositories/events';
import type { Role } from '../d1/schema';
import type { StaffMember } from '../d1/repositories/users';
import { validationProblem } from './http/validation';

/** The signed-in staff member a request acts for, re-read from D1 on every request. */
export interface Actor {
  userId: string;
  siteId: string;
  role: Role;
  name: string;
  email: string;
  /** The session (refresh-token family) of the access token, when it names one. */
  sessionId?: string;
  /** Set when an integration key, not a person, is acting: the key and the actions its scopes grant. */
  integration?: { keyId: string; actions: ReadonlySet<string> };
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Database;
    site: Site;
    actor: Actor;
    /** The signed-in member reading the published site, if any (workers/site/reader-member.ts). */
    member: StaffMember | undefined;
    /** The Cache-Tags of the response being built (workers/cache/edge-cache.ts). */
    cacheTags: Set<string>;
    /** Events this request committed; the edge cache is purged of what they change before the response leaves. */
    committedEvents: NewEventRow[];
  };
}

export function createApp() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error, result.target);
    },
  });
}

export type App = ReturnType<typeof createApp>;
