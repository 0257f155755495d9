// The audit log of security-relevant actions, per site. `recordAudit` is the one way in: other contexts call it for
// their own actions (post.published, post.deleted, …) with the actor who did them.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import {
  insertAuditStatement,
  listAudit,
  type AuditFilter,
  type AuditRow,
  type NewAuditRow,
} from '../../d1/repositories/audit';
import type { Actor } from '../app';
import { authorize } from './policy';

/** Actions identity records; other contexts may record their own as `<resource>.<verb>`. */
export type AuditAction =
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.mfa_failed'
  | 'session.refresh_reused'
  | 'session.signed_out'
  | 'session.signed_out_everywhere'
  | 'password.changed'
  | 'mfa.enrolled'
  | 'mfa.disabled'
  | 'mfa.recovery_code_used'
  | 'member.role_changed'
  | 'site.mfa_requirement_changed'
  | 'integration_key.created'
  | 'integration_key.revoked'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'invitation.revoked'
  | 'password.reset_requested'
  | 'password.reset'
  | 'post.published'
  | 'post.deleted'
  | `${string}.${string}`;

export interface AuditEntry {
  siteId: string;
  action: AuditAction;
  /** Who did it: a signed-in actor, or just a user id (a sign-in, before there is an actor). */
  actor?: Pick<Actor, 'userId' | 'integration'> | { userId: string | null };
  target?: { type: string; id: string };
  ip?: string;
  detail?: Record<string, unknown>;
  at?: Date;
}

/** The row of one entry, for a repository that writes it in its own batch (a post change, say). */
export function auditRow(entry: AuditEntry): NewAuditRow {
  const integration = entry.actor && 'integration' in entry.actor ? entry.actor.integration : undefined;
  return {
    id: newId(),
    siteId: entry.siteId,
    at: entry.at ?? new Date(),
    action: entry.action,
    actorUserId: entry.actor?.userId ?? null,
    actorKeyId: integration?.keyId ?? null,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.ip ?? null,
    detail: entry.detail ?? {},
  };
}

/** The insert for one entry, for callers that batch it with the write it records. */
export function auditStatement(db: Database, entry: AuditEntry) {
  return insertAuditStatement(db, auditRow(entry));
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry);
}

export async function readAudit(
  db: Database,
  actor: Actor,
  filter: AuditFilter,
  page: number,
  limit: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  authorize(actor, 'audit:read');
  return listAudit(db, actor.siteId, filter, { limit, offset: (page - 1) * limit });
}
