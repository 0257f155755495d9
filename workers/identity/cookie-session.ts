// The editor app's session: its refresh token lives in an HttpOnly cookie that script cannot read, sent only to the
// session routes. A cookie rides along on any request the browser makes, so a refresh from the cookie must also prove
// it comes from the site's own page: the Origin header names this site, the body is JSON (the route's validator
// answers a form or text/plain body, all a cross-site page can send without a CORS preflight, with 415 before this
// runs), and the CSRF header repeats a cookie only the site's own script can read (double submit). Bearer-token
// clients never touch any of this.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app';
import { forbidden } from '../http/problem';
import { randomSecret } from '../lib/secrets';
import { REFRESH_TOKEN_TTL_MS } from './sessions';

export const REFRESH_COOKIE = '__Secure-lede_refresh';
export const CSRF_COOKIE = '__Secure-lede_csrf';
export const CSRF_HEADER = 'x-lede-csrf';
/** Sent by the editor app when it signs in, to get the cookie session instead of a refresh token in the body. */
export const SESSION_MODE_HEADER = 'x-lede-session';

const maxAge = REFRESH_TOKEN_TTL_MS / 1000;

/** Whether the client asked for the cookie session. */
export const wantsCookieSession = (c: Context<AppEnv>) => c.req.header(SESSION_MODE_HEADER) === 'cookie';

// A browser deletes a cookie only when the deleting Set-Cookie names the same path (and, for __Secure-, is Secure),
// so setting and clearing share these.
const REFRESH_ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/admin/session' } as const;
// Readable by the site's own script (which copies it into the CSRF header), by no other origin's.
const CSRF_ATTRIBUTES = { secure: true, sameSite: 'Strict', path: '/' } as const;

/** Puts the refresh token in its cookie and issues a fresh CSRF value beside it. */
export function setSessionCookies(c: Context<AppEnv>, refreshToken: string): void {
  setCookie(c, REFRESH_COOKIE, refreshToken, { ...REFRESH_ATTRIBUTES, maxAge });
  setCookie(c, CSRF_COOKIE, randomSecret(''), { ...CSRF_ATTRIBUTES, maxAge });
}

/**
 * The refresh cookie as sent, unchecked. Only for sign-out, which a bearer token already authenticates (a cross-site
 * page cannot send one), so reading the cookie there needs none of the CSRF proof a refresh does.
 */
export const sentRefreshCookie = (c: Context<AppEnv>): string | undefined => getCookie(c, REFRESH_COOKIE);

/** Tells the browser to drop both session cookies (Max-Age=0 with the attributes they were set with). */
export function clearSessionCookies(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, REFRESH_ATTRIBUTES);
  deleteCookie(c, CSRF_COOKIE, CSRF_ATTRIBUTES);
}

/**
 * The refresh token from the cookie, after the request has proved it comes from this site's own page; undefined when
 * there is no cookie (nothing to forge: the caller answers as it always has).
 */
export function cookieRefreshToken(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, REFRESH_COOKIE);
  if (!token) return undefined;
  const origin = c.req.header('origin');
  // A missing Origin, the opaque "null" (sandboxed frames, redirects) and any other origin are all refused.
  if (!origin || origin !== new URL(c.req.url).origin) {
    throw forbidden('A cookie session is refreshed only from this site’s own pages.', 'CSRF_ORIGIN');
  }
  const expected = getCookie(c, CSRF_COOKIE);
  const sent = c.req.header(CSRF_HEADER);
  if (!expected || !sent || !sameText(expected, sent)) {
    throw forbidden(`Send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header.`, 'CSRF_TOKEN');
  }
  return token;
}

const encoder = new TextEncoder();
function sameText(a: string, b: string): boolean {
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}
