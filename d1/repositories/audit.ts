// The per-site audit log: append-only rows, read newest first with filters.
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../db';
import { auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;

export type NewAuditRow = typeof auditLog.$inferInsert;

export function insertAuditStatement(db: Database, row: NewAuditRow) {
  return db.insert(auditLog).values(row);
}

export interface AuditFilter {
  action?: string;
  actorUserId?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
}

export async function listAudit(
  db: Database,
  siteId: string,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.siteId, siteId),
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
    filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
    filter.since ? gte(auditLog.at, filter.since) : undefined,
    filter.until ? lt(auditLog.at, filter.until) : undefined,
  ];
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(page.limit)
      .offset(page.offset)
      .all(),
    db.select({ n: count() }).from(auditLog).where(where).get(),
  ]);
  return { rows, total: totals?.n ?? 0 };
}
