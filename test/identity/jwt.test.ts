// The JWT attack set against the Admin API: only a token Lede itself issued, for this site, for a live session of
// a current active staff member, is let in, and only with that member's current role. Everything else is a 401.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { b64json, claimsFor, craftToken, createPost, expectProblem, run, signingKeyOf } from '../admin/support';
import { ADMIN, me, signInFull } from './support';

let a: TestSite;
let b: TestSite;
let keyA: string;

beforeAll(async () => {
  [a, b] = [await createTestSite('jwt-a'), await createTestSite('jwt-b')];
  keyA = await signingKeyOf(a.siteId);
});

const HS256 = { alg: 'HS256', typ: 'JWT' };
const ownerToken = (changes: Record<string, unknown> = {}, header: object = HS256, hash?: string) =>
  craftToken(header, { ...claimsFor(a.siteId, a.users.owner.id), ...changes }, keyA, hash);

describe('forged and malformed tokens', () => {
  it('accepts the control: a hand-signed token with exactly the claims Lede issues', async () => {
    expect((await me(a.host, await ownerToken())).status).toBe(200);
  });

  const cases: [string, () => Promise<string>][] = [
    ['alg none without a signature', async () => `${b64json({ alg: 'none' })}.${(await ownerToken()).split('.')[1]}.`],
    ['alg none with a signature', () => ownerToken({}, { alg: 'none', typ: 'JWT' })],
    ['an HS512 header over an HS256 signature', () => ownerToken({}, { alg: 'HS512', typ: 'JWT' })],
    ['an HS512 header and signature', () => ownerToken({}, { alg: 'HS512', typ: 'JWT' }, 'SHA-512')],
    ['an RS256 header (key confusion)', () => ownerToken({}, { alg: 'RS256', typ: 'JWT' })],
    ['no exp', () => ownerToken({ exp: undefined })],
    ['an expired exp', () => ownerToken({ exp: Math.floor(Date.now() / 1000) - 1 })],
    ['a string exp', () => ownerToken({ exp: String(Math.floor(Date.now() / 1000) + 600) })],
    ['a wrong audience', () => ownerToken({ aud: `lede:admin:${b.siteId}` })],
    ['the MFA-challenge audience', () => ownerToken({ aud: `lede:mfa:${a.siteId}` })],
    ['a foreign issuer', () => ownerToken({ iss: 'someone-else' })],
    ['a session id that does not exist', () => ownerToken({ sid: crypto.randomUUID() })],
    ['malformed segments', async () => 'abc.def.gh*i'],
    ['a header that is not JSON', async () => `${btoa('not json')}.${(await ownerToken()).split('.')[1]}.x`],
    ['an extra segment', async () => `${await ownerToken()}.extra`],
    ['two segments', async () => (await ownerToken()).split('.').slice(0, 2).join('.')],
  ];

  it.each(cases)('refuses %s: 401 INVALID_TOKEN', async (_label, build) => {
    const res = await me(a.host, await build());
    expectProblem(res, 401, 'INVALID_TOKEN');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it("refuses another site's token, signed with that site's key", async () => {
    const token = await signInFull(b.host, b.users.owner.email);
    expectProblem(await me(a.host, token.access), 401, 'INVALID_TOKEN');
    const write = await api(a.host, 'POST', `${ADMIN}/posts`, { token: token.access, body: { title: 'x' } });
    expectProblem(write, 401, 'INVALID_TOKEN');
  });

  it('refuses an MFA challenge token used as an access token', async () => {
    const challenge = await craftToken(
      HS256,
      { ...claimsFor(a.siteId, a.users.owner.id), aud: `lede:mfa:${a.siteId}` },
      keyA,
    );
    expectProblem(await me(a.host, challenge), 401, 'INVALID_TOKEN');
  });

  it("refuses a token naming another user's live session", async () => {
    const theirs = await signInFull(a.host, a.users.editor.email);
    const sid = JSON.parse(atob(theirs.access.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sid;
    expectProblem(await me(a.host, await ownerToken({ sid })), 401, 'INVALID_TOKEN');
  });
});

describe('tokens of accounts that changed', () => {
  it("refuses a disabled user's token at once, on reads and writes", async () => {
    const s = await signInFull(a.host, a.users.contributor2.email);
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", a.users.contributor2.id);
    expectProblem(await me(a.host, s.access), 401, 'INVALID_TOKEN');
    const write = await api(a.host, 'POST', `${ADMIN}/posts`, { token: s.access, body: { title: 'x' } });
    expectProblem(write, 401, 'INVALID_TOKEN');
  });

  it("answers a demoted admin's unexpired token with the new role, never the old one", async () => {
    const s = await signInFull(a.host, a.users.admin.email);
    const draft = await createPost(a.host, a.users.owner.token, { title: 'Owner only draft' });
    await run("UPDATE memberships SET role = 'author' WHERE site_id = ? AND user_id = ?", a.siteId, a.users.admin.id);
    // Admin rights the token was minted with: managing keys, reading the audit log, editing others' posts.
    expectProblem(
      await api(a.host, 'POST', `${ADMIN}/integrations`, {
        token: s.access,
        body: { name: 'x', scopes: ['posts:read'] },
      }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await api(a.host, 'GET', `${ADMIN}/audit`, { token: s.access }), 403, 'FORBIDDEN');
    const edit = await api(a.host, 'PATCH', `${ADMIN}/posts/${draft.id}`, {
      token: s.access,
      body: { title: 'Hijacked' },
    });
    expectProblem(edit, 403, 'FORBIDDEN');
    expect((await me(a.host, s.access)).body.user.role).toBe('author');
  });
});
