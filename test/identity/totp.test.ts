// TOTP against RFC 6238's own test vectors, and the acceptance window: one step of drift either way, never twice.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, stepAt } from '../../workers/lib/totp';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890"; codes are 8 digits.
const SEED = new TextEncoder().encode('12345678901234567890');
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('RFC 6238 test vectors (SHA-1)', () => {
  it.each(VECTORS)('at T=%i the code is %s', async (seconds, code) => {
    expect(await hotp(SEED, stepAt(seconds * 1000), 8)).toBe(code);
  });

  it('gives the 6-digit code authenticator apps show: the last six digits of the 8-digit value', async () => {
    expect(await hotp(SEED, stepAt(59_000))).toBe('287082');
  });
});

describe('base32', () => {
  it('round-trips the RFC seed and decodes its well-known encoding', () => {
    expect(base32Encode(SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(SEED);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('GEZ1')).toThrow();
  });
});

describe('matchTotp', () => {
  const secret = base32Encode(SEED);
  const now = 1_700_000_015_000; // 15 s into a step, so ±1 step is unambiguous
  const codeAt = (steps: number) => hotp(SEED, stepAt(now) + steps);

  it.each([-1, 0, 1])('accepts a code %i step(s) off (clock drift)', async (steps) => {
    expect(await matchTotp(secret, await codeAt(steps), now, null)).toBe(stepAt(now) + steps);
  });

  it.each([-2, 2, 10])('refuses a code %i steps off', async (steps) => {
    expect(await matchTotp(secret, await codeAt(steps), now, null)).toBeUndefined();
  });

  it('refuses a code whose step was already used, and any earlier one', async () => {
    expect(await matchTotp(secret, await codeAt(0), now, stepAt(now))).toBeUndefined();
    expect(await matchTotp(secret, await codeAt(-1), now, stepAt(now))).toBeUndefined();
    expect(await matchTotp(secret, await codeAt(1), now, stepAt(now))).toBe(stepAt(now) + 1);
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 12345'])('refuses the malformed code %j', async (code) => {
    expect(await matchTotp(secret, code, now, null)).toBeUndefined();
  });

  it('builds an otpauth:// URI authenticator apps read', () => {
    const text = otpauthUri(secret, 'My Site', 'ed@example.test');
    expect(text.startsWith('otpauth://totp/My%20Site%3Aed%40example.test?')).toBe(true);
    const uri = new URL(text);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret,
      issuer: 'My Site',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
