// Helpers for the identity suites: full sign-ins (access + refresh), TOTP codes computed from a secret, and a
// distinct client address per test so each test's rate-limit counters are its own.
import { expect } from 'vitest';
import { api, PASSWORD } from '../helpers';
import { ADMIN } from '../admin/support';
import { base32Decode, hotp, stepAt } from '../../workers/lib/totp';

export { ADMIN };

let ipCounter = 0;
/** A fresh documentation-range address (RFC 5737) for one test. */
export const freshIp = () => {
  ipCounter += 1;
  return `198.51.${100 + Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
};

export interface Session {
  access: string;
  refresh: string;
}

export async function signInFull(host: string, email: string, password = PASSWORD, ip?: string): Promise<Session> {
  const res = await api(host, 'POST', `${ADMIN}/session`, {
    body: { email, password },
    headers: ip ? { 'cf-connecting-ip': ip } : {},
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { access: res.body.access_token, refresh: res.body.refresh_token };
}

export const refresh = (host: string, token: string, ip?: string) =>
  api(host, 'POST', `${ADMIN}/session/refresh`, {
    body: { refresh_token: token },
    headers: ip ? { 'cf-connecting-ip': ip } : {},
  });

export const me = (host: string, token: string) => api(host, 'GET', `${ADMIN}/users/me`, { token });

/** The TOTP code for `secret` at `nowMs` shifted by `steps` 30-second steps. */
export async function totpCode(secret: string, nowMs = Date.now(), steps = 0): Promise<string> {
  return hotp(base32Decode(secret), stepAt(nowMs) + steps);
}
