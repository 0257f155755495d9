// Sessions (refresh-token families) and their refresh tokens, stored by SHA-256 only.
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Database } from '../db';
import { memberships, refreshTokens, sessions, users } from '../schema';

export type SessionRow = typeof sessions.$inferSelect;
export type RevokeReason = NonNullable<SessionRow['revokedReason']>;

export function insertSessionStatements(
  db: Database,
  session: { id: string; siteId: string; userId: string; expiresAt: Date },
  refresh: { hash: string; expiresAt: Date },
  now: Date,
) {
  return [
    db.insert(sessions).values({ ...session, createdAt: now, lastUsedAt: now }),
    db.insert(refreshTokens).values({ ...refresh, sessionId: session.id, createdAt: now }),
  ] as const;
}

/** The query behind findSession, for callers that batch it with others. */
export const sessionQuery = (db: Database, id: string) =>
  db.select().from(sessions).where(eq(sessions.id, id)).limit(1);

export async function findSession(db: Database, id: string): Promise<SessionRow | undefined> {
  return sessionQuery(db, id).get();
}

/** A refresh token by its hash, with its session. */
export async function findRefreshToken(db: Database, hash: string) {
  return db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.hash, hash))
    .get();
}

/**
 * A refresh token by its hash, with its session and the session's person as they stand on the session's site (null
 * when they no longer belong to it): what a member's site cookie needs, in one read.
 */
export async function findRefreshTokenHolder(db: Database, hash: string) {
  return db
    .select({ token: refreshTokens, session: sessions, user: users, role: memberships.role })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .leftJoin(memberships, and(eq(memberships.siteId, sessions.siteId), eq(memberships.userId, sessions.userId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(refreshTokens.hash, hash))
    .get();
}

/**
 * Marks a token rotated, only if it was not already: of two concurrent rotations exactly one gets `true`.
 * The winner's successor is written in the same batch, so a rotation never leaves a family without a live token.
 */
export async function rotateRefreshToken(
  db: Database,
  hash: string,
  next: { hash: string; sessionId: string; expiresAt: Date },
  now: Date,
): Promise<boolean> {
  const [rotated] = await db.batch([
    db
      .update(refreshTokens)
      .set({ rotatedAt: now })
      .where(and(eq(refreshTokens.hash, hash), isNull(refreshTokens.rotatedAt)))
      .returning({ hash: refreshTokens.hash }),
    db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, next.sessionId)),
  ]);
  if (rotated.length === 0) return false;
  await db.insert(refreshTokens).values({ ...next, createdAt: now });
  return true;
}

export async function revokeSession(db: Database, id: string, reason: RevokeReason, now: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes a user's live sessions: on one site or all, optionally sparing one; returns how many ended. */
export async function revokeUserSessions(
  db: Database,
  scope: { userId: string; siteId?: string; except?: string },
  reason: RevokeReason,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, scope.userId),
        isNull(sessions.revokedAt),
        scope.siteId ? eq(sessions.siteId, scope.siteId) : undefined,
        scope.except ? ne(sessions.id, scope.except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
