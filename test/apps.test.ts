// The Worker hands every path under /api but the Content API's to the API app (loaded on first use) and the rest to
// the readers' app: each path gets the same answer it would from one app holding every route.
import { beforeAll, describe, expect, it } from 'vitest';
import { isApiPath } from '../workers/apps';
import { api, createTestSite, type TestSite } from './helpers';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('apps');
});

describe('which app answers', () => {
  it.each([
    ['/api', true],
    ['/api/', true],
    ['/api/v1/admin/posts', true],
    ['/api/v1/members/sign-up', true],
    ['/api/v1/openapi.json', true],
    ['/api/v1/content', true],
    ['/api/v1/content/posts/', false],
    ['/ghost/api/content/posts/', false],
    ['/apiary/', false],
    ['/', false],
    ['/media/abc/photo.png', false],
  ])('%s is the API app’s: %s', (path, expected) => {
    expect(isApiPath(path)).toBe(expected);
  });

  it('answers an unknown path under /api with a problem, from either app', async () => {
    for (const path of ['/api', '/api/v1/nothing', '/api/v1/content/nothing/', '/api/v1/admin/nothing']) {
      const res = await api(site.host, 'GET', `${path}?key=${site.contentKey}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });

  it('answers the Content API at both its paths and under Ghost’s', async () => {
    for (const path of ['/api/v1/content/posts/', '/ghost/api/content/posts/', '/api/v1/content/settings/']) {
      const res = await api(site.host, 'GET', `${path}?key=${site.contentKey}`);
      expect(res.status, path).toBe(200);
    }
  });

  it('describes every API in one OpenAPI document', async () => {
    const res = await api<{ paths: Record<string, unknown> }>(site.host, 'GET', '/api/v1/openapi.json');
    const paths = Object.keys(res.body.paths);
    for (const prefix of ['/api/v1/admin/', '/api/v1/members/', '/api/v1/content/']) {
      expect(
        paths.some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('leaves every other path to the site', async () => {
    const res = await api(site.host, 'GET', '/no-such-page/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
