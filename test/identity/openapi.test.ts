// The identity routes are described in the OpenAPI document, generated from the schemas that validate them.
import { describe, expect, it } from 'vitest';
import { api, createTestSite } from '../helpers';

describe('OpenAPI document', () => {
  it('describes every identity and security route with its methods', async () => {
    const site = await createTestSite('openapi-identity');
    const res = await api(site.host, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const expected: [string, string][] = [
      ['/api/v1/admin/session', 'post'],
      ['/api/v1/admin/session/mfa', 'post'],
      ['/api/v1/admin/session/refresh', 'post'],
      ['/api/v1/admin/session/sign-out', 'post'],
      ['/api/v1/admin/session/sign-out-everywhere', 'post'],
      ['/api/v1/admin/users/me/password', 'post'],
      ['/api/v1/admin/users/me/mfa', 'get'],
      ['/api/v1/admin/users/me/mfa/totp', 'post'],
      ['/api/v1/admin/users/me/mfa/totp/confirm', 'post'],
      ['/api/v1/admin/users/me/mfa/disable', 'post'],
      ['/api/v1/admin/users/{id}', 'patch'],
      ['/api/v1/admin/integrations', 'get'],
      ['/api/v1/admin/integrations', 'post'],
      ['/api/v1/admin/integrations/{id}', 'delete'],
      ['/api/v1/admin/audit', 'get'],
      ['/api/v1/admin/site/security', 'put'],
      ['/api/v1/admin/users/me', 'patch'],
      ['/api/v1/admin/invitations', 'post'],
      ['/api/v1/admin/invitations', 'get'],
      ['/api/v1/admin/invitations/{id}', 'delete'],
      ['/api/v1/admin/invitations/accept', 'post'],
      ['/api/v1/admin/password-reset', 'post'],
      ['/api/v1/admin/password-reset/confirm', 'post'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const signIn = paths['/api/v1/admin/session']!.post as { responses: Record<string, unknown> };
    expect(signIn.responses['429']).toBeDefined();
    for (const path of ['/invitations/accept', '/password-reset', '/password-reset/confirm']) {
      const route = paths[`/api/v1/admin${path}`]!.post as { responses: Record<string, unknown>; security?: unknown };
      expect(route.responses['429'], path).toBeDefined();
      expect(route.security, path).toBeUndefined();
    }
  });
});
