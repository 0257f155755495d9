// Abuse protection: failed sign-ins lock the account+IP and then the IP, with lockouts that grow; a locked key is
// answered 429 with Retry-After, and the answers are the same whether or not the email exists.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type ApiResult, type TestSite } from '../helpers';
import { expectProblem, scalar } from '../admin/support';
import { POLICIES } from '../../workers/identity/throttle';
import { ADMIN, freshIp, refresh } from './support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('throttle');
});

const signIn = (email: string, password: string, ip: string) =>
  api(site.host, 'POST', `${ADMIN}/session`, { body: { email, password }, headers: { 'cf-connecting-ip': ip } });

/** What a client can compare between two answers: status, Retry-After, and the body minus the request id. */
const visible = (res: ApiResult) => ({
  status: res.status,
  retryAfter: res.headers.get('retry-after'),
  body: { ...res.body, request_id: undefined },
});

const { maxFailures } = POLICIES['sign-in'].account;

describe('sign-in lockout per account and IP', () => {
  it('locks after the allowed failures: 429 with Retry-After, even for the right password', async () => {
    const ip = freshIp();
    const email = site.users.editor.email;
    for (let i = 1; i < maxFailures; i++)
      expectProblem(await signIn(email, 'wrong password', ip), 401, 'INVALID_CREDENTIALS');
    const locking = await signIn(email, 'wrong password', ip);
    expectProblem(locking, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(locking.headers.get('retry-after'))).toBe(POLICIES['sign-in'].account.lockMs / 1000);
    const right = await signIn(email, PASSWORD, ip);
    expectProblem(right, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.body.access_token).toBeUndefined();
    // The same account from another address, and another account from this one, are not locked.
    expect((await signIn(email, PASSWORD, freshIp())).status).toBe(200);
    expect((await signIn(site.users.author.email, PASSWORD, ip)).status).toBe(200);
  });

  it('answers an unknown email exactly as a known one, attempt by attempt', async () => {
    const known: ReturnType<typeof visible>[] = [];
    const unknown: ReturnType<typeof visible>[] = [];
    const [ipKnown, ipUnknown] = [freshIp(), freshIp()];
    for (let i = 0; i <= maxFailures; i++) {
      known.push(visible(await signIn(site.users.admin.email, 'wrong password', ipKnown)));
      unknown.push(visible(await signIn(`nobody@${site.host}`, 'wrong password', ipUnknown)));
    }
    expect(unknown).toEqual(known);
    expect(known.map((r) => r.status)).toEqual([...Array(maxFailures - 1).fill(401), 429, 429]);
  });

  it('records every failure in the audit log, with the attempted email', async () => {
    const ip = freshIp();
    await signIn(`ghost@${site.host}`, 'wrong password', ip);
    const n = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'session.sign_in_failed' AND ip = ? AND json_extract(detail, '$.email') = ?",
      site.siteId,
      ip,
      `ghost@${site.host}`,
    );
    expect(n).toBe(1);
  });

  it('a success clears the failures counted for the account+IP', async () => {
    const ip = freshIp();
    const email = site.users.author2.email;
    for (let i = 1; i < maxFailures; i++) await signIn(email, 'wrong password', ip);
    expect((await signIn(email, PASSWORD, ip)).status).toBe(200);
    for (let i = 1; i < maxFailures; i++)
      expectProblem(await signIn(email, 'wrong password', ip), 401, 'INVALID_CREDENTIALS');
  });
});

describe('per-IP lockout', () => {
  // Fifty password checks at PBKDF2's full cost take a while on a loaded machine, hence the longer timeout.
  it('locks an address that tries many accounts, whichever account it names next', async () => {
    const ip = freshIp();
    const limit = POLICIES['sign-in'].ip.maxFailures;
    const results: number[] = [];
    for (let i = 0; i < limit; i++) results.push((await signIn(`spray-${i}@${site.host}`, 'guess', ip)).status);
    expect(results.slice(0, limit - 1).every((s) => s === 401)).toBe(true);
    expect(results[limit - 1]).toBe(429);
    const res = await signIn(site.users.contributor.email, PASSWORD, ip);
    expectProblem(res, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(res.headers.get('retry-after'))).toBe(POLICIES['sign-in'].ip.lockMs / 1000);
  }, 60_000);

  it('locks refresh attempts with unknown tokens per IP', async () => {
    const ip = freshIp();
    const limit = POLICIES.refresh.ip.maxFailures;
    for (let i = 1; i < limit; i++)
      expectProblem(await refresh(site.host, `lede_rt_${'B'.repeat(43)}`, ip), 401, 'INVALID_REFRESH_TOKEN');
    const res = await refresh(site.host, `lede_rt_${'B'.repeat(43)}`, ip);
    expectProblem(res, 429, 'TOO_MANY_ATTEMPTS');
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});

// The limiter object itself, with the clock injected: lockouts double and are forgotten after a quiet day. Times
// start from the real clock because the object's clean-up alarm runs on it.
describe('RateLimiter', () => {
  const base = Date.now();
  const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 10_000, maxLockMs: 35_000 };
  const limiter = (name: string) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(name));

  it('grows each lockout (10 s, 20 s, then capped at 35 s) and reports the time left', async () => {
    const stub = limiter(`growth-${crypto.randomUUID()}`);
    let now = base;
    const lockAfterFailures = async () => {
      let locked = 0;
      for (let i = 0; i < policy.maxFailures; i++) locked = await stub.fail(policy, now);
      return locked;
    };
    expect((await stub.check(now)).waitMs).toBe(0);
    expect(await lockAfterFailures()).toBe(10_000);
    expect(await stub.check(now + 4_000)).toEqual({ waitMs: 6_000, failures: 0 });
    now += 10_000;
    expect((await stub.check(now)).waitMs).toBe(0);
    expect(await lockAfterFailures()).toBe(20_000);
    now += 20_000;
    expect(await lockAfterFailures()).toBe(35_000);
  });

  it('starts a new window once the old one has passed', async () => {
    const stub = limiter(`window-${crypto.randomUUID()}`);
    expect(await stub.fail(policy, base)).toBe(0);
    expect(await stub.fail(policy, base + 1_000)).toBe(0);
    // The third failure comes after the window: it is the first of a new one, so two more are allowed.
    expect(await stub.fail(policy, base + 61_000)).toBe(0);
    expect(await stub.fail(policy, base + 62_000)).toBe(0);
    expect(await stub.check(base + 62_000)).toEqual({ waitMs: 0, failures: 2 });
    expect(await stub.fail(policy, base + 63_000)).toBe(10_000);
  });

  it('forgets past lockouts after a day without failures', async () => {
    const stub = limiter(`forget-${crypto.randomUUID()}`);
    for (let i = 0; i < policy.maxFailures; i++) await stub.fail(policy, base);
    const dayLater = base + 24 * 60 * 60 * 1000 + 1;
    let locked = 0;
    for (let i = 0; i < policy.maxFailures; i++) locked = await stub.fail(policy, dayLater);
    // The first lockout's length again, not the second's.
    expect(locked).toBe(10_000);
  });
});
