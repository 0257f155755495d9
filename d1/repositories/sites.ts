import { count, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { newId, randomHex } from '../ids';
import { eventInserts, type NewEventRow } from './events';
import { apiKeys, siteHosts, sites } from '../schema';

export type Site = typeof sites.$inferSelect & { host: string };

/** The site a Host header names, as a query that can join a D1 batch (read it with siteOf). */
export function siteByHostQuery(db: Database, host: string) {
  return db
    .select({ site: sites, host: siteHosts.host })
    .from(siteHosts)
    .innerJoin(sites, eq(sites.id, siteHosts.siteId))
    .where(eq(siteHosts.host, normalizeHost(host)))
    .limit(1);
}

export const siteOf = (row: { site: typeof sites.$inferSelect; host: string } | undefined): Site | undefined =>
  row ? { ...row.site, host: row.host } : undefined;

/** The site a Host header names; the port is ignored so `127.0.0.1:8787` and `127.0.0.1` are one site. */
export async function findSiteByHost(db: Database, host: string): Promise<Site | undefined> {
  return siteOf(await siteByHostQuery(db, host).get());
}

export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  // Bracketed IPv6 keeps its brackets; anything else loses a trailing :port.
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.replace(/:\d+$/, '');
}

export async function countSites(db: Database): Promise<number> {
  const row = await db.select({ n: count() }).from(sites).get();
  return row?.n ?? 0;
}

/**
 * A statement that writes nothing while the instance has no site, and fails (the first site's primary key is taken)
 * once one exists. At the head of a batch it makes the whole batch first-run-only, even against a concurrent batch.
 */
export function noSiteYetGuard(db: Database) {
  return db.insert(sites).select(db.select().from(sites).limit(1));
}

export interface NewSite {
  title: string;
  description?: string;
  hosts: string[];
}

/** Statements that create a site, its hosts and its Content API key; the caller batches them with the owner. */
export function createSiteStatements(db: Database, input: NewSite, now: Date) {
  const id = newId();
  const contentKey = randomHex(13);
  const statements = [
    db.insert(sites).values({
      id,
      title: input.title,
      description: input.description ?? '',
      signingKey: randomHex(32),
      createdAt: now,
      updatedAt: now,
    }),
    ...input.hosts.map((host, i) =>
      db.insert(siteHosts).values({ host: normalizeHost(host), siteId: id, primary: i === 0 }),
    ),
    db
      .insert(apiKeys)
      .values({ id: newId(), siteId: id, kind: 'content', name: 'Content API', secret: contentKey, createdAt: now }),
  ] as const;
  return { id, contentKey, statements };
}

export async function findSiteById(db: Database, id: string): Promise<Site | undefined> {
  const row = await db
    .select({ site: sites, host: siteHosts.host })
    .from(sites)
    .innerJoin(siteHosts, eq(siteHosts.siteId, sites.id))
    .where(eq(sites.id, id))
    .orderBy(siteHosts.primary)
    .all();
  // Primary host sorts last (true = 1); prefer it.
  const chosen = row.at(-1);
  return chosen ? { ...chosen.site, host: chosen.host } : undefined;
}

/** Every hostname the site answers on. */
export async function hostsOfSite(db: Database, siteId: string): Promise<string[]> {
  const rows = await db.select({ host: siteHosts.host }).from(siteHosts).where(eq(siteHosts.siteId, siteId)).all();
  return rows.map((r) => r.host);
}

/** The site a public Content API key belongs to. */
export async function findSiteIdByContentKey(db: Database, key: string): Promise<string | undefined> {
  const row = await db.select({ siteId: apiKeys.siteId }).from(apiKeys).where(eq(apiKeys.secret, key)).get();
  return row?.siteId;
}

export async function findContentKey(db: Database, siteId: string): Promise<string | undefined> {
  const row = await db.select({ secret: apiKeys.secret }).from(apiKeys).where(eq(apiKeys.siteId, siteId)).get();
  return row?.secret;
}

export type SiteSettings = Partial<Pick<Site, 'title' | 'description' | 'navigation' | 'logo' | 'accentColor'>>;

/** Changes the settings readers see; `events` (its site.changed) commit with the change. */
export async function updateSiteSettings(
  db: Database,
  siteId: string,
  settings: SiteSettings,
  now: Date,
  events: readonly NewEventRow[] = [],
): Promise<void> {
  await db.batch([
    db
      .update(sites)
      .set({ ...settings, updatedAt: now })
      .where(eq(sites.id, siteId)),
    ...eventInserts(db, events),
  ]);
}

export async function setRequireMfa(db: Database, siteId: string, requireMfa: boolean, now: Date): Promise<void> {
  await db.update(sites).set({ requireMfa, updatedAt: now }).where(eq(sites.id, siteId));
}
