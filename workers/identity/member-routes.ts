// The Members API: readers sign up and sign in by emailed link, with no password. Both routes need no credentials;
// asking for a link is throttled per email+IP and per IP, bad tokens per IP. A member's session is an ordinary
// session with the `member` role, which the policy table gives nothing but their own account.
import { createRoute, z } from '@hono/zod-openapi';
import { createApp } from '../app';
import { requestOutbox } from '../events/outbox';
import { jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { setSessionCookies, wantsCookieSession } from './cookie-session';
import { MEMBER_LINK_ACCEPTED, requestMemberLink, verifyMemberLink } from './member-sign-up';
import { isPublic } from './route-policy';
import { identityDeps } from './identity-deps';
import { MfaChallengeSchema, tokenJson, TokenSchema, tooMany } from './routes';

export const memberRoutes = createApp();

const SignUpBody = z
  .strictObject({ email: z.email().max(254), name: z.string().trim().min(1).max(191).optional() })
  .openapi('MemberSignUp');
const VerifyBody = z.strictObject({ token: z.string().min(1).max(256) }).openapi('MemberSignInVerify');

memberRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/sign-up',
    tags: ['Members'],
    summary: 'Ask for a sign-up (or, for a member, sign-in) link by email',
    description:
      'Always 202 with the same body, whether or not the email has an account here; staff get no link (they sign ' +
      'in with their password). The link works once, for 30 minutes. Each request counts against a limit per ' +
      'email+IP and per IP (429 with Retry-After).',
    ...isPublic,
    request: { body: jsonBody(SignUpBody) },
    responses: {
      202: jsonResponse('Accepted', z.object({ message: z.string() })),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    const origin = new URL(c.req.url).origin;
    await requestMemberLink(identityDeps(c), c.var.site, c.req.valid('json'), origin, new Date());
    return c.json({ message: MEMBER_LINK_ACCEPTED }, 202);
  },
);

memberRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/sign-in/verify',
    tags: ['Members'],
    summary: 'Sign in with the emailed link’s token; the first use creates the member',
    description:
      'Answers like POST /api/v1/admin/session: a 15-minute access token and a refresh token for a member (role ' +
      '`member`, no staff rights), or an MFA challenge when the account has an authenticator; with ' +
      '`X-Lede-Session: cookie`, the cookie session instead of a refresh token in the body. An unknown, used or ' +
      'expired token gets 400 INVALID_SIGN_IN_LINK.',
    ...isPublic,
    request: { body: jsonBody(VerifyBody) },
    responses: {
      200: jsonResponse('Signed in, or a challenge for the second step', z.union([TokenSchema, MfaChallengeSchema])),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    const deps = { ...identityDeps(c), outbox: requestOutbox(c) };
    const result = await verifyMemberLink(deps, c.var.site, c.req.valid('json').token, new Date());
    c.header('cache-control', 'no-store');
    if (result.kind === 'mfa') {
      return c.json({ mfa_required: true as const, mfa_token: result.mfaToken, expires_in: result.expiresIn }, 200);
    }
    const json = tokenJson(result.tokens, result.member);
    // A page of the site may ask for the cookie session, as the editor app does; the cookie names the admin session
    // routes' path, where a member refreshes and signs out like staff (./cookie-session.ts).
    if (!wantsCookieSession(c)) return c.json(json, 200);
    setSessionCookies(c, result.tokens.refreshToken);
    return c.json({ ...json, refresh_token: undefined }, 200);
  },
);
