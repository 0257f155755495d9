// One limiter per key ("sign-in:ip:203.0.113.7", "sign-in:account:…"). It counts failures in a window and, past the
// limit, locks the key; every further lockout within a day lasts twice as long as the last, up to a cap. A single
// object per key serialises its counters, so concurrent attempts can never slip past the limit together.
import { DurableObject } from 'cloudflare:workers';

export interface LimitPolicy {
  /** Failures allowed in one window before the key locks. */
  maxFailures: number;
  windowMs: number;
  /** The first lockout; each later one doubles, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
}

interface LimiterState {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  lockouts: number;
  lastFailure: number;
}

// Lockouts are remembered this long after the last failure; then the key starts again from nothing.
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
const STATE = 'state';

export class RateLimiter extends DurableObject<Env> {
  /** Milliseconds until the key unlocks (0 when it is open), and the failures counted in the current window. */
  async check(now: number): Promise<{ waitMs: number; failures: number }> {
    const state = await this.ctx.storage.get<LimiterState>(STATE);
    if (!state) return { waitMs: 0, failures: 0 };
    return { waitMs: Math.max(0, state.lockedUntil - now), failures: state.failures };
  }

  /** Counts one failure; returns the milliseconds of the lockout it started, or 0. */
  async fail(policy: LimitPolicy, now: number): Promise<number> {
    const previous = await this.ctx.storage.get<LimiterState>(STATE);
    const state: LimiterState =
      previous && now - previous.lastFailure < FORGET_AFTER_MS
        ? previous
        : { failures: 0, windowStart: now, lockedUntil: 0, lockouts: 0, lastFailure: now };
    if (now - state.windowStart >= policy.windowMs) {
      state.failures = 0;
      state.windowStart = now;
    }
    state.failures += 1;
    state.lastFailure = now;
    let locked = 0;
    if (state.failures >= policy.maxFailures) {
      locked = Math.min(policy.lockMs * 2 ** state.lockouts, policy.maxLockMs);
      state.lockedUntil = now + locked;
      state.lockouts += 1;
      state.failures = 0;
      state.windowStart = now;
    }
    await this.ctx.storage.put(STATE, state);
    await this.ctx.storage.setAlarm(Math.max(state.lockedUntil, now + FORGET_AFTER_MS));
    return locked;
  }

  /** A success clears the failures counted so far (an account+IP key), not a running lockout's history. */
  async succeed(): Promise<void> {
    const state = await this.ctx.storage.get<LimiterState>(STATE);
    if (state && state.failures > 0) await this.ctx.storage.put(STATE, { ...state, failures: 0 });
  }

  override async alarm(): Promise<void> {
    const state = await this.ctx.storage.get<LimiterState>(STATE);
    // Nothing worth keeping once a day has passed without a failure; an early or repeated alarm changes nothing.
    if (!state || Date.now() - state.lastFailure >= FORGET_AFTER_MS) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(state.lastFailure + FORGET_AFTER_MS);
  }
}
