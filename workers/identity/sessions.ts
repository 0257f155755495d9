// Sessions: a sign-in starts a family of rotating refresh tokens; each refresh spends one token and returns its
// successor with a new 15-minute access token. Presenting a spent token again means it was copied, so the whole
// family is revoked. Access tokens name their family (`sid`) and die with it.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import { findTotp } from '../../d1/repositories/mfa';
import {
  findRefreshToken,
  insertSessionStatements,
  revokeSession,
  revokeUserSessions,
  rotateRefreshToken,
  type SessionRow,
} from '../../d1/repositories/sessions';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember, findUserByEmail, type StaffMember, updatePasswordHash } from '../../d1/repositories/users';
import type { Actor } from '../app';
import { Problem, unauthorized } from '../http/problem';
import { hashPassword, verifyPassword } from '../lib/password';
import { randomSecret, sha256Hex } from '../lib/secrets';
import { checkPassword } from './accounts';
import { auditStatement, recordAudit } from './audit';
import { Throttle } from './throttle';
import { issueAccessToken, issueMfaChallenge } from './tokens';

export const REFRESH_TOKEN_PREFIX = 'lede_rt_';
/** A refresh token unused this long expires; a session never outlives SESSION_MAX_MS however often it refreshes. */
export const REFRESH_TOKEN_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 60 * 24 * 60 * 60 * 1000;

/** What identity services need besides the database: the limiter, the client's address, the TOTP key. */
export interface IdentityDeps {
  db: Database;
  limiter: Env['RATE_LIMITER'];
  ip: string;
  /** The Worker secret TOTP secrets are encrypted under (./totp-vault.ts). */
  totpKey: string;
}

export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
}

const earliest = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** Starts a session for a verified user and records the sign-in. */
export async function startSession(deps: IdentityDeps, site: Site, userId: string, now: Date, via: string) {
  const sessionId = newId();
  const refreshToken = randomSecret(REFRESH_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  await deps.db.batch([
    ...insertSessionStatements(
      deps.db,
      { id: sessionId, siteId: site.id, userId, expiresAt },
      {
        hash: await sha256Hex(refreshToken),
        expiresAt: earliest(expiresAt, new Date(now.getTime() + REFRESH_TOKEN_TTL_MS)),
      },
      now,
    ),
    auditStatement(deps.db, {
      siteId: site.id,
      action: 'session.signed_in',
      actor: { userId },
      target: { type: 'session', id: sessionId },
      ip: deps.ip,
      detail: { via },
      at: now,
    }),
  ]);
  const access = await issueAccessToken(site.id, site.signingKey, userId, sessionId, now.getTime());
  return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken, sessionId } satisfies SessionTokens;
}

export type SignInResult =
  | { kind: 'session'; member: StaffMember; tokens: SessionTokens }
  | { kind: 'mfa'; mfaToken: string; expiresIn: number };

const invalidCredentials = () => unauthorized('The email or password is not right.', 'INVALID_CREDENTIALS');

/** Step one of sign-in: the password. With an authenticator enrolled, the answer is a challenge for step two. */
export async function passwordSignIn(
  deps: IdentityDeps,
  site: Site,
  email: string,
  password: string,
  now: Date,
): Promise<SignInResult> {
  const account = email.trim().toLowerCase();
  const throttle = new Throttle(deps.limiter, 'sign-in', { account, ip: deps.ip });
  await throttle.guard(now.getTime());
  const member = await checkPassword(deps.db, site, account, password);
  if (!member) {
    await recordAudit(deps.db, {
      siteId: site.id,
      action: 'session.sign_in_failed',
      ip: deps.ip,
      detail: { email: account },
      at: now,
    });
    await throttle.fail(now.getTime());
    throw invalidCredentials();
  }
  await throttle.succeed();
  return signInVerified(deps, site, member, now, 'password');
}

/** Signs in someone whose password was just checked: a session, or the MFA challenge when they have an authenticator. */
export async function signInVerified(
  deps: IdentityDeps,
  site: Site,
  member: StaffMember,
  now: Date,
  via: string,
): Promise<SignInResult> {
  const totp = await findTotp(deps.db, member.id);
  if (totp?.confirmedAt) {
    const challenge = await issueMfaChallenge(site.id, site.signingKey, member.id, now.getTime());
    return { kind: 'mfa', mfaToken: challenge.token, expiresIn: challenge.expiresIn };
  }
  const tokens = await startSession(deps, site, member.id, now, via);
  return { kind: 'session', member, tokens };
}

const invalidRefresh = () =>
  unauthorized('The refresh token is invalid, expired or revoked. Sign in again.', 'INVALID_REFRESH_TOKEN');

/** Spends a refresh token and returns its successor with a new access token. */
export async function refreshSession(deps: IdentityDeps, site: Site, refreshToken: string, now: Date) {
  const ipThrottle = new Throttle(deps.limiter, 'refresh', { ip: deps.ip });
  await ipThrottle.guard(now.getTime());
  const found = refreshToken.startsWith(REFRESH_TOKEN_PREFIX)
    ? await findRefreshToken(deps.db, await sha256Hex(refreshToken))
    : undefined;
  // Another site's token is refused like an unknown one and left alone: presenting it here proves nothing.
  if (!found || found.session.siteId !== site.id) {
    await ipThrottle.fail(now.getTime());
    throw invalidRefresh();
  }
  const { token, session } = found;
  const throttle = new Throttle(deps.limiter, 'refresh', { account: session.userId, ip: deps.ip });
  await throttle.guard(now.getTime());
  const reused = async () => {
    await revokeSession(deps.db, session.id, 'refresh_reuse', now);
    await recordAudit(deps.db, {
      siteId: site.id,
      action: 'session.refresh_reused',
      actor: { userId: session.userId },
      target: { type: 'session', id: session.id },
      ip: deps.ip,
      at: now,
    });
    await throttle.fail(now.getTime());
    return unauthorized(
      'This refresh token was already used, so the session has been ended everywhere it was used. Sign in again.',
      'REFRESH_TOKEN_REUSED',
    );
  };
  if (token.rotatedAt) throw await reused();
  if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now) {
    await throttle.fail(now.getTime());
    throw invalidRefresh();
  }
  const member = await findStaffMember(deps.db, site.id, session.userId);
  if (!member || member.status !== 'active') {
    // The account lost access here: none of its sessions on this site should outlive that.
    await revokeUserSessions(deps.db, { userId: session.userId, siteId: site.id }, 'access_lost', now);
    throw invalidRefresh();
  }
  const next = randomSecret(REFRESH_TOKEN_PREFIX);
  const expiresAt = earliest(session.expiresAt, new Date(now.getTime() + REFRESH_TOKEN_TTL_MS));
  const rotated = await rotateRefreshToken(
    deps.db,
    token.hash,
    { hash: await sha256Hex(next), sessionId: session.id, expiresAt },
    now,
  );
  // Lost a race with another request spending the same token: one of the two holders is not the owner.
  if (!rotated) throw await reused();
  const access = await issueAccessToken(site.id, site.signingKey, member.id, session.id, now.getTime());
  return {
    member,
    tokens: { accessToken: access.token, expiresIn: access.expiresIn, refreshToken: next, sessionId: session.id },
  };
}

/** Whether the session an access token names (read by the caller, batched with its other reads) is still live. */
export function isLiveSession(session: SessionRow | undefined, siteId: string, userId: string, now: Date): boolean {
  return (
    !!session && session.siteId === siteId && session.userId === userId && !session.revokedAt && session.expiresAt > now
  );
}

/**
 * Ends the session of the actor's access token and, when the editor app's refresh cookie came along, the session
 * that cookie belongs to: the two differ when the access token came from another sign-in, and leaving the cookie's
 * family alive would let whoever holds the cookie sign straight back in.
 */
export async function signOut(deps: IdentityDeps, actor: Actor, now: Date, cookieToken?: string): Promise<void> {
  const ids = new Set(actor.sessionId ? [actor.sessionId] : []);
  const cookieSession = cookieToken ? await ownSessionOfToken(deps.db, actor, cookieToken) : undefined;
  if (cookieSession) ids.add(cookieSession);
  for (const id of ids) {
    if (!(await revokeSession(deps.db, id, 'sign_out', now))) continue;
    await recordAudit(deps.db, {
      siteId: actor.siteId,
      action: 'session.signed_out',
      actor,
      target: { type: 'session', id },
      ip: deps.ip,
      at: now,
    });
  }
}

/** The session a refresh token belongs to, when it is the actor's on the actor's site; anyone else's is left alone. */
async function ownSessionOfToken(db: Database, actor: Actor, refreshToken: string): Promise<string | undefined> {
  if (!refreshToken.startsWith(REFRESH_TOKEN_PREFIX)) return undefined;
  const found = await findRefreshToken(db, await sha256Hex(refreshToken));
  const mine = found && found.session.siteId === actor.siteId && found.session.userId === actor.userId;
  return mine ? found.session.id : undefined;
}

/** Ends every session of the actor on this site, this one included. */
export async function signOutEverywhere(deps: IdentityDeps, actor: Actor, now: Date): Promise<number> {
  const ended = await revokeUserSessions(
    deps.db,
    { userId: actor.userId, siteId: actor.siteId },
    'sign_out_everywhere',
    now,
  );
  await recordAudit(deps.db, {
    siteId: actor.siteId,
    action: 'session.signed_out_everywhere',
    actor,
    ip: deps.ip,
    detail: { sessions: ended },
    at: now,
  });
  return ended;
}

/**
 * Changes the password after checking the current one (throttled like sign-in), and ends every other session of
 * the user on every site: the password is the user's, not the site's.
 */
export async function changePassword(
  deps: IdentityDeps,
  actor: Actor,
  current: string,
  next: string,
  now: Date,
): Promise<number> {
  const throttle = new Throttle(deps.limiter, 'sign-in', { account: actor.email.toLowerCase(), ip: deps.ip });
  await throttle.guard(now.getTime());
  const user = await findUserByEmail(deps.db, actor.email);
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    await throttle.fail(now.getTime());
    throw new Problem(403, 'WRONG_PASSWORD', 'The current password is not right; the password was not changed.');
  }
  await updatePasswordHash(deps.db, user.id, await hashPassword(next), now);
  const ended = await revokeUserSessions(
    deps.db,
    { userId: user.id, ...(actor.sessionId ? { except: actor.sessionId } : {}) },
    'password_changed',
    now,
  );
  await recordAudit(deps.db, {
    siteId: actor.siteId,
    action: 'password.changed',
    actor,
    target: { type: 'user', id: user.id },
    ip: deps.ip,
    detail: { other_sessions_ended: ended },
    at: now,
  });
  return ended;
}
