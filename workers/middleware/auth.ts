import { createMiddleware } from 'hono/factory';
import { findStaffMember } from '../../d1/repositories/users';
import type { AppEnv } from '../app';
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
  const { site } = c.var;
  const claims = await verifyAccessToken(match[1], site.id, site.signingKey);
  if (!claims) throw unauthorized('The access token is invalid, expired or not for this site.', 'INVALID_TOKEN');
  const member = await findStaffMember(c.var.db, site.id, claims.sub);
  if (!member || member.status !== 'active') {
    throw unauthorized('This account no longer has access to this site.', 'INVALID_TOKEN');
  }
  c.set('actor', { userId: member.id, siteId: site.id, role: member.role, name: member.name, email: member.email });
  c.header('cache-control', 'no-store');
  await next();
});
