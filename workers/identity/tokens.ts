// Access tokens: HS256 JWTs signed with the site's own key. The library checks the signature and times;
// everything it does not check (algorithm in the header, exp present, iss, aud, site) is checked here.
import jwt from '@tsndr/cloudflare-worker-jwt';
import { z } from 'zod';

export const ISSUER = 'lede';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** How long the second step of a multi-factor sign-in may take. */
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;
// Each kind of token has its own audience, so an MFA challenge can never be used as an access token.
type TokenKind = 'admin' | 'mfa';
const audienceFor = (siteId: string, kind: TokenKind = 'admin') => `lede:${kind}:${siteId}`;
/** A JWT segment: base64url, nothing else. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const Header = z.object({ alg: z.literal('HS256'), typ: z.literal('JWT').optional() });
const Claims = z.object({
  iss: z.literal(ISSUER),
  aud: z.string(),
  sub: z.string().min(1),
  site: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  // The session (refresh-token family) the token belongs to; revoking the session ends the token too.
  sid: z.string().min(1).optional(),
});
export type AccessClaims = z.infer<typeof Claims>;

async function issue(
  kind: TokenKind,
  ttl: number,
  siteId: string,
  signingKey: string,
  userId: string,
  sid?: string,
  nowMs = Date.now(),
) {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttl;
  const token = await jwt.sign<Omit<AccessClaims, 'iat' | 'exp'>>(
    { iss: ISSUER, aud: audienceFor(siteId, kind), sub: userId, site: siteId, iat, exp, ...(sid ? { sid } : {}) },
    signingKey,
    { algorithm: 'HS256' },
  );
  return { token, expiresIn: ttl };
}

export async function issueAccessToken(
  siteId: string,
  signingKey: string,
  userId: string,
  sessionId?: string,
  nowMs = Date.now(),
) {
  return issue('admin', ACCESS_TOKEN_TTL_SECONDS, siteId, signingKey, userId, sessionId, nowMs);
}

/** The token that carries a password-verified user to the second (TOTP) step of sign-in. */
export async function issueMfaChallenge(siteId: string, signingKey: string, userId: string, nowMs = Date.now()) {
  return issue('mfa', MFA_CHALLENGE_TTL_SECONDS, siteId, signingKey, userId, undefined, nowMs);
}

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')));
}

/**
 * The site and subject a token names, unverified: only to choose what to read in the same D1 round trip as the
 * site's signing key (the room's connect). Nothing read with them may be used before verifyAccessToken accepts the
 * token for that site. Undefined for anything that does not even parse.
 */
export function unverifiedClaims(token: string): Pick<AccessClaims, 'site' | 'sub' | 'sid'> | undefined {
  const payload = token.split('.')[1];
  if (!payload || !SEGMENT.test(payload)) return undefined;
  try {
    const claims = Claims.safeParse(decodeSegment(payload));
    return claims.success ? claims.data : undefined;
  } catch {
    return undefined;
  }
}

/** The verified claims, or undefined for any token that is malformed, forged, expired or meant for another site. */
export async function verifyAccessToken(
  token: string,
  siteId: string,
  signingKey: string,
  nowMs = Date.now(),
  kind: TokenKind = 'admin',
): Promise<AccessClaims | undefined> {
  const segments = token.split('.');
  if (segments.length !== 3 || segments.some((s) => !SEGMENT.test(s))) return undefined;
  try {
    if (!Header.safeParse(decodeSegment(segments[0]!)).success) return undefined;
    const verified = await jwt.verify(token, signingKey, { algorithm: 'HS256' });
    if (!verified) return undefined;
    const claims = Claims.safeParse(verified.payload);
    if (!claims.success) return undefined;
    const { aud, site, exp } = claims.data;
    if (aud !== audienceFor(siteId, kind) || site !== siteId) return undefined;
    if (exp * 1000 <= nowMs) return undefined;
    return claims.data;
  } catch {
    // The library throws on some malformed inputs; a bad token is a 401, never a 500.
    return undefined;
  }
}

export const verifyMfaChallenge = (token: string, siteId: string, signingKey: string, nowMs = Date.now()) =>
  verifyAccessToken(token, siteId, signingKey, nowMs, 'mfa');
