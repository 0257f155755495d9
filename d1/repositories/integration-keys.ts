// Integration (Admin API) keys: stored by SHA-256 only, revoked by a timestamp so the audit trail keeps them.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import { integrationKeys } from '../schema';

export type IntegrationKeyRow = typeof integrationKeys.$inferSelect;

export async function insertIntegrationKey(db: Database, row: typeof integrationKeys.$inferInsert): Promise<void> {
  await db.insert(integrationKeys).values(row);
}

/** A live (unrevoked) key by its hash, whatever its site: the caller compares the site. */
export async function findLiveIntegrationKey(db: Database, hash: string): Promise<IntegrationKeyRow | undefined> {
  return db
    .select()
    .from(integrationKeys)
    .where(and(eq(integrationKeys.hash, hash), isNull(integrationKeys.revokedAt)))
    .get();
}

export async function listIntegrationKeys(db: Database, siteId: string): Promise<IntegrationKeyRow[]> {
  return db
    .select()
    .from(integrationKeys)
    .where(eq(integrationKeys.siteId, siteId))
    .orderBy(desc(integrationKeys.createdAt))
    .all();
}

export async function revokeIntegrationKey(
  db: Database,
  siteId: string,
  id: string,
  now: Date,
): Promise<IntegrationKeyRow | undefined> {
  const [row] = await db
    .update(integrationKeys)
    .set({ revokedAt: now })
    .where(and(eq(integrationKeys.siteId, siteId), eq(integrationKeys.id, id), isNull(integrationKeys.revokedAt)))
    .returning();
  return row;
}

export async function findIntegrationKey(
  db: Database,
  siteId: string,
  id: string,
): Promise<IntegrationKeyRow | undefined> {
  return db
    .select()
    .from(integrationKeys)
    .where(and(eq(integrationKeys.siteId, siteId), eq(integrationKeys.id, id)))
    .get();
}

export async function touchIntegrationKey(db: Database, id: string, now: Date): Promise<void> {
  await db.update(integrationKeys).set({ lastUsedAt: now }).where(eq(integrationKeys.id, id));
}
