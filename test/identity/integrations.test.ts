// Integration keys: created by owners and admins only, shown once, stored hashed, scoped, never above admin nor
// above their creator, revocable, last use recorded, and worthless on any other site.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { expectProblem, run, scalar } from '../admin/support';
import { ADMIN } from './support';

let a: TestSite;
let b: TestSite;

beforeAll(async () => {
  [a, b] = [await createTestSite('keys-a'), await createTestSite('keys-b')];
});

async function createKey(site: TestSite, scopes: string[], who: keyof TestSite['users'] = 'owner', name = 'CI') {
  const res = await api(site.host, 'POST', `${ADMIN}/integrations`, {
    token: site.users[who].token,
    body: { name, scopes },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { key: res.body.key as string, id: res.body.integration_key.id as string };
}

const as = (site: TestSite, key: string, method: string, path: string, body?: unknown) =>
  api(site.host, method, `${ADMIN}${path}`, { token: key, body });

describe('managing keys', () => {
  it('shows the key once, stores only its hash, and lists keys without secrets', async () => {
    const { key, id } = await createKey(a, ['posts:read'], 'admin', 'Static build');
    expect(key).toMatch(/^lede_ik_[A-Za-z0-9_-]{43}$/);
    expect(await scalar('SELECT count(*) AS n FROM integration_keys WHERE hash = ? OR prefix = ?', key, key)).toBe(0);
    const list = await api(a.host, 'GET', `${ADMIN}/integrations`, { token: a.users.owner.token });
    expect(list.status).toBe(200);
    const listed = list.body.integration_keys.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ name: 'Static build', scopes: ['posts:read'], created_by: a.users.admin.id });
    expect(key.startsWith(listed.prefix)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(key);
  });

  it.each(['editor', 'author', 'contributor'] as const)('refuses a %s: 403, nothing written', async (who) => {
    const before = await scalar('SELECT count(*) AS n FROM integration_keys');
    const res = await api(a.host, 'POST', `${ADMIN}/integrations`, {
      token: a.users[who].token,
      body: { name: 'x', scopes: ['posts:read'] },
    });
    expectProblem(res, 403, 'FORBIDDEN');
    expectProblem(await api(a.host, 'GET', `${ADMIN}/integrations`, { token: a.users[who].token }), 403, 'FORBIDDEN');
    expect(await scalar('SELECT count(*) AS n FROM integration_keys')).toBe(before);
  });

  it.each([
    ['an unknown scope', { name: 'x', scopes: ['posts:admin'] }],
    ['no scopes', { name: 'x', scopes: [] }],
    ['no name', { scopes: ['posts:read'] }],
    ['a siteId', { name: 'x', scopes: ['posts:read'], siteId: 'other' }],
    ['a created_by', { name: 'x', scopes: ['posts:read'], created_by: 'someone' }],
  ])('refuses %s with 422, nothing written', async (_label, body) => {
    const before = await scalar('SELECT count(*) AS n FROM integration_keys');
    const res = await api(a.host, 'POST', `${ADMIN}/integrations`, { token: a.users.owner.token, body });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await scalar('SELECT count(*) AS n FROM integration_keys')).toBe(before);
  });
});

describe('what a key may do', () => {
  it('posts:read reads posts and tags, and may not write or read media, staff or the site', async () => {
    const { key } = await createKey(a, ['posts:read']);
    expect((await as(a, key, 'GET', '/posts')).status).toBe(200);
    expect((await as(a, key, 'GET', '/tags')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/posts', { title: 'Nope' }],
      ['POST', '/tags', { name: 'nope' }],
      ['GET', '/media'],
      ['GET', '/users'],
      ['GET', '/site'],
    ] as const) {
      const res = await as(a, key, method, path, body);
      expectProblem(res, 403, 'FORBIDDEN');
      expect(res.body.detail).toMatch(/scopes/);
    }
    expect(await scalar('SELECT count(*) AS n FROM posts WHERE site_id = ? AND title = ?', a.siteId, 'Nope')).toBe(0);
  });

  it('posts:write creates and publishes posts for its creator; tags:write writes tags but no posts', async () => {
    const { key } = await createKey(a, ['posts:write']);
    const post = await as(a, key, 'POST', '/posts', { title: 'From CI', status: 'published' });
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    expect(
      await scalar(
        'SELECT count(*) AS n FROM posts WHERE id = ? AND created_by = ?',
        post.body.post.id,
        a.users.owner.id,
      ),
    ).toBe(1);
    expectProblem(await as(a, key, 'POST', '/tags', { name: 'ci-tag' }), 403, 'FORBIDDEN');

    const tags = await createKey(a, ['tags:write']);
    expect((await as(a, tags.key, 'POST', '/tags', { name: 'from-ci' })).status).toBe(201);
    expectProblem(await as(a, tags.key, 'POST', '/posts', { title: 'x' }), 403, 'FORBIDDEN');
  });

  it('media:read browses media; site:read reads the site without the Content API key', async () => {
    const { key } = await createKey(a, ['media:read', 'site:read']);
    expect((await as(a, key, 'GET', '/media')).status).toBe(200);
    const siteRes = await as(a, key, 'GET', '/site');
    expect(siteRes.status).toBe(200);
    expect(siteRes.body.site.content_api_key).toBeUndefined();
  });

  it('never acts above admin: even with every scope it cannot manage keys, roles, security or read the audit log', async () => {
    const all = [
      'posts:read',
      'posts:write',
      'tags:read',
      'tags:write',
      'media:read',
      'media:write',
      'users:read',
      'site:read',
    ];
    const { key } = await createKey(a, all);
    const before = await scalar('SELECT count(*) AS n FROM integration_keys');
    for (const [method, path, body] of [
      ['POST', '/integrations', { name: 'child', scopes: ['posts:read'] }],
      ['GET', '/integrations'],
      ['GET', '/audit'],
      ['PATCH', `/users/${a.users.editor.id}`, { role: 'admin' }],
      ['PUT', '/site/security', { require_mfa: true }],
      ['GET', '/users/me'],
      ['POST', '/users/me/password', { current_password: 'x', new_password: 'yyyyyyyyyyyy' }],
    ] as const) {
      expectProblem(await as(a, key, method, path, body), 403, 'PERSON_REQUIRED');
    }
    expect(await scalar('SELECT count(*) AS n FROM integration_keys')).toBe(before);
    expect(
      await scalar("SELECT count(*) AS n FROM memberships WHERE user_id = ? AND role = 'editor'", a.users.editor.id),
    ).toBe(1);
  });

  it("acts with its creator's current role: a demoted creator's key loses what the new role lacks", async () => {
    const { key } = await createKey(b, ['tags:write'], 'admin');
    expect((await as(b, key, 'POST', '/tags', { name: 'before-demotion' })).status).toBe(201);
    await run(
      "UPDATE memberships SET role = 'contributor' WHERE site_id = ? AND user_id = ?",
      b.siteId,
      b.users.admin.id,
    );
    expectProblem(await as(b, key, 'POST', '/tags', { name: 'after-demotion' }), 403, 'FORBIDDEN');
    await run('DELETE FROM memberships WHERE site_id = ? AND user_id = ?', b.siteId, b.users.admin.id);
    expectProblem(await as(b, key, 'GET', '/tags'), 401, 'INVALID_KEY');
  });
});

describe('revocation, last use and other sites', () => {
  it('records the last use', async () => {
    const { key, id } = await createKey(a, ['posts:read']);
    expect(await scalar('SELECT count(*) AS n FROM integration_keys WHERE id = ? AND last_used_at IS NULL', id)).toBe(
      1,
    );
    await as(a, key, 'GET', '/posts');
    expect(
      await scalar('SELECT count(*) AS n FROM integration_keys WHERE id = ? AND last_used_at IS NOT NULL', id),
    ).toBe(1);
  });

  it('stops a revoked key on its next request; revoking again is harmless', async () => {
    const { key, id } = await createKey(a, ['posts:read']);
    expect((await as(a, key, 'GET', '/posts')).status).toBe(200);
    expect((await api(a.host, 'DELETE', `${ADMIN}/integrations/${id}`, { token: a.users.admin.token })).status).toBe(
      204,
    );
    const res = await as(a, key, 'GET', '/posts');
    expectProblem(res, 401, 'INVALID_KEY');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await api(a.host, 'DELETE', `${ADMIN}/integrations/${id}`, { token: a.users.owner.token })).status).toBe(
      204,
    );
  });

  it("refuses another site's key, and cannot revoke another site's key", async () => {
    const { key, id } = await createKey(b, ['posts:read'], 'owner');
    expectProblem(await as(a, key, 'GET', '/posts'), 401, 'INVALID_KEY');
    expectProblem(
      await api(a.host, 'DELETE', `${ADMIN}/integrations/${id}`, { token: a.users.owner.token }),
      404,
      'NOT_FOUND',
    );
    expect((await as(b, key, 'GET', '/posts')).status).toBe(200);
  });

  it.each([
    ['a short key', 'lede_ik_short'],
    ['an unknown key', `lede_ik_${'A'.repeat(43)}`],
  ])('refuses %s with 401 INVALID_KEY', async (_label, key) => {
    expectProblem(await as(a, key, 'GET', '/posts'), 401, 'INVALID_KEY');
  });

  it('refuses revocation by an editor: 403, key still works', async () => {
    const { key, id } = await createKey(a, ['posts:read']);
    expectProblem(
      await api(a.host, 'DELETE', `${ADMIN}/integrations/${id}`, { token: a.users.editor.token }),
      403,
      'FORBIDDEN',
    );
    expect((await as(a, key, 'GET', '/posts')).status).toBe(200);
  });
});
