// TOTP multi-factor sign-in through the Admin API: enrolment shown once, two-step sign-in, single-use codes and
// recovery codes, clock drift (with the clock injected into the service), disabling, and an owner requiring it.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { findSiteById } from '../../d1/repositories/sites';
import { completeMfaSignIn } from '../../workers/identity/mfa';
import { stepAt } from '../../workers/lib/totp';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { expectProblem, scalar } from '../admin/support';
import { ADMIN, freshIp, signInFull, totpCode } from './support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('mfa');
});

/** Enrols an authenticator for the token's user; returns the secret and the recovery codes. */
async function enrol(host: string, token: string) {
  const start = await api(host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const secret: string = start.body.totp.secret;
  const confirm = await api(host, 'POST', `${ADMIN}/users/me/mfa/totp/confirm`, {
    token,
    body: { code: await totpCode(secret) },
  });
  expect(confirm.status, JSON.stringify(confirm.body)).toBe(200);
  return { secret, uri: start.body.totp.otpauth_uri as string, recoveryCodes: confirm.body.recovery_codes as string[] };
}

const passwordStep = async (email: string, ip = freshIp()) => {
  const res = await api(site.host, 'POST', `${ADMIN}/session`, {
    body: { email, password: PASSWORD },
    headers: { 'cf-connecting-ip': ip },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
};
const mfaStep = (body: Record<string, unknown>, ip = freshIp()) =>
  api(site.host, 'POST', `${ADMIN}/session/mfa`, { body, headers: { 'cf-connecting-ip': ip } });

describe('enrolment and two-step sign-in', () => {
  let secret: string;
  let recoveryCodes: string[];
  const user = () => site.users.author;

  beforeAll(async () => {
    ({ secret, recoveryCodes } = await enrol(site.host, user().token));
  });

  it('shows ten distinct recovery codes once and stores none of them in the clear', async () => {
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) {
      expect(
        await scalar('SELECT count(*) AS n FROM recovery_codes WHERE hash LIKE ?', `%${code.replace('-', '')}%`),
      ).toBe(0);
    }
    expect(await scalar('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?', user().id)).toBe(10);
    const state = await api(site.host, 'GET', `${ADMIN}/users/me/mfa`, { token: user().token });
    expect(state.body.mfa).toEqual({ enabled: true, recovery_codes_left: 10, required: false });
  });

  it('refuses a second enrolment while one is active (409), keeping the secret', async () => {
    const stored = () => env.DB.prepare('SELECT secret FROM user_totp WHERE user_id = ?').bind(user().id).first();
    const before = await stored();
    const again = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token: user().token });
    expectProblem(again, 409, 'MFA_ALREADY_ENABLED');
    expect(await stored()).toEqual(before);
  });

  it('answers the password step with a challenge, not a session', async () => {
    const res = await passwordStep(user().email);
    expect(res.body.mfa_required).toBe(true);
    expect(res.body.access_token).toBeUndefined();
    expect(res.body.refresh_token).toBeUndefined();
    // The challenge is no access token.
    expectProblem(
      await api(site.host, 'GET', `${ADMIN}/users/me`, { token: res.body.mfa_token }),
      401,
      'INVALID_TOKEN',
    );
  });

  it('signs in with a code, and refuses the same code a second time', async () => {
    const first = await passwordStep(user().email);
    // The enrolment spent this step's code; the next step's code is within the accepted drift.
    const code = await totpCode(secret, Date.now(), 1);
    const ok = await mfaStep({ mfa_token: first.body.mfa_token, code });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await api(site.host, 'GET', `${ADMIN}/users/me`, { token: ok.body.access_token })).status).toBe(200);

    const second = await passwordStep(user().email);
    expectProblem(await mfaStep({ mfa_token: second.body.mfa_token, code }), 401, 'INVALID_MFA_CODE');
  });

  it('signs in with a recovery code exactly once', async () => {
    const code = recoveryCodes[0]!;
    const first = await passwordStep(user().email);
    const ok = await mfaStep({ mfa_token: first.body.mfa_token, recovery_code: code.toUpperCase() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const second = await passwordStep(user().email);
    expectProblem(await mfaStep({ mfa_token: second.body.mfa_token, recovery_code: code }), 401, 'INVALID_MFA_CODE');
    const state = await api(site.host, 'GET', `${ADMIN}/users/me/mfa`, { token: ok.body.access_token });
    expect(state.body.mfa.recovery_codes_left).toBe(9);
  });

  it('accepts one step of clock drift either way and refuses two (clock injected)', async () => {
    const db = openDatabase(env.DB);
    const siteRow = (await findSiteById(db, site.siteId))!;
    const deps = { db, limiter: env.RATE_LIMITER, ip: freshIp(), totpKey: env.TOTP_ENCRYPTION_KEY };
    // Two minutes ahead: steps no earlier code has used, and still inside the challenge's five minutes.
    const now = new Date(Date.now() + 120_000);
    const challenge = (await passwordStep(user().email)).body.mfa_token as string;
    const attempt = async (steps: number) => {
      const code = await totpCode(secret, now.getTime(), steps);
      try {
        await completeMfaSignIn(deps, siteRow, challenge, { code }, now);
        return 'accepted';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(await attempt(-2)).toBe('INVALID_MFA_CODE');
    expect(await attempt(2)).toBe('INVALID_MFA_CODE');
    expect(await attempt(-1)).toBe('accepted');
    expect(await attempt(0)).toBe('accepted');
    expect(await attempt(1)).toBe('accepted');
    // Each accepted step is spent: the newest is remembered, so every code up to it is now refused.
    expect(await attempt(0)).toBe('INVALID_MFA_CODE');
    expect(await scalar('SELECT last_step AS n FROM user_totp WHERE user_id = ?', user().id)).toBe(
      stepAt(now.getTime()) + 1,
    );
  });

  it.each([
    ['both a code and a recovery code', { code: '123456', recovery_code: 'abcde-fghij' }],
    ['neither', {}],
    ['a five-digit code', { code: '12345' }],
    ['an unknown field', { code: '123456', user_id: 'x' }],
  ])('refuses %s with 422 VALIDATION_FAILED', async (_label, extra) => {
    const res = await mfaStep({ mfa_token: 'x', ...extra });
    expectProblem(res, 422, 'VALIDATION_FAILED');
  });

  it('refuses a forged or expired challenge with 401 INVALID_MFA_TOKEN', async () => {
    expectProblem(await mfaStep({ mfa_token: 'not.a.token', code: '123456' }), 401, 'INVALID_MFA_TOKEN');
  });

  it('locks the MFA step after repeated wrong codes: 429 with Retry-After', async () => {
    const ip = freshIp();
    const challenge = (await passwordStep(user().email, ip)).body.mfa_token as string;
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await mfaStep({ mfa_token: challenge, code: '000000' }, ip);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(last!.headers.get('retry-after')).toBeTruthy();
  });
});

describe('confirming and disabling', () => {
  it('refuses a wrong first code (422) and leaves MFA off', async () => {
    const token = site.users.contributor.token;
    const start = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token });
    expect(start.status).toBe(201);
    const wrong = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/totp/confirm`, {
      token,
      body: { code: '000000' },
    });
    expectProblem(wrong, 422, 'INVALID_CODE');
    expect(await scalar('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?', site.users.contributor.id)).toBe(
      0,
    );
    const state = await api(site.host, 'GET', `${ADMIN}/users/me/mfa`, { token });
    expect(state.body.mfa.enabled).toBe(false);
  });

  it('refuses to disable with a wrong password or code (403), then disables with the password', async () => {
    const user = site.users.editor;
    await enrol(site.host, user.token);
    const ip = freshIp();
    const session = await (async () => {
      const challenge = (await passwordStep(user.email)).body.mfa_token;
      const res = await mfaStep({ mfa_token: challenge, recovery_code: 'zzzzz-zzzzz' });
      return res;
    })();
    expectProblem(session, 401, 'INVALID_MFA_CODE');
    const wrong = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/disable`, {
      token: user.token,
      body: { password: 'not the password' },
      headers: { 'cf-connecting-ip': ip },
    });
    expectProblem(wrong, 403, 'WRONG_PROOF');
    expect(await scalar('SELECT count(*) AS n FROM user_totp WHERE user_id = ?', user.id)).toBe(1);
    const both = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/disable`, {
      token: user.token,
      body: { password: PASSWORD, code: '123456' },
    });
    expectProblem(both, 422, 'VALIDATION_FAILED');
    const off = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/disable`, {
      token: user.token,
      body: { password: PASSWORD },
    });
    expect(off.status).toBe(204);
    expect(await scalar('SELECT count(*) AS n FROM user_totp WHERE user_id = ?', user.id)).toBe(0);
    expect(await scalar('SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?', user.id)).toBe(0);
    // Sign-in is one step again.
    expect((await passwordStep(user.email)).body.access_token).toBeTruthy();
    const actions = await Promise.all(
      ['mfa.enrolled', 'mfa.disabled'].map((action) =>
        scalar('SELECT count(*) AS n FROM audit_log WHERE actor_user_id = ? AND action = ?', user.id, action),
      ),
    );
    expect(actions).toEqual([1, 1]);
  });
});

describe('an owner requiring MFA', () => {
  let strict: TestSite;

  beforeAll(async () => {
    strict = await createTestSite('mfa-required');
  });

  it('only an owner may require it', async () => {
    const put = (token: string) =>
      api(strict.host, 'PUT', `${ADMIN}/site/security`, { token, body: { require_mfa: true } });
    expectProblem(await put(strict.users.admin.token), 403, 'FORBIDDEN');
    expectProblem(
      await api(strict.host, 'PUT', `${ADMIN}/site/security`, {
        token: strict.users.owner.token,
        body: { require_mfa: 'yes' },
      }),
      422,
      'VALIDATION_FAILED',
    );
    expect(await scalar('SELECT require_mfa AS n FROM sites WHERE id = ?', strict.siteId)).toBe(0);
    const ok = await put(strict.users.owner.token);
    expect(ok.status).toBe(200);
    expect(await scalar('SELECT require_mfa AS n FROM sites WHERE id = ?', strict.siteId)).toBe(1);
  });

  it('lets staff without an authenticator do nothing but enrol, then everything their role allows', async () => {
    const token = (await signInFull(strict.host, strict.users.editor.email)).access;
    const posts = await api(strict.host, 'GET', `${ADMIN}/posts`, { token });
    expectProblem(posts, 403, 'MFA_ENROLMENT_REQUIRED');
    expectProblem(
      await api(strict.host, 'POST', `${ADMIN}/tags`, { token, body: { name: 'x' } }),
      403,
      'MFA_ENROLMENT_REQUIRED',
    );
    expect((await api(strict.host, 'GET', `${ADMIN}/users/me`, { token })).status).toBe(200);
    const room = await api(strict.host, 'GET', `${ADMIN}/posts/${crypto.randomUUID()}/room?token=${token}`, {
      headers: { upgrade: 'websocket' },
    });
    expectProblem(room, 403, 'MFA_ENROLMENT_REQUIRED');
    await enrol(strict.host, token);
    expect((await api(strict.host, 'GET', `${ADMIN}/posts`, { token })).status).toBe(200);
  });
});
