import { createMiddleware } from 'hono/factory';
import { openDatabase } from '../../d1/db';
import { findSiteByHost } from '../../d1/repositories/sites';
import type { AppEnv } from '../app';
import { readerSite } from '../cache/site-directory';
import { notFound } from '../http/problem';

/** Opens the database for the request. */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', openDatabase(c.env.DB));
  await next();
});

/** Resolves the tenant from the Host header; an unknown host never falls back to another site. */
export const resolveSite = createMiddleware<AppEnv>(async (c, next) => {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  const site = await findSiteByHost(c.var.db, host);
  if (!site) throw notFound('Site');
  c.set('site', site);
  await next();
});

/**
 * The same for the reader's path (the published site, the Content API): the site may come from this isolate's
 * directory, which a change to the site's settings invalidates (workers/cache/site-directory.ts).
 */
export const resolveReaderSite = createMiddleware<AppEnv>(async (c, next) => {
  const site = await readerSite(c, c.var.db, c.req.header('host') ?? new URL(c.req.url).host);
  if (!site) throw notFound('Site');
  c.set('site', site);
  await next();
});
