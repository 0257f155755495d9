// Invitations to join a site. Spending one is a conditional update inside the batch that creates the membership,
// and the membership's site id is read back from the invitation this attempt spent: when the update matched nothing
// (used, revoked, expired, or spent by a concurrent request), the membership insert fails NOT NULL and the whole
// batch, the new account included, rolls back.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { invitations, memberships, type Role } from '../schema';

export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitationRow = Omit<typeof invitations.$inferInsert, 'acceptedAt' | 'acceptedUserId' | 'revokedAt'>;

export function insertInvitationStatement(db: Database, row: NewInvitationRow) {
  return db.insert(invitations).values(row);
}

/** Revokes the pending invitations of an email on a site (a new invitation replaces them). */
export function revokePendingForEmailStatement(db: Database, siteId: string, email: string, now: Date) {
  return db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.siteId, siteId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
}

export async function listInvitations(db: Database, siteId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(eq(invitations.siteId, siteId))
    .orderBy(desc(invitations.createdAt))
    .limit(200)
    .all();
}

export async function findInvitation(db: Database, siteId: string, id: string): Promise<InvitationRow | undefined> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.siteId, siteId), eq(invitations.id, id)))
    .get();
}

export async function findInvitationByHash(db: Database, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
}

/** Revokes a pending invitation; false when it was already accepted or revoked. */
export async function revokeInvitation(db: Database, siteId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.siteId, siteId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** The statements that spend an invitation for `userId` and make them a member with its role (see the top). */
export function acceptInvitationStatements(db: Database, id: string, userId: string, role: Role, now: Date) {
  return [
    db
      .update(invitations)
      .set({ acceptedAt: now, acceptedUserId: userId })
      .where(
        and(
          eq(invitations.id, id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      ),
    db.insert(memberships).values({
      siteId: sql`(SELECT ${invitations.siteId} FROM ${invitations} WHERE ${invitations.id} = ${id} AND ${invitations.acceptedUserId} = ${userId})`,
      userId,
      role,
      createdAt: now,
    }),
  ] as const;
}

/** Whether a failed accept batch failed because the invitation was no longer there to spend. */
export const isSpentInvitationError = (error: unknown) =>
  /NOT NULL constraint failed: memberships\.site_id/.test(
    error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error),
  );
