// Signing out of the editor app's cookie session: the answer deletes both session cookies (same path and attributes
// they were set with, Max-Age=0), and the cookie's refresh family is revoked even when the access token used for the
// sign-out came from another sign-in, so the old cookie can never refresh again.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, expectProblem } from '../admin/support';
import { freshIp, signInFull } from './support';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('cookie-out');
});

interface CookieSession {
  access: string;
  refreshCookie: string;
  csrf: string;
}

/** Each Set-Cookie of a response by cookie name: its value and its attributes, lowercased. */
function cookiesOf(res: { headers: Headers }): Map<string, { value: string; attributes: string[] }> {
  const cookies = new Map<string, { value: string; attributes: string[] }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair!.indexOf('=');
    cookies.set(pair!.slice(0, at), { value: pair!.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) });
  }
  return cookies;
}

async function cookieSignIn(email: string, ip: string): Promise<CookieSession> {
  const res = await api(site.host, 'POST', `${ADMIN}/session`, {
    body: { email, password: PASSWORD },
    headers: { 'x-lede-session': 'cookie', 'cf-connecting-ip': ip },
  });
  expect(res.status).toBe(200);
  const cookies = cookiesOf(res);
  return {
    access: res.body.access_token,
    refreshCookie: cookies.get('__Secure-lede_refresh')!.value,
    csrf: cookies.get('__Secure-lede_csrf')!.value,
  };
}

const cookieHeader = (s: CookieSession) => `__Secure-lede_refresh=${s.refreshCookie}; __Secure-lede_csrf=${s.csrf}`;

/** A genuine refresh from the editor app's page: same origin, JSON, the CSRF header. */
const cookieRefresh = (s: CookieSession, ip: string) =>
  api(site.host, 'POST', `${ADMIN}/session/refresh`, {
    rawBody: '{}',
    headers: {
      'cf-connecting-ip': ip,
      cookie: cookieHeader(s),
      origin: `http://${site.host}`,
      'content-type': 'application/json',
      'x-lede-csrf': s.csrf,
    },
  });

function expectCookiesDeleted(res: { headers: Headers }) {
  const cookies = cookiesOf(res);
  const refresh = cookies.get('__Secure-lede_refresh');
  const csrf = cookies.get('__Secure-lede_csrf');
  expect(refresh?.value).toBe('');
  expect(refresh?.attributes).toEqual(
    expect.arrayContaining(['max-age=0', 'path=/api/v1/admin/session', 'secure', 'httponly', 'samesite=strict']),
  );
  expect(csrf?.value).toBe('');
  expect(csrf?.attributes).toEqual(expect.arrayContaining(['max-age=0', 'path=/', 'secure', 'samesite=strict']));
}

describe('signing out of the cookie session', () => {
  it('deletes both cookies and the old cookie no longer refreshes', async () => {
    const ip = freshIp();
    const session = await cookieSignIn(site.users.editor.email, ip);
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out`, {
      token: session.access,
      headers: { cookie: cookieHeader(session), 'cf-connecting-ip': ip },
    });
    expect(out.status).toBe(204);
    expectCookiesDeleted(out);
    expectProblem(await cookieRefresh(session, ip), 401, 'INVALID_REFRESH_TOKEN');
  });

  it('revokes the cookie’s family even when the access token belongs to another sign-in', async () => {
    const ip = freshIp();
    const cookie = await cookieSignIn(site.users.author.email, ip);
    const bearer = await signInFull(site.host, site.users.author.email, PASSWORD, ip);
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out`, {
      token: bearer.access,
      headers: { cookie: cookieHeader(cookie), 'cf-connecting-ip': ip },
    });
    expect(out.status).toBe(204);
    expectCookiesDeleted(out);
    expectProblem(await cookieRefresh(cookie, ip), 401, 'INVALID_REFRESH_TOKEN');
    // Both sessions ended: the cookie session's access token is refused too.
    expectProblem(await api(site.host, 'GET', `${ADMIN}/users/me`, { token: cookie.access }), 401, 'INVALID_TOKEN');
  });

  it('leaves another person’s session alone when their cookie rides along, but still clears it', async () => {
    const ip = freshIp();
    const theirs = await cookieSignIn(site.users.contributor.email, ip);
    const mine = await signInFull(site.host, site.users.contributor2.email, PASSWORD, ip);
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out`, {
      token: mine.access,
      headers: { cookie: cookieHeader(theirs), 'cf-connecting-ip': ip },
    });
    expect(out.status).toBe(204);
    expectCookiesDeleted(out);
    expect((await cookieRefresh(theirs, ip)).status).toBe(200);
  });

  it('sign-out everywhere deletes both cookies and ends the cookie’s family', async () => {
    const ip = freshIp();
    const session = await cookieSignIn(site.users.admin.email, ip);
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out-everywhere`, {
      token: session.access,
      headers: { cookie: cookieHeader(session), 'cf-connecting-ip': ip },
    });
    expect(out.status).toBe(200);
    expect(out.body.sessions_ended).toBeGreaterThanOrEqual(1);
    expectCookiesDeleted(out);
    expectProblem(await cookieRefresh(session, ip), 401, 'INVALID_REFRESH_TOKEN');
  });

  it('sets no cookies for a bearer client that sends none', async () => {
    const bearer = await signInFull(site.host, site.users.author2.email, PASSWORD, freshIp());
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out`, { token: bearer.access });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual([]);
  });
});
