import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findTotp, type TotpRow } from '../../d1/repositories/mfa';
import { type SessionRow, sessionQuery } from '../../d1/repositories/sessions';
import { staffMemberOf, staffMemberQuery } from '../../d1/repositories/users';
import type { Database } from '../../d1/db';
import type { Site } from '../../d1/repositories/sites';
import type { Actor, AppEnv } from '../app';
import { forbidden, unauthorized } from '../http/problem';
import { actorForIntegrationKey, INTEGRATION_KEY_PREFIX } from '../identity/integrations';
import { isLiveSession } from '../identity/sessions';
import { LOCAL_IP } from '../identity/throttle';
import { type AccessClaims, verifyAccessToken } from '../identity/tokens';

/** The client's address as Cloudflare saw it; local development and tests have none and share one key. */
export const clientIp = (c: Context<AppEnv>) => c.req.header('cf-connecting-ip')?.trim() || LOCAL_IP;

function bearer(c: Context<AppEnv>): string {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw unauthorized('Sign in and send the access token as "Authorization: Bearer <token>".');
  return match[1];
}

/**
 * Requires a valid access token (or integration key) for this site and a current, active staff membership. The
 * role is read from D1 on every request so a demotion or a disabled account takes effect at once, not when the
 * token expires. When the site requires MFA, staff without an authenticator may only enrol one
 * (`allowUnenrolled` marks the routes that let them).
 */
function staffAuth(options: { allowUnenrolled: boolean; peopleOnly: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const credential = bearer(c);
    const { db, site } = c.var;
    const actor = credential.startsWith(INTEGRATION_KEY_PREFIX)
      ? await actorForIntegrationKey(db, site, credential)
      : await actorFor(db, site, credential);
    if (actor.integration && options.peopleOnly) {
      throw forbidden('Only a signed-in person may do this, not an integration key.', 'PERSON_REQUIRED');
    }
    if (!options.allowUnenrolled) await requireMfaWhereRequired(db, site, actor);
    c.set('actor', actor);
    c.header('cache-control', 'no-store');
    await next();
  });
}

/** Staff or an integration key, with MFA enrolled where the site requires it. */
export const requireStaff = staffAuth({ allowUnenrolled: false, peopleOnly: false });
/** A signed-in person (never an integration key): their own account and security settings. */
export const requirePerson = staffAuth({ allowUnenrolled: false, peopleOnly: true });
/** A signed-in person who may still need to enrol an authenticator: enrolment, sign-out, their own profile. */
export const requirePersonMayEnrol = staffAuth({ allowUnenrolled: true, peopleOnly: true });

/** Throws 403 MFA_ENROLMENT_REQUIRED when the site requires MFA and this person has no authenticator yet. */
export async function requireMfaWhereRequired(db: Database, site: Site, actor: Actor): Promise<void> {
  if (actor.integration || !site.requireMfa) return;
  requireMfaEnrolled(site, actor, await findTotp(db, actor.userId));
}

/** The same check, given the person's authenticator row (read by the caller, in a D1 batch of its own). */
export function requireMfaEnrolled(site: Site, actor: Actor, totp: TotpRow | undefined): void {
  if (actor.integration || !site.requireMfa || totp?.confirmedAt) return;
  throw forbidden(
    'This site requires multi-factor sign-in: enrol an authenticator at /users/me/mfa/totp first.',
    'MFA_ENROLMENT_REQUIRED',
  );
}

/** The active staff member an access token signs in as, or a 401. */
export async function actorFor(db: Database, site: Site, token: string, now = new Date()): Promise<Actor> {
  const claims = await signedClaims(site, token, now);
  // Every signed-in request reads both, so they share one D1 round trip.
  const [members, sessionRows] = claims.sid
    ? await db.batch([staffMemberQuery(db, site.id, claims.sub), sessionQuery(db, claims.sid)])
    : [await staffMemberQuery(db, site.id, claims.sub), []];
  return actorOf(site, claims, members[0], sessionRows[0], now);
}

/** An access token's claims once its signature, audience and expiry hold, or a 401. */
export async function signedClaims(site: Site, token: string, now: Date): Promise<AccessClaims> {
  const claims = await verifyAccessToken(token, site.id, site.signingKey, now.getTime());
  if (!claims) throw invalidToken();
  return claims;
}

/** The 401 for a token that is not a valid access token of the site. */
export const invalidToken = () =>
  unauthorized('The access token is invalid, expired or not for this site.', 'INVALID_TOKEN');

/**
 * Who the claims sign in as, from the rows of staffMemberQuery and sessionQuery (read by the caller, so it can put
 * them in one D1 batch with reads of its own), or a 401 when the account or the session no longer holds.
 */
export function actorOf(
  site: Site,
  claims: AccessClaims,
  memberRow: Parameters<typeof staffMemberOf>[0],
  session: SessionRow | undefined,
  now: Date,
): Actor {
  const member = staffMemberOf(memberRow);
  if (!member || member.status !== 'active') {
    throw unauthorized('This account no longer has access to this site.', 'INVALID_TOKEN');
  }
  if (claims.sid && !isLiveSession(session, site.id, member.id, now)) {
    throw unauthorized('This session has ended. Sign in again.', 'INVALID_TOKEN');
  }
  return {
    userId: member.id,
    siteId: site.id,
    role: member.role,
    name: member.name,
    email: member.email,
    ...(claims.sid ? { sessionId: claims.sid } : {}),
  };
}
