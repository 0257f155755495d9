// The audit log: security-relevant actions are recorded per site, and owners and admins can read them with
// filters and pagination. Role changes are the owners' and admins' own, under the rules of who may grant what.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { expectProblem, scalar } from '../admin/support';
import { ADMIN, freshIp, me } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('audit'), await createTestSite('audit-other')];
});

const audit = (query = '', token = site.users.owner.token, host = site.host) =>
  api(host, 'GET', `${ADMIN}/audit${query}`, { token });

describe('role changes', () => {
  const patch = (who: keyof TestSite['users'], userId: string, body: unknown) =>
    api(site.host, 'PATCH', `${ADMIN}/users/${userId}`, { token: site.users[who].token, body });

  it('an admin changes an editor to author; it applies on the next request and is audited', async () => {
    const res = await patch('admin', site.users.editor.id, { role: 'author' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user.role).toBe('author');
    expect((await me(site.host, site.users.editor.token)).body.user.role).toBe('author');
    const entries = await audit(`?action=member.role_changed&target=${site.users.editor.id}`);
    expect(entries.body.audit).toHaveLength(1);
    expect(entries.body.audit[0]).toMatchObject({
      actor_user_id: site.users.admin.id,
      target_type: 'user',
      detail: { from: 'editor', to: 'author' },
    });
  });

  it.each([
    ['an admin making someone owner', 'admin', 'author2', 'owner', 403, 'FORBIDDEN'],
    ['an admin demoting the owner', 'admin', 'owner', 'editor', 403, 'FORBIDDEN'],
    ['an owner changing their own role', 'owner', 'owner', 'admin', 403, 'OWN_ROLE'],
    ['an editor changing anyone', 'editor', 'contributor', 'author', 403, 'FORBIDDEN'],
  ] as const)('refuses %s', async (_label, who, target, role, status, code) => {
    const res = await patch(who, site.users[target].id, { role });
    expectProblem(res, status, code);
    const before = await scalar(
      'SELECT count(*) AS n FROM memberships WHERE site_id = ? AND user_id = ? AND role = ?',
      site.siteId,
      site.users[target].id,
      role,
    );
    expect(before).toBe(0);
  });

  it("answers another site's member as not found", async () => {
    expectProblem(await patch('owner', other.users.editor.id, { role: 'author' }), 404, 'NOT_FOUND');
  });

  it.each([
    ['an unknown role', { role: 'superuser' }],
    ['a siteId', { role: 'author', siteId: 'another-site' }],
    ['a site_id', { role: 'author', site_id: 'another-site' }],
    ['a status', { role: 'author', status: 'disabled' }],
  ])('refuses a body with %s: 422, nothing written', async (_label, body) => {
    const res = await patch('owner', site.users.contributor2.id, body);
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(
      await scalar(
        "SELECT count(*) AS n FROM memberships WHERE site_id = ? AND user_id = ? AND role = 'contributor'",
        site.siteId,
        site.users.contributor2.id,
      ),
    ).toBe(1);
  });
});

describe('reading the log', () => {
  it('records sign-ins, failures, key creation and revocation, with who and from where', async () => {
    const ip = freshIp();
    await api(site.host, 'POST', `${ADMIN}/session`, {
      body: { email: site.users.author.email, password: PASSWORD },
      headers: { 'cf-connecting-ip': ip },
    });
    const key = await api(site.host, 'POST', `${ADMIN}/integrations`, {
      token: site.users.owner.token,
      body: { name: 'Audit me', scopes: ['posts:read'] },
    });
    await api(site.host, 'DELETE', `${ADMIN}/integrations/${key.body.integration_key.id}`, {
      token: site.users.owner.token,
    });
    const signedIn = await audit(`?action=session.signed_in&actor=${site.users.author.id}`);
    expect(signedIn.body.audit.some((e: { ip: string }) => e.ip === ip)).toBe(true);
    const keys = await audit(`?target=${key.body.integration_key.id}`);
    expect(keys.body.audit.map((e: { action: string }) => e.action)).toEqual([
      'integration_key.revoked',
      'integration_key.created',
    ]);
    // Nothing of this site appears in another site's log.
    const elsewhere = await audit(`?target=${key.body.integration_key.id}`, other.users.owner.token, other.host);
    expect(elsewhere.body.audit).toEqual([]);
  });

  it('pages newest first with a capped limit', async () => {
    const first = await audit('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.audit).toHaveLength(2);
    expect(first.body.meta.pagination).toMatchObject({ page: 1, limit: 2, next: 2 });
    const second = await audit('?limit=2&page=2');
    expect(second.body.audit[0].id).not.toBe(first.body.audit[0].id);
    expect(first.body.audit[0].at >= first.body.audit[1].at).toBe(true);
    const since = await audit(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(since.body.audit).toEqual([]);
  });

  it.each([
    ['a limit over 100', '?limit=101'],
    ['a page of 0', '?page=0'],
    ['a malformed date', '?since=yesterday'],
    ['an unknown parameter', '?site_id=x'],
  ])('refuses %s with 400', async (_label, query) => {
    expectProblem(await audit(query), 400, 'VALIDATION_FAILED');
  });

  it.each(['editor', 'author', 'contributor'] as const)('refuses a %s: 403', async (who) => {
    expectProblem(await audit('', site.users[who].token), 403, 'FORBIDDEN');
  });

  it('lets an admin read it', async () => {
    expect((await audit('', site.users.admin.token)).status).toBe(200);
  });
});
