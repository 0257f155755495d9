// The editor app's session. The refresh token lives in an HttpOnly cookie that the server sets at sign-in
// (workers/identity/cookie-session.ts), so no script, ours or one injected into the page, can read it. The access
// token lives in this module's memory only: a reload, or a 401, gets a new one from the cookie.
import type { Me } from './api';

const SESSION = '/api/v1/admin/session';
const CSRF_COOKIE = '__Secure-lede_csrf';

/** Sent with every sign-in (password, second factor, accepted invitation): the refresh token goes into the cookie. */
export const COOKIE_SESSION: Record<string, string> = { 'x-lede-session': 'cookie' };

let accessToken: string | null = null;

// Earlier versions kept both tokens in sessionStorage; a tab open across the upgrade should not keep them readable.
for (const key of ['lede.access_token', 'lede.refresh_token']) sessionStorage.removeItem(key);

export const session = {
  /** The access token for `Authorization: Bearer`, and for the collaboration room's `token` parameter. */
  get token(): string | null {
    return accessToken;
  },
  /**
   * Whether the access token is missing or about to expire, by its `exp` claim (read, not verified: only the server
   * trusts a token), with a margin for clock skew.
   */
  get expiring(): boolean {
    try {
      const payload = accessToken?.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/');
      const { exp } = JSON.parse(atob(payload ?? '')) as { exp?: unknown };
      return typeof exp !== 'number' || exp * 1000 - 30_000 < Date.now();
    } catch {
      return true;
    }
  },
  start(tokens: { access_token: string }) {
    accessToken = tokens.access_token;
  },
  /** Forgets the access token, and the CSRF value so the next load does not try a refresh that cannot succeed. */
  end() {
    accessToken = null;
    document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; Secure; SameSite=Strict`;
  },
};

function csrfCookie(): string | undefined {
  const prefix = `${CSRF_COOKIE}=`;
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(prefix))
    ?.slice(prefix.length);
}

/** Whether this browser may hold a cookie session: the server sets the readable CSRF cookie beside the refresh one. */
export const mayHaveCookieSession = () => !!csrfCookie();

let refreshing: Promise<Me | null> | null = null;

/**
 * Trades the refresh cookie for a new access token (they last 15 minutes) and answers who is signed in, or null.
 * The server treats a second use of a refresh token as theft and ends the session, so every caller in this tab
 * shares one request, and tabs take turns through a Web Lock: each tab spends the cookie its predecessor set.
 */
export function refreshSession(): Promise<Me | null> {
  refreshing ??= oneTabAtATime(spendCookie).finally(() => (refreshing = null));
  return refreshing;
}

const oneTabAtATime = async (work: () => Promise<Me | null>): Promise<Me | null> =>
  'locks' in navigator ? await navigator.locks.request('lede-session-refresh', work) : await work();

async function spendCookie(): Promise<Me | null> {
  // Read under the lock: the tab before this one may just have replaced it.
  const csrf = csrfCookie();
  if (!csrf) return null;
  let res: Response;
  try {
    res = await fetch(`${SESSION}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lede-csrf': csrf },
      body: '{}',
      credentials: 'same-origin',
    });
  } catch {
    return null; // offline: keep what we have and try again later
  }
  if (!res.ok) {
    accessToken = null;
    return null;
  }
  const tokens = (await res.json()) as { access_token: string; user: Me };
  accessToken = tokens.access_token;
  return tokens.user;
}
