// Content API access and HTTP behaviour: the key, both mounts, CORS, caching headers, ETags, and the API document.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { content, expectProblem, GHOST, LEDE, publish, slugsOf } from './fixtures';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  site = await createTestSite('content-access');
  other = await createTestSite('content-access-other');
  await publish(site, { title: 'Hello readers', markdown: 'Hi.' });
});

describe('the content key', () => {
  it('is required', async () => {
    const res = await content(site, '/posts/', {}, { key: null });
    expectProblem(res, 401, 'KEY_REQUIRED');
  });

  it('must be a known key', async () => {
    expectProblem(await content(site, '/posts/', {}, { key: 'a'.repeat(26) }), 401, 'INVALID_KEY');
    expectProblem(await content(site, '/posts/', {}, { key: 'not-hex' }), 401, 'INVALID_KEY');
  });

  it('must belong to the site the host names', async () => {
    const res = await content(site, '/posts/', {}, { key: other.contentKey });
    expectProblem(res, 401, 'INVALID_KEY');
    expect(JSON.stringify(res.body)).not.toContain(other.host);
    expect((await content(other, '/posts/')).status).toBe(200);
  });

  it('guards every resource', async () => {
    for (const path of ['/posts/', '/pages/', '/tags/', '/authors/', '/settings/', '/posts/slug/hello-readers/']) {
      expectProblem(await content(site, path, {}, { key: null }), 401, 'KEY_REQUIRED');
    }
  });

  it('is checked after the host: an unknown host is a 404', async () => {
    const res = await api('nowhere.test', 'GET', `${LEDE}/posts/?key=${site.contentKey}`);
    expect(res.status).toBe(404);
  });
});

describe('paths', () => {
  it('answers on Lede’s path and Ghost’s, with or without a trailing slash', async () => {
    for (const mount of [LEDE, GHOST]) {
      for (const path of ['/posts', '/posts/']) {
        const res = await content(site, path, {}, { mount });
        expect(res.status, `${mount}${path}`).toBe(200);
        expect(slugsOf(res)).toEqual(['hello-readers']);
      }
    }
  });

  it('answers an unknown resource with a problem on both mounts', async () => {
    expectProblem(await content(site, '/newsletters/', {}, { mount: GHOST }), 404, 'NOT_FOUND');
    expectProblem(await content(site, '/members/', {}, { mount: LEDE }), 404, 'NOT_FOUND');
  });

  it('accepts and ignores Accept-Version', async () => {
    const res = await content(site, '/posts/', {}, { headers: { 'accept-version': 'v5.0' }, mount: GHOST });
    expect(res.status).toBe(200);
  });

  it('is read-only', async () => {
    const res = await content(site, '/posts/', {}, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('CORS', () => {
  it('lets any origin read answers, errors included', async () => {
    const headers = { origin: 'https://reader.example' };
    const ok = await content(site, '/posts/', {}, { headers });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const denied = await content(site, '/posts/', {}, { headers, key: null });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight for Ghost’s Accept-Version header', async () => {
    const res = await content(
      site,
      '/posts/',
      {},
      {
        method: 'OPTIONS',
        mount: GHOST,
        headers: {
          origin: 'https://reader.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'accept-version',
        },
      },
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-headers')).toContain('accept-version');
    expect(res.headers.get('cache-control')).toBeTruthy();
  });
});

describe('caching', () => {
  it('sends an explicit Cache-Control on success and on errors', async () => {
    const ok = await content(site, '/posts/');
    expect(ok.headers.get('cache-control')).toMatch(/^public, max-age=0, s-maxage=300/);
    for (const res of [
      await content(site, '/posts/', {}, { key: null }),
      await content(site, '/posts/slug/missing/'),
      await content(site, '/posts/', { bogus: 1 }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('cache-control')).toBeTruthy();
    }
  });

  it('answers a matching If-None-Match with 304 and keeps Cache-Control', async () => {
    const first = await content(site, '/posts/slug/hello-readers/');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await content(site, '/posts/slug/hello-readers/', {}, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const stale = await content(site, '/posts/slug/hello-readers/', {}, { headers: { 'if-none-match': '"old"' } });
    expect(stale.status).toBe(200);
  });

  it('changes the ETag when the answer changes', async () => {
    const before = (await content(site, '/posts/')).headers.get('etag');
    await publish(site, { title: 'Another one' });
    const after = (await content(site, '/posts/')).headers.get('etag');
    expect(after).not.toBe(before);
  });
});

describe('the API document', () => {
  it('lists the Content API once, under Lede’s path, secured by the content key', async () => {
    const doc = await api(site.host, 'GET', '/api/v1/openapi.json');
    const paths = Object.keys(doc.body.paths as Record<string, unknown>);
    const contentPaths = paths.filter((p) => p.startsWith('/api/v1/content/'));
    expect(contentPaths.sort()).toEqual(
      [
        '/api/v1/content/authors',
        '/api/v1/content/authors/slug/{slug}',
        '/api/v1/content/authors/{id}',
        '/api/v1/content/pages',
        '/api/v1/content/pages/slug/{slug}',
        '/api/v1/content/pages/{id}',
        '/api/v1/content/posts',
        '/api/v1/content/posts/slug/{slug}',
        '/api/v1/content/posts/{id}',
        '/api/v1/content/settings',
        '/api/v1/content/tags',
        '/api/v1/content/tags/slug/{slug}',
        '/api/v1/content/tags/{id}',
      ].sort(),
    );
    expect(paths.filter((p) => p.startsWith('/ghost'))).toEqual([]);
    const browse = doc.body.paths['/api/v1/content/posts'].get;
    expect(browse.security).toEqual([{ contentKey: [] }]);
    expect(browse.tags).toEqual(['Content API']);
  });
});
