// Changing a staff member's role on this site. The new role applies from their next request (roles are read from
// D1 on every request), and the change is audited.
import type { Database } from '../../d1/db';
import { findStaffMember, updateMembershipRole } from '../../d1/repositories/users';
import type { Role } from '../../d1/schema';
import type { Actor } from '../app';
import { forbidden, notFound } from '../http/problem';
import { recordAudit } from './audit';
import { authorize } from './policy';

export async function changeRole(db: Database, actor: Actor, userId: string, role: Role, ip: string, now: Date) {
  authorize(actor, 'user:change_role');
  const member = await findStaffMember(db, actor.siteId, userId);
  if (!member) throw notFound('Staff member');
  // Nobody changes their own role: an owner cannot strand the site without one, an admin cannot promote themself.
  if (userId === actor.userId) throw forbidden('You may not change your own role.', 'OWN_ROLE');
  // Only an owner makes or unmakes owners.
  if ((member.role === 'owner' || role === 'owner') && actor.role !== 'owner') {
    throw forbidden('Only an owner may grant or remove the owner role.');
  }
  if (member.role === role) return member;
  await updateMembershipRole(db, actor.siteId, userId, role);
  await recordAudit(db, {
    siteId: actor.siteId,
    action: 'member.role_changed',
    actor,
    target: { type: 'user', id: userId },
    ip,
    detail: { from: member.role, to: role },
    at: now,
  });
  return { ...member, role };
}
