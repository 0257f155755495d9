// Security headers and CORS. Every response gets HSTS, a referrer policy, nosniff, X-Frame-Options and at least
// `frame-ancestors`; the APIs get a policy that allows nothing; the published site sets its own (workers/site).
// Neither overwrites a header a route set itself (the API docs page has its own policy).
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { hostsOfSite, normalizeHost } from '../../d1/repositories/sites';
import type { AppEnv } from '../app';

const HSTS = 'max-age=31536000; includeSubDomains';

/** Every response: framed by the site itself at most, unless a route set a stricter or wider policy. */
export const baseSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { frameAncestors: ["'self'"] },
  strictTransportSecurity: HSTS,
  referrerPolicy: 'strict-origin-when-cross-origin',
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: 'same-origin',
  overwrite: false,
});

/** JSON answers load nothing, run nothing and may be framed by no one. */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
  strictTransportSecurity: HSTS,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: 'same-origin',
  overwrite: false,
});

const ADMIN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ADMIN_HEADERS = ['authorization', 'content-type', 'if-match', 'if-none-match'];
const EXPOSED_HEADERS = ['etag', 'location', 'retry-after', 'www-authenticate'];

/**
 * The Admin API answers cross-origin requests only from the site's own hosts (an editor app on another of the
 * site's hostnames), with credentials. An origin on plain http is accepted only when the request itself came over
 * http (local development); in production every allowed origin is https.
 */
export const adminCors = createMiddleware<AppEnv>(async (c, next) => {
  const allowOrigin = async (origin: string): Promise<string | null> => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return null;
    }
    const requestProtocol = new URL(c.req.url).protocol;
    if (url.protocol !== 'https:' && url.protocol !== requestProtocol) return null;
    const hosts = await hostsOfSite(c.var.db, c.var.site.id);
    return hosts.includes(normalizeHost(url.host)) ? url.origin : null;
  };
  const handler = cors({
    origin: (origin) => (origin ? allowOrigin(origin) : null),
    credentials: true,
    allowMethods: ADMIN_METHODS,
    allowHeaders: ADMIN_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return handler(c, next);
});
