// TOTP secrets at rest: D1 holds only the AES-256-GCM form (`v1:…`), never the base32 secret the authenticator
// app was shown; enrolment and sign-in work through it; and any stored value that does not open for its user under
// the Worker's key (tampered, copied from another user, left in the clear, another key) matches no code.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTotpSecret, sealTotpSecret } from '../../workers/identity/totp-vault';
import { base32Decode } from '../../workers/lib/totp';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { expectProblem } from '../admin/support';
import { ADMIN, freshIp, totpCode } from './support';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('totp-rest');
});

const storedSecret = async (userId: string) =>
  (await env.DB.prepare('SELECT secret FROM user_totp WHERE user_id = ?').bind(userId).first<{ secret: string }>())!
    .secret;
const setStoredSecret = (userId: string, value: string) =>
  env.DB.prepare('UPDATE user_totp SET secret = ? WHERE user_id = ?').bind(value, userId).run();

async function enrol(token: string): Promise<string> {
  const start = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  const secret = start.body.totp.secret as string;
  const confirm = await api(site.host, 'POST', `${ADMIN}/users/me/mfa/totp/confirm`, {
    token,
    body: { code: await totpCode(secret) },
  });
  expect(confirm.status, JSON.stringify(confirm.body)).toBe(200);
  return secret;
}

/** Both sign-in steps with a code `steps` 30-second steps from now (the enrolment spent the current one). */
async function signInWithCode(email: string, secret: string, steps: number) {
  const ip = freshIp();
  const first = await api(site.host, 'POST', `${ADMIN}/session`, {
    body: { email, password: PASSWORD },
    headers: { 'cf-connecting-ip': ip },
  });
  expect(first.body.mfa_required, JSON.stringify(first.body)).toBe(true);
  return api(site.host, 'POST', `${ADMIN}/session/mfa`, {
    body: { mfa_token: first.body.mfa_token, code: await totpCode(secret, Date.now(), steps) },
    headers: { 'cf-connecting-ip': ip },
  });
}

describe('TOTP secrets at rest', () => {
  it('stores only the encrypted form, and enrolment and sign-in work through it', async () => {
    const user = site.users.editor;
    const secret = await enrol(user.token);
    const stored = await storedSecret(user.id);
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(secret);
    // Nor the raw key bytes in any of the usual spellings.
    const raw = base32Decode(secret);
    expect(stored).not.toContain(btoa(String.fromCharCode(...raw)).replace(/=+$/, ''));
    expect(stored).not.toContain([...raw].map((b) => b.toString(16).padStart(2, '0')).join(''));
    const ok = await signInWithCode(user.email, secret, 1);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.access_token).toEqual(expect.any(String));
  });

  it('fails closed when the stored value is tampered with', async () => {
    const user = site.users.author;
    const secret = await enrol(user.token);
    const stored = await storedSecret(user.id);
    // Flip one bit of the ciphertext.
    const bytes = Uint8Array.from(atob(stored.slice(3)), (c) => c.charCodeAt(0));
    bytes[20] = bytes[20]! ^ 1;
    await setStoredSecret(user.id, `v1:${btoa(String.fromCharCode(...bytes))}`);
    expectProblem(await signInWithCode(user.email, secret, 1), 401, 'INVALID_MFA_CODE');
    // Put back, the same code works: the refusal was the tampering, nothing else (and it spent nothing).
    await setStoredSecret(user.id, stored);
    expect((await signInWithCode(user.email, secret, 1)).status).toBe(200);
  });

  it('refuses a value copied from another user’s row, and one stored in the clear', async () => {
    const [victim, thief] = [site.users.author2, site.users.contributor];
    const victimSecret = await enrol(victim.token);
    await enrol(thief.token);
    // The thief's row now carries the victim's encrypted secret: the victim's codes must not work for the thief.
    await setStoredSecret(thief.id, await storedSecret(victim.id));
    expectProblem(await signInWithCode(thief.email, victimSecret, 1), 401, 'INVALID_MFA_CODE');
    // A base32 secret written straight into the column (an older row, or someone with write access to D1) is no
    // authenticator either.
    await setStoredSecret(thief.id, victimSecret);
    expectProblem(await signInWithCode(thief.email, victimSecret, 1), 401, 'INVALID_MFA_CODE');
  });

  it('opens only under the key and for the user it was sealed with', async () => {
    const key = env.TOTP_ENCRYPTION_KEY;
    const sealed = await sealTotpSecret(key, 'user-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toBe(await sealTotpSecret(key, 'user-1', 'JBSWY3DPEHPK3PXP')); // a fresh IV each time
    expect(await openTotpSecret(key, 'user-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(await openTotpSecret(key, 'user-2', sealed)).toBeUndefined();
    expect(await openTotpSecret(`${key}-rotated`, 'user-1', sealed)).toBeUndefined();
    expect(await openTotpSecret(key, 'user-1', 'v1:not base64!')).toBeUndefined();
    expect(await openTotpSecret(key, 'user-1', 'v1:AAAA')).toBeUndefined();
    expect(await openTotpSecret(key, 'user-1', `v2:${sealed.slice(3)}`)).toBeUndefined();
    // A Worker deployed without a real key refuses to store anything rather than store it weakly.
    await expect(sealTotpSecret('short', 'user-1', 'JBSWY3DPEHPK3PXP')).rejects.toThrow(/TOTP_ENCRYPTION_KEY/);
  });
});
