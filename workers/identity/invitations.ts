// Invitations: owners and admins invite an email with a role; the invited person follows the emailed link once,
// before it expires, to join the site (with a new account, or their existing one and its password) and is signed in.
import type { Database } from '../../d1/db';
import { eventInserts } from '../../d1/repositories/events';
import { newId } from '../../d1/ids';
import {
  acceptInvitationStatements,
  findInvitation,
  findInvitationByHash,
  insertInvitationStatement,
  type InvitationRow,
  isSpentInvitationError,
  listInvitations,
  revokeInvitation,
  revokePendingForEmailStatement,
} from '../../d1/repositories/invitations';
import { insertOutboundMessageStatement } from '../../d1/repositories/outbound-messages';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember, findUserByEmail } from '../../d1/repositories/users';
import type { Role } from '../../d1/schema';
import { buildEvent, eventRow } from '../../queues/events/build';
import type { Outbox } from '../../queues/events/relay';
import type { Actor } from '../app';
import { forbidden, notFound, Problem, unauthorized } from '../http/problem';
import { verifyPassword } from '../lib/password';
import { randomSecret, sha256Hex } from '../lib/secrets';
import { userCreatedRow } from './account-events';
import { userStatements } from './accounts';
import { auditStatement, recordAudit } from './audit';
import { invitationLink, invitationMessage } from './messages';
import { authorize, mayInvite } from './policy';
import { type IdentityDeps, signInVerified, type SignInResult } from './sessions';
import { Throttle } from './throttle';

export const INVITATION_TOKEN_PREFIX = 'lede_inv_';
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationDeps = IdentityDeps & { outbox: Outbox };
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(row: InvitationRow, now: Date): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

function requireMayInvite(actor: Actor, role: Role) {
  authorize(actor, 'user:invite');
  if (!mayInvite(actor, role)) throw forbidden(`Your role (${actor.role}) may not invite anyone as ${role}.`);
}

/** Invites `email` as `role`: writes the invitation, its user.invited event, the email and the audit entry at once. */
export async function invite(
  deps: InvitationDeps,
  actor: Actor,
  site: Site,
  input: { email: string; role: Role },
  origin: string,
  now: Date,
): Promise<InvitationRow> {
  requireMayInvite(actor, input.role);
  const email = input.email.trim().toLowerCase();
  const existing = await findUserByEmail(deps.db, email);
  if (existing && (await findStaffMember(deps.db, site.id, existing.id))) {
    throw new Problem(409, 'ALREADY_MEMBER', 'That person is already on the staff of this site.');
  }
  const token = randomSecret(INVITATION_TOKEN_PREFIX);
  const row = {
    id: newId(),
    siteId: site.id,
    email,
    role: input.role,
    tokenHash: await sha256Hex(token),
    invitedBy: actor.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
  };
  // The invitee has no account yet, so the invitation is the aggregate, at version 0.
  const events = [
    eventRow(
      buildEvent(
        { actor: { type: 'user', id: actor.userId }, correlationId: deps.outbox.correlationId },
        {
          type: 'user.invited',
          siteId: site.id,
          aggregate: { type: 'user', id: row.id, version: 0 },
          payload: { email, role: input.role, invited_by: actor.userId },
        },
        now,
      ),
    ),
  ];
  const message = invitationMessage(site, row, actor.name, invitationLink(origin, token), row.expiresAt);
  await deps.db.batch([
    // A new invitation replaces any still pending for the same email: only the newest link works.
    revokePendingForEmailStatement(deps.db, site.id, email, now),
    insertInvitationStatement(deps.db, row),
    ...eventInserts(deps.db, events),
    insertOutboundMessageStatement(deps.db, { ...message, createdAt: now }),
    auditStatement(deps.db, {
      siteId: site.id,
      action: 'invitation.created',
      actor,
      target: { type: 'invitation', id: row.id },
      ip: deps.ip,
      detail: { email, role: input.role },
      at: now,
    }),
  ]);
  deps.outbox.committed(events);
  return { ...row, acceptedAt: null, acceptedUserId: null, revokedAt: null };
}

export async function browseInvitations(db: Database, actor: Actor): Promise<InvitationRow[]> {
  authorize(actor, 'user:invite');
  return listInvitations(db, actor.siteId);
}

/** Revokes a pending invitation; only someone who may invite with its role may revoke it. */
export async function revoke(deps: IdentityDeps, actor: Actor, id: string, now: Date): Promise<void> {
  authorize(actor, 'user:invite');
  const row = await findInvitation(deps.db, actor.siteId, id);
  if (!row) throw notFound('Invitation');
  requireMayInvite(actor, row.role);
  if (!(await revokeInvitation(deps.db, actor.siteId, id, now))) {
    throw new Problem(409, 'INVITATION_NOT_PENDING', 'That invitation was already accepted or revoked.');
  }
  await recordAudit(deps.db, {
    siteId: actor.siteId,
    action: 'invitation.revoked',
    actor,
    target: { type: 'invitation', id },
    ip: deps.ip,
    detail: { email: row.email, role: row.role },
    at: now,
  });
}

const invalidInvitation = () =>
  new Problem(
    400,
    'INVALID_INVITATION',
    'This invitation link is invalid, used, revoked or expired. Ask for a new invitation.',
  );

/**
 * Accepts an invitation with its token. Unknown, used, revoked, expired and other-site tokens get one answer. A new
 * email gets an account with `name` and `password`; an email that already has an account (staff elsewhere) joins
 * with that account, proven by its password, and keeps its name. Then the person is signed in like POST /session.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  site: Site,
  input: { token: string; name: string; password: string },
  now: Date,
): Promise<SignInResult> {
  const throttle = new Throttle(deps.limiter, 'invite-token', { ip: deps.ip });
  await throttle.guard(now.getTime());
  const found = input.token.startsWith(INVITATION_TOKEN_PREFIX)
    ? await findInvitationByHash(deps.db, await sha256Hex(input.token))
    : undefined;
  if (!found || found.siteId !== site.id || invitationStatus(found, now) !== 'pending') {
    await throttle.fail(now.getTime());
    throw invalidInvitation();
  }
  const existing = await findUserByEmail(deps.db, found.email);
  let userId: string;
  let name: string;
  const writes = [];
  if (existing) {
    const signIn = new Throttle(deps.limiter, 'sign-in', { account: found.email, ip: deps.ip });
    await signIn.guard(now.getTime());
    if (!(await verifyPassword(input.password, existing.passwordHash))) {
      await signIn.fail(now.getTime());
      throw unauthorized(
        'That email already has an account: accept with its password to join with it.',
        'INVALID_CREDENTIALS',
      );
    }
    await signIn.succeed();
    if (existing.status !== 'active') throw invalidInvitation();
    if (await findStaffMember(deps.db, site.id, existing.id)) {
      throw new Problem(409, 'ALREADY_MEMBER', 'You are already on the staff of this site; sign in instead.');
    }
    [userId, name] = [existing.id, existing.name];
  } else {
    const user = await userStatements(deps.db, { name: input.name, email: found.email, password: input.password }, now);
    [userId, name] = [user.id, user.name];
    writes.push(user.statement);
  }
  const events = [
    userCreatedRow(
      { actor: { type: 'user', id: userId }, correlationId: deps.outbox.correlationId },
      site.id,
      { id: userId, name, role: found.role },
      now,
    ),
  ];
  try {
    await deps.db.batch([
      ...writes,
      ...acceptInvitationStatements(deps.db, found.id, userId, found.role, now),
      ...eventInserts(deps.db, events),
      auditStatement(deps.db, {
        siteId: site.id,
        action: 'invitation.accepted',
        actor: { userId },
        target: { type: 'invitation', id: found.id },
        ip: deps.ip,
        detail: { email: found.email, role: found.role, new_account: !existing },
        at: now,
      }),
    ] as unknown as Parameters<Database['batch']>[0]);
  } catch (error) {
    // The batch wrote nothing. Either a concurrent accept spent the invitation between our read and our batch (the
    // membership guard failed, or that accept's new account took the email first), or the email got an account.
    if (isSpentInvitationError(error)) throw invalidInvitation();
    const again = await findInvitationByHash(deps.db, found.tokenHash);
    if (!again || invitationStatus(again, now) !== 'pending') throw invalidInvitation();
    throw error;
  }
  deps.outbox.committed(events);
  const member = (await findStaffMember(deps.db, site.id, userId))!;
  return signInVerified(deps, site, member, now, 'invitation');
}
