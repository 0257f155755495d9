// Integration keys for the Admin API: named, scoped, shown once, stored as SHA-256, revocable, last use recorded.
// An integration acts for the person who created it, with that person's current role capped at admin, and only
// for the actions its scopes grant (workers/identity/policy.ts).
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import {
  findIntegrationKey,
  findLiveIntegrationKey,
  insertIntegrationKey,
  listIntegrationKeys,
  revokeIntegrationKey,
  touchIntegrationKey,
} from '../../d1/repositories/integration-keys';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember } from '../../d1/repositories/users';
import type { IntegrationScope } from '../../d1/schema';
import type { Actor } from '../app';
import { notFound, unauthorized } from '../http/problem';
import { randomSecret, sha256Hex } from '../lib/secrets';
import { recordAudit } from './audit';
import { actionsFor, authorize, integrationRole } from './policy';

export const INTEGRATION_KEY_PREFIX = 'lede_ik_';
// Last use is written at most this often per key, so a busy integration does not write on every request.
const TOUCH_EVERY_MS = 60_000;

export async function createIntegrationKey(
  db: Database,
  actor: Actor,
  input: { name: string; scopes: IntegrationScope[] },
  ip: string,
  now: Date,
) {
  authorize(actor, 'integration:manage');
  const secret = randomSecret(INTEGRATION_KEY_PREFIX);
  const id = newId();
  const scopes = [...new Set(input.scopes)].sort();
  const row = {
    id,
    siteId: actor.siteId,
    name: input.name,
    prefix: secret.slice(0, INTEGRATION_KEY_PREFIX.length + 6),
    hash: await sha256Hex(secret),
    scopes,
    createdBy: actor.userId,
    createdAt: now,
  };
  await insertIntegrationKey(db, row);
  await recordAudit(db, {
    siteId: actor.siteId,
    action: 'integration_key.created',
    actor,
    target: { type: 'integration_key', id },
    ip,
    detail: { name: input.name, scopes },
    at: now,
  });
  return { row: { ...row, lastUsedAt: null, revokedAt: null }, secret };
}

export async function browseIntegrationKeys(db: Database, actor: Actor) {
  authorize(actor, 'integration:manage');
  return listIntegrationKeys(db, actor.siteId);
}

export async function revokeKey(db: Database, actor: Actor, id: string, ip: string, now: Date) {
  authorize(actor, 'integration:manage');
  const row = await revokeIntegrationKey(db, actor.siteId, id, now);
  if (!row) {
    // Revoking twice is harmless; a key of another site, or none, does not exist here.
    if (await findIntegrationKey(db, actor.siteId, id)) return;
    throw notFound('Integration key');
  }
  await recordAudit(db, {
    siteId: actor.siteId,
    action: 'integration_key.revoked',
    actor,
    target: { type: 'integration_key', id },
    ip,
    detail: { name: row.name },
    at: now,
  });
}

const invalidKey = () => unauthorized('The integration key is invalid, revoked or not for this site.', 'INVALID_KEY');

/** The actor an integration key acts as on this site, or a 401. */
export async function actorForIntegrationKey(db: Database, site: Site, key: string, now = new Date()): Promise<Actor> {
  if (!/^lede_ik_[A-Za-z0-9_-]{43}$/.test(key)) throw invalidKey();
  const row = await findLiveIntegrationKey(db, await sha256Hex(key));
  if (!row || row.siteId !== site.id) throw invalidKey();
  const creator = await findStaffMember(db, site.id, row.createdBy);
  if (!creator || creator.status !== 'active') throw invalidKey();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await touchIntegrationKey(db, row.id, now);
  }
  return {
    userId: creator.id,
    siteId: site.id,
    role: integrationRole(creator.role),
    name: row.name,
    email: creator.email,
    integration: { keyId: row.id, actions: actionsFor(row.scopes) },
  };
}
