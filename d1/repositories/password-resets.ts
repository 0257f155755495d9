// Password-reset tokens: stored as SHA-256, spent by one conditional update, so a token works once even when two
// requests race with it.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import { passwordResets } from '../schema';

export type PasswordResetRow = typeof passwordResets.$inferSelect;

export function insertPasswordResetStatement(db: Database, row: Omit<PasswordResetRow, 'usedAt'>) {
  return db.insert(passwordResets).values(row);
}

/** Retires a user's unspent tokens: only the newest link works. */
export function retireUserResetsStatement(db: Database, userId: string, now: Date) {
  return db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

/** Spends a live token asked for on this site; the row, or undefined when it is unknown, used or expired. */
export async function spendPasswordReset(
  db: Database,
  siteId: string,
  tokenHash: string,
  now: Date,
): Promise<PasswordResetRow | undefined> {
  const rows = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        eq(passwordResets.siteId, siteId),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .returning();
  return rows[0];
}
