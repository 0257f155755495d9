// The editor app's cookie session: the refresh token in an HttpOnly, Secure, SameSite=Strict cookie, refreshed only
// by a same-origin JSON request that repeats the CSRF cookie in a header. Each forged refresh is refused (403/415) and
// spends nothing (the same cookie still refreshes afterwards); bearer clients are unaffected.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, expectProblem } from '../admin/support';
import { freshIp, refresh } from './support';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('csrf');
});

interface CookieSession {
  refreshCookie: string;
  csrf: string;
}

/** The name=value pairs a response sets, and the attributes of each. */
function cookiesOf(res: { headers: Headers }): Map<string, { value: string; attributes: string }> {
  const cookies = new Map<string, { value: string; attributes: string }>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
    cookies.set(name, { value, attributes: attributes.join(';') });
  }
  return cookies;
}

const sessionOf = (res: { headers: Headers }): CookieSession => {
  const cookies = cookiesOf(res);
  return { refreshCookie: cookies.get('__Secure-lede_refresh')!.value, csrf: cookies.get('__Secure-lede_csrf')!.value };
};

async function cookieSignIn(ip: string): Promise<CookieSession> {
  const res = await api(site.host, 'POST', `${ADMIN}/session`, {
    body: { email: site.users.editor.email, password: PASSWORD },
    headers: { 'x-lede-session': 'cookie', 'cf-connecting-ip': ip },
  });
  expect(res.status).toBe(200);
  return sessionOf(res);
}

/** A refresh from the cookie; each test overrides (or, with null, leaves out) the part a forger would get wrong. */
function cookieRefresh(session: CookieSession, ip: string, overrides: Record<string, string | null> = {}) {
  const headers: Record<string, string | null> = {
    'cf-connecting-ip': ip,
    cookie: `__Secure-lede_refresh=${session.refreshCookie}; __Secure-lede_csrf=${session.csrf}`,
    origin: `http://${site.host}`,
    'content-type': 'application/json',
    'x-lede-csrf': session.csrf,
    ...overrides,
  };
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
  const rawBody = sent['content-type'] === 'application/json' ? '{}' : 'refresh=please';
  return api(site.host, 'POST', `${ADMIN}/session/refresh`, { rawBody, headers: sent });
}

describe('the cookie session', () => {
  it('keeps the refresh token out of script: HttpOnly, Secure, SameSite=Strict, and not in the body', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/session`, {
      body: { email: site.users.editor.email, password: PASSWORD },
      headers: { 'x-lede-session': 'cookie', 'cf-connecting-ip': freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.body.access_token).toEqual(expect.any(String));
    expect(res.body.refresh_token).toBeUndefined();
    const cookies = cookiesOf(res);
    const attributes = cookies.get('__Secure-lede_refresh')!.attributes;
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/v1/admin/session']) {
      expect(attributes).toContain(attribute);
    }
    expect(cookies.get('__Secure-lede_csrf')!.attributes).not.toContain('HttpOnly');
    expect(cookies.get('__Secure-lede_csrf')!.attributes).toContain('SameSite=Strict');
  });

  it('refreshes from the site’s own page and rotates the cookie', async () => {
    const ip = freshIp();
    const session = await cookieSignIn(ip);
    const res = await cookieRefresh(session, ip);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    const next = sessionOf(res);
    expect(next.refreshCookie).not.toBe(session.refreshCookie);
    // The old cookie is spent: presenting it again is reuse, which ends the session.
    expectProblem(await cookieRefresh(session, ip), 401, 'REFRESH_TOKEN_REUSED');
  });

  it.each([
    ['a cross-origin POST', { origin: 'https://evil.example' }, 'CSRF_ORIGIN'],
    ['a POST without Origin', { origin: null }, 'CSRF_ORIGIN'],
    ['a POST from an opaque origin (Origin: null)', { origin: 'null' }, 'CSRF_ORIGIN'],
    ['a POST without the CSRF header', { 'x-lede-csrf': null }, 'CSRF_TOKEN'],
    ['a POST with a wrong CSRF header', { 'x-lede-csrf': 'guessed' }, 'CSRF_TOKEN'],
  ])('refuses %s with 403 and spends nothing', async (_case, overrides, code) => {
    const ip = freshIp();
    const session = await cookieSignIn(ip);
    expectProblem(await cookieRefresh(session, ip, overrides), 403, code);
    // Nothing was spent: the genuine page can still refresh with the same cookie.
    expect((await cookieRefresh(session, ip)).status).toBe(200);
  });

  // What a cross-site form or a fetch without preflight can send: the JSON validator refuses it before any cookie is read.
  it.each([
    ['a cross-origin text/plain POST', { origin: 'https://evil.example', 'content-type': 'text/plain' }],
    ['a same-origin text/plain POST', { 'content-type': 'text/plain' }],
    ['a form POST', { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }],
  ])('refuses %s with 415 and spends nothing', async (_case, overrides) => {
    const ip = freshIp();
    const session = await cookieSignIn(ip);
    expectProblem(await cookieRefresh(session, ip, overrides), 415, 'HTTP_ERROR');
    expect((await cookieRefresh(session, ip)).status).toBe(200);
  });

  it('leaves bearer clients alone: a refresh token in the body needs no Origin, cookie or CSRF header', async () => {
    const ip = freshIp();
    const signIn = await api(site.host, 'POST', `${ADMIN}/session`, {
      body: { email: site.users.author.email, password: PASSWORD },
      headers: { 'cf-connecting-ip': ip },
    });
    expect(signIn.body.refresh_token).toEqual(expect.any(String));
    expect(signIn.headers.getSetCookie()).toEqual([]);
    const res = await refresh(site.host, signIn.body.refresh_token, ip);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toEqual(expect.any(String));
  });

  it('refuses a refresh cookie without its CSRF cookie', async () => {
    const ip = freshIp();
    const session = await cookieSignIn(ip);
    const res = await cookieRefresh(session, ip, { cookie: `__Secure-lede_refresh=${session.refreshCookie}` });
    expectProblem(res, 403, 'CSRF_TOKEN');
  });
});
