// Member sign-up by emailed link: asking answers the same whatever the email, and is throttled; the link's token
// works once, for 30 minutes, on its own site; its first use creates a member (no staff rights) and signs them in;
// a body naming a role or a site is refused whole.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_LINK_TTL_MS } from '../../workers/identity/member-sign-up';
import { POLICIES } from '../../workers/identity/throttle';
import { api, createTestSite, type ApiResult, type TestSite } from '../helpers';
import { expectProblem, run, scalar } from '../admin/support';
import { ADMIN, freshIp } from './support';

const MEMBERS = '/api/v1/members';

let site: TestSite;
let other: TestSite;
beforeAll(async () => {
  [site, other] = [await createTestSite('members'), await createTestSite('members-other')];
});

const signUp = (s: TestSite, body: Record<string, unknown>, ip = freshIp()) =>
  api(s.host, 'POST', `${MEMBERS}/sign-up`, { body, headers: { 'cf-connecting-ip': ip } });
const verify = (s: TestSite, body: Record<string, unknown>, ip = freshIp()) =>
  api(s.host, 'POST', `${MEMBERS}/sign-in/verify`, { body, headers: { 'cf-connecting-ip': ip } });

const messagesTo = (siteId: string, email: string) =>
  scalar(
    "SELECT count(*) AS n FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'member_sign_in'",
    siteId,
    email,
  );

/** The token of the newest link emailed to `email` on `s`. */
async function linkToken(s: TestSite, email: string): Promise<string> {
  const row = await env.DB.prepare(
    "SELECT body FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'member_sign_in' ORDER BY created_at DESC, rowid DESC LIMIT 1",
  )
    .bind(s.siteId, email)
    .first<{ body: string }>();
  const token = /\?token=(\S+)/.exec(row!.body)?.[1];
  expect(token).toMatch(/^lede_ml_[A-Za-z0-9_-]{43}$/);
  return token!;
}

async function newMember(s: TestSite, email: string, name?: string) {
  expect((await signUp(s, { email, ...(name ? { name } : {}) })).status).toBe(202);
  const res = await verify(s, { token: await linkToken(s, email) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

/** What a client can compare between two answers: status, Retry-After, and the body minus the request id. */
const visible = (res: ApiResult) => ({
  status: res.status,
  retryAfter: res.headers.get('retry-after'),
  body: { ...res.body, request_id: undefined },
});

describe('signing up', () => {
  it('emails a link, stores only its hash, and its first use creates a member and signs them in', async () => {
    const email = `reader@${site.host}`;
    const asked = await signUp(site, { email: email.toUpperCase(), name: 'Rea Der' });
    expect(asked.status).toBe(202);
    expect(asked.body.message).toMatch(/on its way/);
    const token = await linkToken(site, email);
    const body = await env.DB.prepare(
      "SELECT body FROM outbound_messages WHERE recipient = ? AND kind = 'member_sign_in'",
    )
      .bind(email)
      .first<{ body: string }>();
    expect(body!.body).toContain(`http://${site.host}/members/sign-in/?token=lede_ml_`);
    expect(await scalar('SELECT count(*) AS n FROM member_sign_in_links WHERE token_hash = ?', token)).toBe(0);
    const link = await env.DB.prepare('SELECT created_at, expires_at FROM member_sign_in_links WHERE email = ?')
      .bind(email)
      .first<{ created_at: number; expires_at: number }>();
    expect(link!.expires_at - link!.created_at).toBe(MEMBER_LINK_TTL_MS);
    // Nothing exists until the link is used.
    expect(await scalar('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);

    const res = await verify(site, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', user: { email, name: 'Rea Der', role: 'member' } });
    expect(res.body.refresh_token).toMatch(/^lede_rt_/);
    const id = res.body.user.id as string;
    expect(
      await scalar(
        "SELECT count(*) AS n FROM memberships WHERE site_id = ? AND user_id = ? AND role = 'member'",
        site.siteId,
        id,
      ),
    ).toBe(1);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'member.signed_up' AND target_id = ?",
        site.siteId,
        id,
      ),
    ).toBe(1);
    const me = await api(site.host, 'GET', `${ADMIN}/users/me`, { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id, role: 'member' });
  });

  it('gives the member no staff rights', async () => {
    const res = await newMember(site, `no-staff@${site.host}`);
    const token = res.body.access_token as string;
    for (const [method, path, body] of [
      ['GET', '/users', undefined],
      ['GET', '/posts', undefined],
      ['POST', '/posts', { title: 'A reader’s post' }],
      ['GET', '/site', undefined],
      ['GET', '/media', undefined],
      ['POST', '/invitations', { email: `friend@${site.host}`, role: 'admin' }],
      ['GET', '/audit', undefined],
    ] as const) {
      const answer = await api(site.host, method, `${ADMIN}${path}`, { token, ...(body ? { body } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(403);
    }
    // Nor is a member on the staff list.
    const staff = await api(site.host, 'GET', `${ADMIN}/users`, { token: site.users.owner.token });
    expect(staff.body.users.map((u: { id: string }) => u.id)).not.toContain(res.body.user.id);
  });

  it('signs an existing member in again with the same account', async () => {
    const email = `twice@${site.host}`;
    const first = await newMember(site, email);
    const again = await newMember(site, email);
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(await scalar('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(1);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'member.signed_up' AND target_id = ?",
        first.body.user.id,
      ),
    ).toBe(1);
  });

  it('answers a new email, a member, staff, another site’s staff and a disabled account alike; staff get no link', async () => {
    const member = `known-member@${site.host}`;
    await newMember(site, member);
    const disabled = other.users.author2;
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", disabled.id);
    const answers = [];
    for (const email of [
      `brand-new@${site.host}`,
      member,
      site.users.editor.email,
      other.users.owner.email,
      disabled.email,
    ]) {
      answers.push(visible(await signUp(site, { email })));
    }
    await run("UPDATE users SET status = 'active' WHERE id = ?", disabled.id);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    // Staff of this site sign in with their password, never by link; a disabled account gets nothing either.
    expect(await messagesTo(site.siteId, site.users.editor.email)).toBe(0);
    expect(await messagesTo(site.siteId, disabled.email)).toBe(0);
    // Staff of another site may join this one as a member, with their existing account.
    expect(await messagesTo(site.siteId, other.users.owner.email)).toBe(1);
    const joined = await verify(site, { token: await linkToken(site, other.users.owner.email) });
    expect(joined.status).toBe(200);
    expect(joined.body.user).toMatchObject({ id: other.users.owner.id, role: 'member' });
  });
});

describe('the cookie session', () => {
  it('puts the member’s refresh token in the HttpOnly cookie when asked, and it refreshes like staff’s', async () => {
    const email = `cookie-reader@${site.host}`;
    expect((await signUp(site, { email })).status).toBe(202);
    const res = await api(site.host, 'POST', `${MEMBERS}/sign-in/verify`, {
      body: { token: await linkToken(site, email) },
      headers: { 'x-lede-session': 'cookie', 'cf-connecting-ip': freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    const cookies = Object.fromEntries(
      res.headers.getSetCookie().map((line) => {
        const pair = line.split(';')[0]!;
        return [pair.slice(0, pair.indexOf('=')), { value: pair.slice(pair.indexOf('=') + 1), line }];
      }),
    );
    expect(cookies['__Secure-lede_refresh']!.line).toMatch(/HttpOnly/);
    expect(cookies['__Secure-lede_refresh']!.line).toMatch(/Path=\/api\/v1\/admin\/session/);
    const csrf = cookies['__Secure-lede_csrf']!.value;
    const refreshed = await api(site.host, 'POST', `${ADMIN}/session/refresh`, {
      rawBody: '{}',
      headers: {
        cookie: `__Secure-lede_refresh=${cookies['__Secure-lede_refresh']!.value}; __Secure-lede_csrf=${csrf}`,
        origin: `http://${site.host}`,
        'content-type': 'application/json',
        'x-lede-csrf': csrf,
        'cf-connecting-ip': freshIp(),
      },
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.user).toMatchObject({ email, role: 'member' });
  });
});

describe('the link', () => {
  it('works once', async () => {
    const email = `once@${site.host}`;
    expect((await signUp(site, { email })).status).toBe(202);
    const token = await linkToken(site, email);
    expect((await verify(site, { token })).status).toBe(200);
    expectProblem(await verify(site, { token }), 400, 'INVALID_SIGN_IN_LINK');
  });

  it('expires after 30 minutes', async () => {
    const email = `late@${site.host}`;
    expect((await signUp(site, { email })).status).toBe(202);
    const token = await linkToken(site, email);
    await run('UPDATE member_sign_in_links SET expires_at = ? WHERE email = ?', Date.now() - 1, email);
    expectProblem(await verify(site, { token }), 400, 'INVALID_SIGN_IN_LINK');
    expect(await scalar('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);
  });

  it('is replaced by a newer link, and works only on its own site', async () => {
    const email = `newer@${site.host}`;
    expect((await signUp(site, { email })).status).toBe(202);
    const older = await linkToken(site, email);
    expect((await signUp(site, { email })).status).toBe(202);
    const newer = await linkToken(site, email);
    expectProblem(await verify(site, { token: older }), 400, 'INVALID_SIGN_IN_LINK');
    expectProblem(await verify(other, { token: newer }), 400, 'INVALID_SIGN_IN_LINK');
    expect((await verify(site, { token: newer })).status).toBe(200);
  });

  it('refuses an unknown or malformed token the same way', async () => {
    expectProblem(await verify(site, { token: 'lede_ml_nothing' }), 400, 'INVALID_SIGN_IN_LINK');
    expectProblem(await verify(site, { token: 'lede_pr_not-a-member-link' }), 400, 'INVALID_SIGN_IN_LINK');
  });
});

describe('abuse and mass assignment', () => {
  it('throttles per email and address: 429 with Retry-After, the same for an unknown email', async () => {
    const limit = POLICIES['member-link'].account.maxFailures;
    const member = `throttled@${site.host}`;
    await newMember(site, member);
    const [ipKnown, ipUnknown] = [freshIp(), freshIp()];
    const known: ReturnType<typeof visible>[] = [];
    const unknown: ReturnType<typeof visible>[] = [];
    for (let i = 0; i <= limit; i++) {
      known.push(visible(await signUp(site, { email: member }, ipKnown)));
      unknown.push(visible(await signUp(site, { email: `nobody-yet@${site.host}` }, ipUnknown)));
    }
    expect(unknown).toEqual(known);
    expect(known.map((r) => r.status)).toEqual([...Array(limit - 1).fill(202), 429, 429]);
    expect(Number(known[limit]!.retryAfter)).toBeGreaterThan(0);
    expect(known[limit]!.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it.each([
    ['role', { role: 'owner' }],
    ['role (admin)', { role: 'admin' }],
    ['siteId', { siteId: 'OTHER' }],
    ['site_id', { site_id: 'OTHER' }],
    ['status', { status: 'active' }],
    ['password', { password: 'correct horse battery staple' }],
  ])('refuses a sign-up naming %s with 422, writing nothing', async (_label, extra) => {
    const email = `mass-${crypto.randomUUID().slice(0, 8)}@${site.host}`;
    const res = await signUp(site, { email, ...extra });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await scalar('SELECT count(*) AS n FROM member_sign_in_links WHERE email = ?', email)).toBe(0);
    expect(await messagesTo(site.siteId, email)).toBe(0);
  });

  it('refuses a verify naming a role, and the link stays unspent', async () => {
    const email = `verify-mass@${site.host}`;
    expect((await signUp(site, { email })).status).toBe(202);
    const token = await linkToken(site, email);
    expectProblem(await verify(site, { token, role: 'owner' }), 422, 'VALIDATION_FAILED');
    const res = await verify(site, { token });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('member');
  });
});
