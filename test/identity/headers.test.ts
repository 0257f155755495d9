// Secure headers on every kind of response, and the CORS policies: the Content API is readable from any origin
// without credentials; the Admin API only from the site's own origins, with credentials.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('headers'), await createTestSite('headers-other')];
});

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function expectBaseHeaders(headers: Headers) {
  expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBeTruthy();
  expect(headers.get('content-security-policy')).toMatch(/frame-ancestors '(none|self)'/);
}

describe('secure headers', () => {
  it.each([
    ['an Admin API answer', () => api(site.host, 'GET', `${ADMIN}/users/me`, { token: site.users.owner.token }), 200],
    ['an Admin API problem', () => api(site.host, 'GET', `${ADMIN}/users/me`), 401],
    ['a Content API answer', () => api(site.host, 'GET', `/api/v1/content/posts/?key=${site.contentKey}`), 200],
    ['a Content API problem', () => api(site.host, 'GET', '/api/v1/content/posts/'), 401],
    ['an unknown API path', () => api(site.host, 'GET', '/api/v1/nothing'), 404],
    ['the OpenAPI document', () => api(site.host, 'GET', '/api/v1/openapi.json'), 200],
  ])('%s allows nothing to load, run or frame it', async (_label, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    expectBaseHeaders(res.headers);
    expect(res.headers.get('content-security-policy')).toBe(API_CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['the home page', '/', 200],
    ['a missing page', '/no-such-page/', 404],
  ])("%s keeps the site's own policy: no script, framed only by itself", async (_label, path, status) => {
    const res = await api(site.host, 'GET', path);
    expect(res.status).toBe(status);
    expectBaseHeaders(res.headers);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain('script-src');
  });

  it('the API docs page keeps its own policy, which lets its scripts run', async () => {
    const res = await api(site.host, 'GET', '/api/v1/docs');
    expect(res.status).toBe(200);
    expectBaseHeaders(res.headers);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('Content API CORS', () => {
  it('lets any origin read, without credentials', async () => {
    const res = await api(site.host, 'GET', `/api/v1/content/posts/?key=${site.contentKey}`, {
      headers: { origin: 'https://front-end.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a preflight with GET and HEAD only', async () => {
    const res = await api(site.host, 'OPTIONS', '/api/v1/content/posts/', {
      headers: { origin: 'https://front-end.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('Admin API CORS', () => {
  const own = () => `https://${site.host}`;

  it("answers the site's own origin with credentials, on answers and on problems", async () => {
    for (const [token, status] of [
      [site.users.owner.token, 200],
      [undefined, 401],
    ] as const) {
      const res = await api(site.host, 'GET', `${ADMIN}/users/me`, { token, headers: { origin: own() } });
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(own());
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    }
  });

  it("answers a preflight from the site's own origin before any authentication", async () => {
    const res = await api(site.host, 'OPTIONS', `${ADMIN}/posts`, {
      headers: {
        origin: own(),
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(own());
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it.each([
    ['a foreign origin', () => 'https://evil.example'],
    ["another site's origin", () => `https://${other.host}`],
    ['the string null', () => 'null'],
    ['a lookalike host', () => `https://${site.host}.evil.example`],
  ])('gives %s no CORS grant, on a request or a preflight', async (_label, origin) => {
    const res = await api(site.host, 'GET', `${ADMIN}/users/me`, {
      token: site.users.owner.token,
      headers: { origin: origin() },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await api(site.host, 'OPTIONS', `${ADMIN}/posts`, {
      headers: { origin: origin(), 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
});
