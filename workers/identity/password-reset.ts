// Password reset by emailed link. Asking always gets the same answer, whether or not the email belongs to anyone,
// and every ask counts against the throttle. The link's token works once, for an hour; using it sets the password
// and ends every session of the account, on every site (the password is the user's, not the site's).
import { insertOutboundMessageStatement } from '../../d1/repositories/outbound-messages';
import {
  insertPasswordResetStatement,
  retireUserResetsStatement,
  spendPasswordReset,
} from '../../d1/repositories/password-resets';
import { revokeUserSessions } from '../../d1/repositories/sessions';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember, findUserByEmail, updatePasswordHash } from '../../d1/repositories/users';
import { Problem } from '../http/problem';
import { hashPassword } from '../lib/password';
import { randomSecret, sha256Hex } from '../lib/secrets';
import { auditStatement, recordAudit } from './audit';
import { passwordResetMessage, resetLink } from './messages';
import type { IdentityDeps } from './sessions';
import { Throttle } from './throttle';

export const RESET_TOKEN_PREFIX = 'lede_pr_';
export const RESET_TTL_MS = 60 * 60 * 1000;

/** Sends a reset link if `email` is active staff of this site; otherwise does nothing, visibly the same. */
export async function requestPasswordReset(
  deps: IdentityDeps,
  site: Site,
  email: string,
  origin: string,
  now: Date,
): Promise<void> {
  const account = email.trim().toLowerCase();
  const throttle = new Throttle(deps.limiter, 'reset-request', { account, ip: deps.ip });
  await throttle.guard(now.getTime());
  await throttle.fail(now.getTime());
  const user = await findUserByEmail(deps.db, account);
  const member = user ? await findStaffMember(deps.db, site.id, user.id) : undefined;
  if (!member || member.status !== 'active') return;
  const token = randomSecret(RESET_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  const message = passwordResetMessage(site, member.email, resetLink(origin, token), expiresAt);
  await deps.db.batch([
    retireUserResetsStatement(deps.db, member.id, now),
    insertPasswordResetStatement(deps.db, {
      tokenHash: await sha256Hex(token),
      siteId: site.id,
      userId: member.id,
      createdAt: now,
      expiresAt,
    }),
    insertOutboundMessageStatement(deps.db, { ...message, createdAt: now }),
    auditStatement(deps.db, {
      siteId: site.id,
      action: 'password.reset_requested',
      actor: { userId: member.id },
      target: { type: 'user', id: member.id },
      ip: deps.ip,
      at: now,
    }),
  ]);
}

const invalidReset = () =>
  new Problem(400, 'INVALID_RESET_TOKEN', 'This reset link is invalid, used or expired. Ask for a new one.');

/** Spends the token, sets the new password and ends every session of the account; returns how many ended. */
export async function resetPassword(
  deps: IdentityDeps,
  site: Site,
  token: string,
  password: string,
  now: Date,
): Promise<number> {
  const throttle = new Throttle(deps.limiter, 'reset-token', { ip: deps.ip });
  await throttle.guard(now.getTime());
  const spent = token.startsWith(RESET_TOKEN_PREFIX)
    ? await spendPasswordReset(deps.db, site.id, await sha256Hex(token), now)
    : undefined;
  const member = spent ? await findStaffMember(deps.db, site.id, spent.userId) : undefined;
  if (!member || member.status !== 'active') {
    await throttle.fail(now.getTime());
    throw invalidReset();
  }
  await updatePasswordHash(deps.db, member.id, await hashPassword(password), now);
  const ended = await revokeUserSessions(deps.db, { userId: member.id }, 'password_reset', now);
  await recordAudit(deps.db, {
    siteId: site.id,
    action: 'password.reset',
    actor: { userId: member.id },
    target: { type: 'user', id: member.id },
    ip: deps.ip,
    detail: { sessions_ended: ended },
    at: now,
  });
  return ended;
}
