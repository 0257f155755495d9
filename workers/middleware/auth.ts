import { createMiddleware } from 'hono/factory';
import { findStaffMember } from '../../d1/repositories/users';
import type { Database } from '../../d1/db';
import type { Site } from '../../d1/repositories/sites';
import type { Actor, AppEnv } from '../app';
import { unauthorized } from '../http/problem';
import { verifyAccessToken } from '../identity/tokens';

/**
 * Requires a valid access token for this site and a current, active staff membership. The role is read from D1 on
 * every request so a demotion or a disabled account takes effect at once, not when the token expires.
 */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Sign in and send the access token as "Authorization: Bearer <token>".');
  c.set('actor', await actorFor(c.var.db, c.var.site, match[1]));
  c.header('cache-control', 'no-store');
  await next();
});

/** The active staff member an access token signs in as, or a 401. */
export async function actorFor(db: Database, site: Site, token: string): Promise<Actor> {
  const claims = await verifyAccessToken(token, site.id, site.signingKey);
  if (!claims) throw unauthorized('The access token is invalid, expired or not for this site.', 'INVALID_TOKEN');
  const member = await findStaffMember(db, site.id, claims.sub);
  if (!member || member.status !== 'active') {
    throw unauthorized('This account no longer has access to this site.', 'INVALID_TOKEN');
  }
  return { userId: member.id, siteId: site.id, role: member.role, name: member.name, email: member.email };
}
