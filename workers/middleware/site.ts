import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type Database, openDatabase } from '../../d1/db';
import { findSiteByHost, type Site } from '../../d1/repositories/sites';
import type { AppEnv } from '../app';
import { readerSite } from '../cache/site-directory';
import { notFound } from '../http/problem';

/** Opens the database for the request. */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', openDatabase(c.env.DB));
  await next();
});

/** The host a request names the site by: its Host header, or its URL's. */
export const requestHost = (c: Context<AppEnv>) => c.req.header('host') ?? new URL(c.req.url).host;

/** The site a host names, or a 404: an unknown host never falls back to another site. */
export async function requireSite(db: Database, host: string): Promise<Site> {
  const site = await findSiteByHost(db, host);
  if (!site) throw notFound('Site');
  return site;
}

/** Resolves the tenant from the Host header. */
export const resolveSite = createMiddleware<AppEnv>(async (c, next) => {
  c.set('site', await requireSite(c.var.db, requestHost(c)));
  await next();
});

/**
 * The same for the reader's path (the published site, the Content API): the site may come from this isolate's
 * directory, which a change to the site's settings invalidates (workers/cache/site-directory.ts).
 */
export const resolveReaderSite = createMiddleware<AppEnv>(async (c, next) => {
  const site = await readerSite(c, c.var.db, requestHost(c));
  if (!site) throw notFound('Site');
  c.set('site', site);
  await next();
});
