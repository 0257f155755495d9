// Access tokens, exercised through HTTP with tokens crafted by hand: only what Lede itself issues for this site,
// for a current active staff member, is let in; everything else is a 401, never a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, b64json, claimsFor, craftToken, createPost, expectProblem, run, signingKeyOf } from './support';

let a: TestSite;
let b: TestSite;
let keyA: string;

beforeAll(async () => {
  [a, b] = [await createTestSite('tokens-a'), await createTestSite('tokens-b')];
  keyA = await signingKeyOf(a.siteId);
});

const me = (token: string, host = a.host) => api(host, 'GET', `${ADMIN}/users/me`, { token });
const HS256 = { alg: 'HS256', typ: 'JWT' };

// Protects the token format: a crafted token is accepted only when it is exactly what Lede would issue.
describe('crafted tokens', () => {
  it('accepts a hand-signed HS256 token with the claims Lede issues (the control for every refusal below)', async () => {
    const res = await me(await craftToken(HS256, claimsFor(a.siteId, a.users.author.id), keyA));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(a.users.author.id);
  });

  /** A token for site A's owner, signed with site A's key, with `changes` made to Lede's own claims. */
  const ownerToken = (changes: Record<string, unknown> = {}, header: object = HS256, hash?: string) =>
    craftToken(header, { ...claimsFor(a.siteId, a.users.owner.id), ...changes }, keyA, hash);
  const segments = async () => (await ownerToken()).split('.');

  const cases: [string, () => Promise<string>][] = [
    ['alg none, unsigned', async () => `${b64json({ alg: 'none' })}.${(await segments())[1]}.`],
    ['alg none, with a signature', () => ownerToken({}, { alg: 'none' })],
    ['an HS512 header', () => ownerToken({}, { alg: 'HS512' })],
    ['an HS512 header and signature', () => ownerToken({}, { alg: 'HS512' }, 'SHA-512')],
    ['an RS256 header', () => ownerToken({}, { alg: 'RS256' })],
    ['no exp', () => ownerToken({ exp: undefined })],
    ['a string exp', () => ownerToken({ exp: '9999999999' })],
    ['an expired exp', () => ownerToken({ exp: Math.floor(Date.now() / 1000) - 5 })],
    ['a wrong aud', () => ownerToken({ aud: 'lede:admin:other' })],
    ['a wrong iss', () => ownerToken({ iss: 'ghost' })],
    ['a site claim for another site', () => ownerToken({ site: b.siteId })],
    ['no sub', () => ownerToken({ sub: undefined })],
    ['a sub that is staff of another site only', () => ownerToken({ sub: b.users.owner.id })],
    [
      'a signature made with another key',
      () => craftToken(HS256, claimsFor(a.siteId, a.users.owner.id), 'not-the-key'),
    ],
    [
      "one token's claims with another's signature",
      async () => {
        const [header, claims] = await segments();
        const signature = (await ownerToken({ sub: a.users.contributor.id })).split('.')[2];
        return `${header}.${claims}.${signature}`;
      },
    ],
    ['a header that is not JSON', async () => `${btoa('{{{')}.${(await segments())[1]}.c2ln`],
    ['segments that are not base64url', async () => 'a*b.c$d.e!f'],
    ['two segments', async () => (await segments()).slice(0, 2).join('.')],
    ['an extra segment', async () => `${await ownerToken()}.e30`],
    ['empty segments', async () => '..'],
    ['garbage', async () => 'this-is-not-a-token'],
  ];

  it.each(cases)('refuses a token with %s: 401 INVALID_TOKEN', async (_label, build) => {
    const res = await me(await build());
    expectProblem(res, 401, 'INVALID_TOKEN');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic scheme', 'Basic b3duZXI6cGFzcw=='],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s: 401 UNAUTHORIZED', async (_label, header) => {
    const res = await api(a.host, 'GET', `${ADMIN}/users/me`, { headers: header ? { authorization: header } : {} });
    expectProblem(res, 401, 'UNAUTHORIZED');
  });
});

// Protects tenant isolation at the token: a token proves who you are on one site only.
describe('tokens across sites', () => {
  it("refuses site B's token on site A's host, and the reverse", async () => {
    expectProblem(await me(b.users.owner.token, a.host), 401, 'INVALID_TOKEN');
    expectProblem(await me(a.users.owner.token, b.host), 401, 'INVALID_TOKEN');
    expect((await me(b.users.owner.token, b.host)).status).toBe(200);
  });
});

// Protects revocation: the account and its role are re-read on every request, not trusted from the token.
describe('account changes take effect at once', () => {
  it('refuses a disabled account on its next request, and lets it back in when re-enabled', async () => {
    const user = a.users.author2;
    expect((await me(user.token)).status).toBe(200);
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", user.id);
    expectProblem(await me(user.token), 401, 'INVALID_TOKEN');
    const write = await api(a.host, 'POST', `${ADMIN}/posts`, { token: user.token, body: { title: 'Sneaky' } });
    expectProblem(write, 401, 'INVALID_TOKEN');
    await run("UPDATE users SET status = 'active' WHERE id = ?", user.id);
    expect((await me(user.token)).status).toBe(200);
  });

  it('refuses someone removed from the site on their next request', async () => {
    const user = a.users.contributor2;
    expect((await me(user.token)).status).toBe(200);
    await run('DELETE FROM memberships WHERE site_id = ? AND user_id = ?', a.siteId, user.id);
    expectProblem(await me(user.token), 401, 'INVALID_TOKEN');
  });

  it("answers a demoted editor with the new role's rules on the next request", async () => {
    const editor = a.users.editor;
    const others = await createPost(a.host, a.users.owner.token, { title: 'Owner draft' });
    expect((await api(a.host, 'GET', `${ADMIN}/posts/${others.id}`, { token: editor.token })).status).toBe(200);

    await run("UPDATE memberships SET role = 'contributor' WHERE site_id = ? AND user_id = ?", a.siteId, editor.id);
    expect((await me(editor.token)).body.user.role).toBe('contributor');
    expectProblem(await api(a.host, 'GET', `${ADMIN}/posts/${others.id}`, { token: editor.token }), 403, 'FORBIDDEN');
    const publish = await api(a.host, 'POST', `${ADMIN}/posts`, {
      token: editor.token,
      body: { title: 'Straight to print', status: 'published' },
    });
    expectProblem(publish, 403, 'FORBIDDEN');
    const list = await api(a.host, 'GET', `${ADMIN}/posts`, { token: editor.token });
    expect(list.body.posts.map((p: { id: string }) => p.id)).not.toContain(others.id);
  });
});
