// Abuse protection for sign-in, the MFA step, refresh, password resets, invitation and member links: failures are counted per account+IP and per IP by the
// RateLimiter Durable Object; a locked key is answered 429 with Retry-After before any credential is looked at,
// so the answer is the same whether or not the account exists.
import type { LimitPolicy } from '../../durable-objects/rate-limiter';
import { Problem } from '../http/problem';

export type ThrottledAction =
  'sign-in' | 'mfa' | 'refresh' | 'reset-request' | 'reset-token' | 'invite-token' | 'member-link' | 'member-token';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Per account+IP: a handful of guesses; per IP: enough for a shared office or NAT, not for a dictionary. */
export const POLICIES: Record<ThrottledAction, { account: LimitPolicy; ip: LimitPolicy }> = {
  'sign-in': {
    account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 50, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
  mfa: {
    account: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 50, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
  refresh: {
    account: { maxFailures: 10, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
  // Every reset request counts, found or not, so nobody can flood an inbox or probe for accounts.
  'reset-request': {
    account: { maxFailures: 3, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * HOUR },
    ip: { maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * HOUR },
  },
  // Link tokens carry 256 random bits; the limit only stops an address from hammering the endpoint.
  'reset-token': {
    account: { maxFailures: 10, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
  'invite-token': {
    account: { maxFailures: 10, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
  // Asking for a member's sign-up or sign-in link counts like a reset request: it sends an email to whoever is named.
  'member-link': {
    account: { maxFailures: 3, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * HOUR },
    ip: { maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: 24 * HOUR },
  },
  'member-token': {
    account: { maxFailures: 10, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
    ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 5 * MINUTE, maxLockMs: 24 * HOUR },
  },
};

/** Requests without CF-Connecting-IP (local development, tests) share one key. */
export const LOCAL_IP = 'local';

export interface ThrottleKeys {
  /** The account as the client named it (a lowercased email, a user id); absent when none is known. */
  account?: string;
  ip: string;
}

export class Throttle {
  constructor(
    private readonly namespace: Env['RATE_LIMITER'],
    private readonly action: ThrottledAction,
    private readonly keys: ThrottleKeys,
  ) {}

  private stub(kind: 'account' | 'ip') {
    const name =
      kind === 'ip'
        ? `${this.action}:ip:${this.keys.ip}`
        : `${this.action}:account:${this.keys.account}|${this.keys.ip}`;
    return this.namespace.get(this.namespace.idFromName(name));
  }

  private kinds(): ('account' | 'ip')[] {
    return this.keys.account === undefined ? ['ip'] : ['account', 'ip'];
  }

  // Whether the account+IP key had failures when guarded, so a success only calls the limiter when it must.
  private accountFailures = true;

  /** Throws 429 while either key is locked. */
  async guard(now = Date.now()): Promise<void> {
    const kinds = this.kinds();
    const states = await Promise.all(kinds.map((kind) => this.stub(kind).check(now)));
    this.accountFailures = kinds[0] === 'account' && states[0]!.failures > 0;
    const wait = Math.max(...states.map((s) => s.waitMs));
    if (wait > 0) throw tooManyAttempts(wait);
  }

  /** Counts a failure on both keys; throws 429 at once if it started a lockout. */
  async fail(now = Date.now()): Promise<void> {
    const policy = POLICIES[this.action];
    const locks = await Promise.all(this.kinds().map((kind) => this.stub(kind).fail(policy[kind], now)));
    const lock = Math.max(...locks);
    if (lock > 0) throw tooManyAttempts(lock);
  }

  async succeed(): Promise<void> {
    if (this.keys.account !== undefined && this.accountFailures) await this.stub('account').succeed();
  }
}

export function tooManyAttempts(waitMs: number): Problem {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new Problem(
    429,
    'TOO_MANY_ATTEMPTS',
    'Too many failed attempts. Wait before trying again.',
    {},
    { 'retry-after': String(seconds) },
  );
}
