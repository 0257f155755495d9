// Member sign-up and sign-in by emailed link, for readers. Asking for a link always gets the same answer, whether or
// not the email has an account, and every ask counts against the throttle. The link works once, for 30 minutes; its
// first use creates the member account (role `member`, no staff rights) when there is none, then signs the reader in
// like POST /admin/session (an MFA challenge when the account has an authenticator). Staff of the site get no link:
// they sign in with their password, and a link must never be a way around it.
import { eventInserts } from '../../d1/repositories/events';
import {
  insertMemberLinkStatement,
  retireMemberLinksStatement,
  spendMemberLink,
} from '../../d1/repositories/member-links';
import { insertOutboundMessageStatement } from '../../d1/repositories/outbound-messages';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember, findUserByEmail, insertMembershipStatement } from '../../d1/repositories/users';
import type { Outbox } from '../../queues/events/relay';
import { Problem } from '../http/problem';
import { randomSecret, sha256Hex } from '../lib/secrets';
import { userCreatedRow } from './account-events';
import { userStatements } from './accounts';
import { auditStatement } from './audit';
import { memberLink, memberSignInMessage } from './messages';
import { type IdentityDeps, signInVerified, type SignInResult } from './sessions';
import { Throttle } from './throttle';

export const MEMBER_LINK_PREFIX = 'lede_ml_';
export const MEMBER_LINK_TTL_MS = 30 * 60 * 1000;
/** The one answer to a request for a link, whether or not the address gets one (the API's and the site's). */
export const MEMBER_LINK_ACCEPTED =
  'Check your inbox: if this email can sign up or sign in here, a link is on its way.';

export type MemberDeps = IdentityDeps & { outbox: Outbox };

/** Emails a sign-up (or sign-in) link unless the address is staff here or disabled; visibly the same either way. */
export async function requestMemberLink(
  deps: IdentityDeps,
  site: Site,
  input: { email: string; name?: string | undefined },
  origin: string,
  now: Date,
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const throttle = new Throttle(deps.limiter, 'member-link', { account: email, ip: deps.ip });
  await throttle.guard(now.getTime());
  await throttle.fail(now.getTime());
  const user = await findUserByEmail(deps.db, email);
  const membership = user ? await findStaffMember(deps.db, site.id, user.id) : undefined;
  if (user?.status === 'disabled' || (membership && membership.role !== 'member')) return;
  const token = randomSecret(MEMBER_LINK_PREFIX);
  const expiresAt = new Date(now.getTime() + MEMBER_LINK_TTL_MS);
  const message = memberSignInMessage(site, email, !user, memberLink(origin, token), expiresAt);
  await deps.db.batch([
    retireMemberLinksStatement(deps.db, site.id, email, now),
    insertMemberLinkStatement(deps.db, {
      tokenHash: await sha256Hex(token),
      siteId: site.id,
      email,
      name: input.name?.trim() || null,
      createdAt: now,
      expiresAt,
    }),
    insertOutboundMessageStatement(deps.db, { ...message, createdAt: now }),
  ]);
}

const invalidLink = () =>
  new Problem(400, 'INVALID_SIGN_IN_LINK', 'This sign-in link is invalid, used or expired. Ask for a new one.');

/** Spends the link; creates the member on first use; signs them in. */
export async function verifyMemberLink(deps: MemberDeps, site: Site, token: string, now: Date): Promise<SignInResult> {
  const throttle = new Throttle(deps.limiter, 'member-token', { ip: deps.ip });
  await throttle.guard(now.getTime());
  const link = token.startsWith(MEMBER_LINK_PREFIX)
    ? await spendMemberLink(deps.db, site.id, await sha256Hex(token), now)
    : undefined;
  if (!link) {
    await throttle.fail(now.getTime());
    throw invalidLink();
  }
  const user = await findUserByEmail(deps.db, link.email);
  const existing = user ? await findStaffMember(deps.db, site.id, user.id) : undefined;
  // Disabled, or made staff since the link was sent: staff sign in with their password.
  if (user?.status === 'disabled' || (existing && existing.role !== 'member')) throw invalidLink();
  const member = existing ?? (await join(deps, site, link.email, link.name, user?.id, now));
  return signInVerified(deps, site, member, now, 'member_link');
}

/** Makes `email` a member of the site: a new account (with a password nobody knows) unless it has one already. */
async function join(
  deps: MemberDeps,
  site: Site,
  email: string,
  name: string | null,
  userId: string | undefined,
  now: Date,
) {
  const writes = [];
  let id = userId;
  let displayName = name ?? email.slice(0, email.indexOf('@'));
  if (!id) {
    // A random password keeps the account's sign-in cost and answers exactly like any other account's.
    const account = await userStatements(deps.db, { name: displayName, email, password: randomSecret('') }, now);
    [id, displayName] = [account.id, account.name];
    writes.push(account.statement);
  }
  const trace = { actor: { type: 'user' as const, id }, correlationId: deps.outbox.correlationId };
  const events = [userCreatedRow(trace, site.id, { id, name: displayName, role: 'member' }, now)];
  await deps.db.batch([
    ...writes,
    insertMembershipStatement(deps.db, site.id, id, 'member', now),
    ...eventInserts(deps.db, events),
    auditStatement(deps.db, {
      siteId: site.id,
      action: 'member.signed_up',
      actor: { userId: id },
      target: { type: 'user', id },
      ip: deps.ip,
      detail: { email, new_account: !userId },
      at: now,
    }),
  ] as unknown as Parameters<typeof deps.db.batch>[0]);
  deps.outbox.committed(events);
  return (await findStaffMember(deps.db, site.id, id))!;
}
