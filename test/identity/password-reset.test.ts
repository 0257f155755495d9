// Password reset: asking answers the same whether or not the email exists and is throttled; the emailed token works
// once, for an hour, on its own site; using it sets the password and ends every session of the account.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type ApiResult, type TestSite } from '../helpers';
import { expectProblem, run, scalar } from '../admin/support';
import { POLICIES } from '../../workers/identity/throttle';
import { ADMIN, freshIp, me, refresh, signInFull } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('reset'), await createTestSite('reset-other')];
});

const ask = (s: TestSite, email: string, ip = freshIp()) =>
  api(s.host, 'POST', `${ADMIN}/password-reset`, { body: { email }, headers: { 'cf-connecting-ip': ip } });

const confirm = (s: TestSite, body: Record<string, unknown>, ip = freshIp()) =>
  api(s.host, 'POST', `${ADMIN}/password-reset/confirm`, { body, headers: { 'cf-connecting-ip': ip } });

const messagesTo = (siteId: string, email: string) =>
  scalar(
    "SELECT count(*) AS n FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'password_reset'",
    siteId,
    email,
  );

/** Asks for a reset of `email` and returns the token from the emailed link. */
async function resetToken(s: TestSite, email: string): Promise<string> {
  expect((await ask(s, email)).status).toBe(202);
  const row = await env.DB.prepare(
    "SELECT body FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'password_reset' ORDER BY created_at DESC, rowid DESC LIMIT 1",
  )
    .bind(s.siteId, email)
    .first<{ body: string }>();
  const token = /#token=(\S+)/.exec(row!.body)?.[1];
  expect(token).toMatch(/^lede_pr_[A-Za-z0-9_-]{43}$/);
  return token!;
}

const signIn = (s: TestSite, email: string, password: string) =>
  api(s.host, 'POST', `${ADMIN}/session`, { body: { email, password }, headers: { 'cf-connecting-ip': freshIp() } });

/** What a client can compare between two answers: status, Retry-After, and the body minus the request id. */
const visible = (res: ApiResult) => ({
  status: res.status,
  retryAfter: res.headers.get('retry-after'),
  body: { ...res.body, request_id: undefined },
});

describe('asking for a reset', () => {
  it('emails a link for staff of this site and stores only the hash of its token', async () => {
    const user = site.users.editor;
    const res = await ask(site, user.email.toUpperCase());
    expect(res.status).toBe(202);
    expect(res.body.message).toMatch(/on its way/);
    const message = await env.DB.prepare(
      "SELECT subject, body, channel, status FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'password_reset'",
    )
      .bind(site.siteId, user.email)
      .first<{ subject: string; body: string; channel: string; status: string }>();
    expect(message).toMatchObject({ channel: 'email', status: 'pending' });
    expect(message!.body).toContain(`http://${site.host}/admin/reset-password#token=lede_pr_`);
    const token = /#token=(\S+)/.exec(message!.body)![1]!;
    expect(await scalar('SELECT count(*) AS n FROM password_resets WHERE token_hash = ?', token)).toBe(0);
    const row = await env.DB.prepare('SELECT created_at, expires_at FROM password_resets WHERE user_id = ?')
      .bind(user.id)
      .first<{ created_at: number; expires_at: number }>();
    expect(row!.expires_at - row!.created_at).toBe(60 * 60 * 1000);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'password.reset_requested' AND target_id = ?",
        site.siteId,
        user.id,
      ),
    ).toBe(1);
  });

  it('answers an unknown email, a disabled account and staff of another site exactly like a known one', async () => {
    const known = visible(await ask(site, site.users.author.email));
    const disabled = other.users.contributor2;
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", disabled.id);
    for (const email of [`nobody@${site.host}`, other.users.owner.email, disabled.email]) {
      const res = await ask(email === disabled.email ? other : site, email);
      expect(visible(res)).toEqual(known);
    }
    await run("UPDATE users SET status = 'active' WHERE id = ?", disabled.id);
    expect(await messagesTo(site.siteId, `nobody@${site.host}`)).toBe(0);
    expect(await messagesTo(site.siteId, other.users.owner.email)).toBe(0);
    expect(await messagesTo(other.siteId, disabled.email)).toBe(0);
  });

  it('throttles per email and address: 429 with Retry-After, the same for an unknown email', async () => {
    const limit = POLICIES['reset-request'].account.maxFailures;
    const [ipKnown, ipUnknown] = [freshIp(), freshIp()];
    const known: ReturnType<typeof visible>[] = [];
    const unknown: ReturnType<typeof visible>[] = [];
    for (let i = 0; i <= limit; i++) {
      known.push(visible(await ask(site, site.users.contributor.email, ipKnown)));
      unknown.push(visible(await ask(site, `ghost@${site.host}`, ipUnknown)));
    }
    expect(unknown).toEqual(known);
    expect(known.map((r) => r.status)).toEqual([...Array(limit - 1).fill(202), 429, 429]);
    expect(Number(known[limit]!.retryAfter)).toBeGreaterThan(0);
    expect(known[limit]!.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // Only the requests before the lockout wrote a message.
    expect(await messagesTo(site.siteId, site.users.contributor.email)).toBe(limit - 1);
  });

  it.each([
    ['a bad email', { email: 'not an email' }],
    ['no email', {}],
    ['an extra field', { email: 'a@b.test', user_id: 'x' }],
  ])('refuses %s with 422, writing nothing', async (_label, body) => {
    const before = await scalar('SELECT count(*) AS n FROM password_resets');
    const res = await api(site.host, 'POST', `${ADMIN}/password-reset`, {
      body,
      headers: { 'cf-connecting-ip': freshIp() },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await scalar('SELECT count(*) AS n FROM password_resets')).toBe(before);
  });
});

describe('resetting with the token', () => {
  it('sets the password and ends every session of the account', async () => {
    const user = site.users.author2;
    const sessions = [await signInFull(site.host, user.email), await signInFull(site.host, user.email)];
    const token = await resetToken(site, user.email);
    const res = await confirm(site, { token, password: 'a reset passphrase' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sessions_ended).toBeGreaterThanOrEqual(2);
    for (const s of sessions) {
      expectProblem(await me(site.host, s.access), 401, 'INVALID_TOKEN');
      expectProblem(await refresh(site.host, s.refresh), 401, 'INVALID_REFRESH_TOKEN');
    }
    expectProblem(await signIn(site, user.email, PASSWORD), 401, 'INVALID_CREDENTIALS');
    expect((await signIn(site, user.email, 'a reset passphrase')).status).toBe(200);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'password.reset' AND actor_user_id = ?",
        site.siteId,
        user.id,
      ),
    ).toBe(1);
  });

  it('refuses the same token a second time and keeps the first new password', async () => {
    const user = other.users.editor;
    const token = await resetToken(other, user.email);
    expect((await confirm(other, { token, password: 'first new passphrase' })).status).toBe(200);
    expectProblem(await confirm(other, { token, password: 'second new passphrase' }), 400, 'INVALID_RESET_TOKEN');
    expectProblem(await signIn(other, user.email, 'second new passphrase'), 401, 'INVALID_CREDENTIALS');
    expect((await signIn(other, user.email, 'first new passphrase')).status).toBe(200);
  });

  it('refuses an expired token and changes nothing', async () => {
    const user = other.users.author;
    const token = await resetToken(other, user.email);
    await run('UPDATE password_resets SET expires_at = ? WHERE user_id = ?', Date.now() - 1000, user.id);
    expectProblem(await confirm(other, { token, password: 'too late passphrase' }), 400, 'INVALID_RESET_TOKEN');
    expect((await signIn(other, user.email, PASSWORD)).status).toBe(200);
  });

  it('only the newest link works', async () => {
    const user = other.users.admin;
    const first = await resetToken(other, user.email);
    const second = await resetToken(other, user.email);
    expectProblem(await confirm(other, { token: first, password: 'older link pass' }), 400, 'INVALID_RESET_TOKEN');
    expect((await confirm(other, { token: second, password: 'newer link pass' })).status).toBe(200);
  });

  it("refuses another site's token on this host, and leaves it working on its own", async () => {
    const user = other.users.author2;
    const token = await resetToken(other, user.email);
    expectProblem(await confirm(site, { token, password: 'wrong host pass' }), 400, 'INVALID_RESET_TOKEN');
    expect((await confirm(other, { token, password: 'right host pass' })).status).toBe(200);
  });

  it.each([
    ['an unknown token', `lede_pr_${'A'.repeat(43)}`],
    ['an invitation-shaped token', `lede_inv_${'A'.repeat(43)}`],
  ])('refuses %s with 400 INVALID_RESET_TOKEN', async (_label, token) => {
    expectProblem(await confirm(site, { token, password: 'long enough pass' }), 400, 'INVALID_RESET_TOKEN');
  });

  it.each([
    ['a short password', { password: 'short' }],
    ['no password', {}],
    ['a user id', { password: 'long enough pass', user_id: 'someone' }],
  ])('refuses %s with 422 and leaves the token unspent', async (_label, extra) => {
    const user = site.users.contributor2;
    const token = await resetToken(site, user.email);
    expectProblem(await confirm(site, { token, ...extra }), 422, 'VALIDATION_FAILED');
    expect(
      await scalar('SELECT count(*) AS n FROM password_resets WHERE user_id = ? AND used_at IS NULL', user.id),
    ).toBe(1);
  });

  it('locks an address that keeps sending bad tokens', async () => {
    const ip = freshIp();
    const limit = POLICIES['reset-token'].ip.maxFailures;
    const body = { token: `lede_pr_${'D'.repeat(43)}`, password: 'guessing passphrase' };
    for (let i = 1; i < limit; i++) expectProblem(await confirm(site, body, ip), 400, 'INVALID_RESET_TOKEN');
    const locked = await confirm(site, body, ip);
    expectProblem(locked, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers.get('retry-after'))).toBe(POLICIES['reset-token'].ip.lockMs / 1000);
  });
});
