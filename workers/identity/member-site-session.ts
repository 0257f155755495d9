// A member's session on the published site. The site runs no script, so it keeps the session in an HttpOnly cookie
// (workers/site/members.tsx), and the cookie holds the refresh token of the ordinary session a sign-in link starts:
// opaque, stored only as SHA-256, checked against D1 on each use, and ended by anything that ends a session (sign-out
// here, sign-out-everywhere, a password change, losing access to the site). The site only reads it: it never
// rotates it, because pages load in parallel and two rotations of one token would look like theft (./sessions.ts).
import type { Database } from '../../d1/db';
import { findRefreshToken, findRefreshTokenHolder, revokeSession } from '../../d1/repositories/sessions';
import type { Site } from '../../d1/repositories/sites';
import type { StaffMember } from '../../d1/repositories/users';
import { sha256Hex } from '../lib/secrets';
import { recordAudit } from './audit';
import { type IdentityDeps, REFRESH_TOKEN_PREFIX } from './sessions';

/** The member's session cookie on the site: it holds the session's refresh token. */
export const MEMBER_COOKIE = 'lede_member';
const MAX_TOKEN_LENGTH = 256;

const isSiteToken = (token: string) => token.startsWith(REFRESH_TOKEN_PREFIX) && token.length <= MAX_TOKEN_LENGTH;

/** The session a site cookie names, when it is one of this site's; undefined for anything else. */
async function sessionOfToken(db: Database, site: Site, token: string) {
  if (!isSiteToken(token)) return undefined;
  const found = await findRefreshToken(db, await sha256Hex(token));
  return found && found.session.siteId === site.id ? found : undefined;
}

/**
 * Who the site cookie signs in, re-read from D1 on every page (one read): undefined when the token is unknown,
 * another site's, spent by a refresh, expired, or its session ended, or when the account is disabled or no longer
 * belongs to the site.
 */
export async function memberOfSiteSession(
  db: Database,
  site: Site,
  token: string,
  now: Date,
): Promise<StaffMember | undefined> {
  if (!isSiteToken(token)) return undefined;
  const found = await findRefreshTokenHolder(db, await sha256Hex(token));
  if (!found || found.session.siteId !== site.id) return undefined;
  const { token: row, session, user, role } = found;
  if (row.rotatedAt || row.expiresAt <= now || session.revokedAt || session.expiresAt <= now) return undefined;
  return user?.status === 'active' && role ? { ...user, role } : undefined;
}

/** Ends the session the site cookie names (if it is this site's and still live) and records the sign-out. */
export async function endSiteSession(deps: IdentityDeps, site: Site, token: string, now: Date): Promise<void> {
  const found = await sessionOfToken(deps.db, site, token);
  if (!found || !(await revokeSession(deps.db, found.session.id, 'sign_out', now))) return;
  await recordAudit(deps.db, {
    siteId: site.id,
    action: 'session.signed_out',
    actor: { userId: found.session.userId },
    target: { type: 'session', id: found.session.id },
    ip: deps.ip,
    detail: { via: 'site' },
    at: now,
  });
}
