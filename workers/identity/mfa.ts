// TOTP multi-factor sign-in: enrolment (a secret shown once, confirmed by a first code, which also yields ten
// single-use recovery codes), the second step of sign-in, and turning it off again. The secret is stored encrypted
// (./totp-vault.ts); one that does not decrypt matches no code.
import {
  countUnusedRecoveryCodes,
  deleteMfa,
  findTotp,
  putPendingTotp,
  type TotpRow,
  useRecoveryCode,
  useTotpStep,
} from '../../d1/repositories/mfa';
import type { Site } from '../../d1/repositories/sites';
import { findStaffMember, findUserByEmail } from '../../d1/repositories/users';
import type { Actor } from '../app';
import { Problem, unauthorized } from '../http/problem';
import { verifyPassword } from '../lib/password';
import { sha256Hex } from '../lib/secrets';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from '../lib/totp';
import { recordAudit } from './audit';
import { type IdentityDeps, startSession } from './sessions';
import { Throttle } from './throttle';
import { verifyMfaChallenge } from './tokens';
import { openTotpSecret, sealTotpSecret } from './totp-vault';

export const RECOVERY_CODE_COUNT = 10;

/** `abcde-fghij`: 50 random bits, typed by hand from a printout; stored only as SHA-256 of the normalised form. */
function newRecoveryCode(): string {
  const text = base32Encode(crypto.getRandomValues(new Uint8Array(7)))
    .slice(0, 10)
    .toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (code: string) => sha256Hex(`lede-recovery:${normaliseRecoveryCode(code)}`);

export async function mfaStatus(deps: IdentityDeps, userId: string) {
  const totp = await findTotp(deps.db, userId);
  const enabled = !!totp?.confirmedAt;
  return { enabled, recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(deps.db, userId) : 0 };
}

/** Starts enrolment; the secret and its otpauth:// URI are shown this once. */
export async function beginEnrolment(deps: IdentityDeps, actor: Actor, site: Site, now: Date) {
  const secret = newTotpSecret();
  const sealed = await sealTotpSecret(deps.totpKey, actor.userId, secret);
  if (!(await putPendingTotp(deps.db, actor.userId, sealed, now))) {
    throw new Problem(409, 'MFA_ALREADY_ENABLED', 'An authenticator is already enrolled; disable it first.');
  }
  return { secret, uri: otpauthUri(secret, site.title || 'Lede', actor.email) };
}

const invalidCode = () => new Problem(422, 'INVALID_CODE', 'The code is not right, has expired, or was already used.');

/** Confirms enrolment with the first code; returns the recovery codes, shown this once. */
export async function confirmEnrolment(deps: IdentityDeps, actor: Actor, code: string, now: Date) {
  const totp = await findTotp(deps.db, actor.userId);
  if (!totp) throw new Problem(409, 'MFA_NOT_STARTED', 'Start enrolment first: POST /users/me/mfa/totp.');
  if (totp.confirmedAt) throw new Problem(409, 'MFA_ALREADY_ENABLED', 'An authenticator is already enrolled.');
  const step = await matchStoredTotp(deps, actor.userId, totp, code, now);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  if (step === undefined || !(await useTotpStep(deps.db, actor.userId, step, now, hashes))) throw invalidCode();
  await recordAudit(deps.db, { siteId: actor.siteId, action: 'mfa.enrolled', actor, ip: deps.ip, at: now });
  return codes;
}

/** The step `code` is valid for under the user's stored secret; undefined when it is not, or the secret won't open. */
async function matchStoredTotp(deps: IdentityDeps, userId: string, totp: TotpRow, code: string, now: Date) {
  const secret = await openTotpSecret(deps.totpKey, userId, totp.secret);
  return secret === undefined ? undefined : matchTotp(secret, code, now.getTime(), totp.lastStep);
}

export type SecondFactor = { code: string } | { recoveryCode: string };

/** Checks a TOTP code or spends a recovery code of an enrolled user; each succeeds once. */
async function checkSecondFactor(deps: IdentityDeps, userId: string, factor: SecondFactor, now: Date) {
  const totp = await findTotp(deps.db, userId);
  if (!totp?.confirmedAt) return undefined;
  if ('code' in factor) {
    const step = await matchStoredTotp(deps, userId, totp, factor.code, now);
    return step !== undefined && (await useTotpStep(deps.db, userId, step, now)) ? 'totp' : undefined;
  }
  const spent = await useRecoveryCode(deps.db, userId, await hashRecoveryCode(factor.recoveryCode), now);
  return spent ? 'recovery_code' : undefined;
}

/** Step two of sign-in: the challenge from step one plus a code (or a recovery code) starts the session. */
export async function completeMfaSignIn(
  deps: IdentityDeps,
  site: Site,
  mfaToken: string,
  factor: SecondFactor,
  now: Date,
) {
  const claims = await verifyMfaChallenge(mfaToken, site.id, site.signingKey, now.getTime());
  if (!claims) {
    throw unauthorized('The sign-in challenge is invalid or has expired. Sign in again.', 'INVALID_MFA_TOKEN');
  }
  const throttle = new Throttle(deps.limiter, 'mfa', { account: claims.sub, ip: deps.ip });
  await throttle.guard(now.getTime());
  const member = await findStaffMember(deps.db, site.id, claims.sub);
  const used = member && member.status === 'active' ? await checkSecondFactor(deps, member.id, factor, now) : undefined;
  if (!member || !used) {
    await recordAudit(deps.db, {
      siteId: site.id,
      action: 'session.mfa_failed',
      actor: { userId: claims.sub },
      ip: deps.ip,
      at: now,
    });
    await throttle.fail(now.getTime());
    throw unauthorized('The code is not right, has expired, or was already used.', 'INVALID_MFA_CODE');
  }
  await throttle.succeed();
  if (used === 'recovery_code') {
    await recordAudit(deps.db, {
      siteId: site.id,
      action: 'mfa.recovery_code_used',
      actor: { userId: member.id },
      ip: deps.ip,
      detail: { left: await countUnusedRecoveryCodes(deps.db, member.id) },
      at: now,
    });
  }
  return { member, tokens: await startSession(deps, site, member.id, now, used === 'totp' ? 'mfa' : 'recovery_code') };
}

/** Turns MFA off; needs a current code, a recovery code or the password (throttled like the MFA step). */
export async function disableMfa(
  deps: IdentityDeps,
  actor: Actor,
  proof: SecondFactor | { password: string },
  now: Date,
) {
  const totp = await findTotp(deps.db, actor.userId);
  if (!totp?.confirmedAt) throw new Problem(409, 'MFA_NOT_ENABLED', 'No authenticator is enrolled.');
  const throttle = new Throttle(deps.limiter, 'mfa', { account: actor.userId, ip: deps.ip });
  await throttle.guard(now.getTime());
  let ok: boolean;
  if ('password' in proof) {
    const user = await findUserByEmail(deps.db, actor.email);
    ok = !!user && (await verifyPassword(proof.password, user.passwordHash));
  } else {
    ok = !!(await checkSecondFactor(deps, actor.userId, proof, now));
  }
  if (!ok) {
    await throttle.fail(now.getTime());
    throw new Problem(403, 'WRONG_PROOF', 'The code or password is not right; MFA is still on.');
  }
  await deleteMfa(deps.db, actor.userId);
  await recordAudit(deps.db, {
    siteId: actor.siteId,
    action: 'mfa.disabled',
    actor,
    ip: deps.ip,
    detail: { proof: 'password' in proof ? 'password' : 'code' in proof ? 'totp' : 'recovery_code' },
    at: now,
  });
}
