// TOTP authenticators (the secret as the identity service encrypted it) and recovery codes (by SHA-256 only).
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../db';
import { recoveryCodes, userTotp } from '../schema';

export type TotpRow = typeof userTotp.$inferSelect;

/** A person's authenticator, as a query that can join a D1 batch. */
export const totpQuery = (db: Database, userId: string) =>
  db.select().from(userTotp).where(eq(userTotp.userId, userId)).limit(1);

export async function findTotp(db: Database, userId: string): Promise<TotpRow | undefined> {
  return totpQuery(db, userId).get();
}

/** Starts (or restarts) enrolment with a new, unconfirmed (encrypted) secret. A confirmed one is never overwritten. */
export async function putPendingTotp(db: Database, userId: string, secret: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(userTotp)
    .values({ userId, secret, createdAt: now })
    .onConflictDoUpdate({
      target: userTotp.userId,
      set: { secret, createdAt: now, lastStep: null },
      setWhere: isNull(userTotp.confirmedAt),
    })
    .returning({ userId: userTotp.userId });
  return rows.length > 0;
}

/**
 * Records `step` as used, only if it is later than every step used before: of two requests with the same code,
 * exactly one succeeds. Confirms a pending authenticator and replaces the recovery codes in the same batch.
 */
export async function useTotpStep(
  db: Database,
  userId: string,
  step: number,
  now: Date,
  confirmWith?: string[],
): Promise<boolean> {
  const claim = db
    .update(userTotp)
    .set({ lastStep: step, ...(confirmWith ? { confirmedAt: now } : {}) })
    .where(
      and(
        eq(userTotp.userId, userId),
        or(isNull(userTotp.lastStep), lt(userTotp.lastStep, step)),
        confirmWith ? isNull(userTotp.confirmedAt) : undefined,
      ),
    )
    .returning({ userId: userTotp.userId });
  if ((await claim).length === 0) return false;
  if (!confirmWith) return true;
  await db.batch([
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    ...confirmWith.map((hash) => db.insert(recoveryCodes).values({ hash, userId, createdAt: now })),
  ]);
  return true;
}

/** Spends a recovery code; true only for the one request that spent it. */
export async function useRecoveryCode(db: Database, userId: string, hash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.hash, hash), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .returning({ hash: recoveryCodes.hash });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Database, userId: string): Promise<number> {
  const rows = await db
    .select({ hash: recoveryCodes.hash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all();
  return rows.length;
}

export async function deleteMfa(db: Database, userId: string): Promise<void> {
  await db.batch([
    db.delete(userTotp).where(eq(userTotp.userId, userId)),
    db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
  ]);
}
