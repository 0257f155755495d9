// Admin API identity routes: sign-in, the site's staff, the site itself (your own profile is in profile-routes.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { findContentKey } from '../../d1/repositories/sites';
import { listStaff, type StaffMember } from '../../d1/repositories/users';
import { ROLES } from '../../d1/schema';
import type { Context } from 'hono';
import { type AppEnv, createApp } from '../app';
import { requireStaff } from '../middleware/auth';
import {
  bearerAuth,
  errorResponses,
  jsonBody,
  jsonResponse,
  ProblemSchema,
  writeErrorResponses,
} from '../http/openapi-shared';
import { allows, authorize } from './policy';
import { completeMfaSignIn, type SecondFactor } from './mfa';
import { identityDeps } from './identity-deps';
import { passwordSignIn, refreshSession, type SessionTokens } from './sessions';
import { isPublic, needs } from './route-policy';
import { cookieRefreshToken, setSessionCookies, wantsCookieSession } from './cookie-session';
import { Problem } from '../http/problem';
import { CurrentPassword, Email, NewPassword } from './credential-input';

export const SignInBody = z.strictObject({ email: Email, password: CurrentPassword }).openapi('SignIn');
export const SetupBody = z
  .strictObject({
    site_title: z.string().trim().min(1).max(150),
    name: z.string().trim().min(1).max(191),
    email: Email,
    password: NewPassword,
  })
  .openapi('Setup');

export const StaffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['active', 'disabled']),
    bio: z.string().nullable(),
    profile_image: z.string().nullable(),
    website: z.string().nullable(),
    location: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('StaffMember');

export const TokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    refresh_token: z
      .string()
      .optional()
      .openapi({
        description:
          'Single use: POST /session/refresh spends it and returns its successor. Presenting it twice ends the ' +
          'session. Absent for a cookie session (`X-Lede-Session: cookie`), where it is in an HttpOnly cookie.',
      }),
    user: StaffSchema,
  })
  .openapi('AccessToken');

export const MfaChallengeSchema = z
  .object({
    mfa_required: z.literal(true),
    mfa_token: z.string().openapi({ description: 'Send it with a code to POST /session/mfa within five minutes.' }),
    expires_in: z.number().int(),
  })
  .openapi('MfaChallenge');

const MfaBody = z
  .strictObject({
    mfa_token: z.string().min(1).max(2048),
    code: z
      .string()
      .regex(/^\d{6}$/, 'Six digits.')
      .optional(),
    recovery_code: z.string().min(10).max(32).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recovery_code === undefined), {
    message: 'Send exactly one of code and recovery_code.',
  })
  .openapi('MfaSignIn');

// Without refresh_token, the token comes from the cookie session, with its CSRF checks (./cookie-session.ts).
const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(256).optional() }).openapi('Refresh');

export const tokenJson = (tokens: SessionTokens, member: StaffMember) => ({
  access_token: tokens.accessToken,
  token_type: 'Bearer' as const,
  expires_in: tokens.expiresIn,
  refresh_token: tokens.refreshToken,
  user: staffJson(member),
});

export const tooMany = {
  429: {
    description: 'Too many failed attempts: wait for Retry-After seconds.',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

export const staffJson = (m: StaffMember) => ({
  id: m.id,
  name: m.name,
  slug: m.slug,
  email: m.email,
  role: m.role,
  status: m.status,
  bio: m.bio,
  profile_image: m.profileImage,
  website: m.website,
  location: m.location,
  created_at: m.createdAt.toISOString(),
});

/** The tokens as JSON; for the editor app's cookie session the refresh token goes into its cookie instead. */
function signedIn(c: Context<AppEnv>, tokens: SessionTokens, member: StaffMember, cookie: boolean) {
  const json = tokenJson(tokens, member);
  if (!cookie) return json;
  setSessionCookies(c, tokens.refreshToken);
  return { ...json, refresh_token: undefined };
}

/** Routes that need a site but no token. */
export const sessionRoutes = createApp();

sessionRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    ...isPublic,
    tags: ['Identity'],
    summary: 'Sign in with email and password',
    description:
      'Returns a 15-minute access token and a refresh token for this site; send the access token as ' +
      '`Authorization: Bearer <token>`. When the account has an authenticator, the answer is instead an MFA ' +
      'challenge to send with a code to POST /session/mfa. Failures are throttled per account+IP and per IP (429).',
    request: { body: jsonBody(SignInBody) },
    responses: {
      200: jsonResponse('Signed in, or a challenge for the second step', z.union([TokenSchema, MfaChallengeSchema])),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    const result = await passwordSignIn(identityDeps(c), c.var.site, email, password, new Date());
    c.header('cache-control', 'no-store');
    if (result.kind === 'mfa') {
      return c.json({ mfa_required: true as const, mfa_token: result.mfaToken, expires_in: result.expiresIn }, 200);
    }
    return c.json(signedIn(c, result.tokens, result.member, wantsCookieSession(c)), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session/mfa',
    ...isPublic,
    tags: ['Identity'],
    summary: 'Second sign-in step: the MFA challenge and a TOTP code (or a recovery code)',
    description: 'Each code and each recovery code works once. Failures are throttled like sign-in.',
    request: { body: jsonBody(MfaBody) },
    responses: { 200: jsonResponse('Signed in', TokenSchema), ...writeErrorResponses, ...tooMany },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const factor: SecondFactor = body.code !== undefined ? { code: body.code } : { recoveryCode: body.recovery_code! };
    const { member, tokens } = await completeMfaSignIn(identityDeps(c), c.var.site, body.mfa_token, factor, new Date());
    c.header('cache-control', 'no-store');
    return c.json(signedIn(c, tokens, member, wantsCookieSession(c)), 200);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session/refresh',
    ...isPublic,
    tags: ['Identity'],
    summary: 'Exchange a refresh token for a new access token and a new refresh token',
    description:
      'The refresh token is spent. Presenting a spent token again revokes the whole session (401 ' +
      'REFRESH_TOKEN_REUSED); a disabled or removed account gets 401 too. Without `refresh_token` the cookie ' +
      'session is refreshed: the Origin must be this site, the body JSON, and `X-Lede-CSRF` must repeat the ' +
      '`__Secure-lede_csrf` cookie (403 CSRF_ORIGIN or CSRF_TOKEN otherwise; 415 for a body that is not JSON).',
    request: { body: jsonBody(RefreshBody) },
    responses: { 200: jsonResponse('Refreshed', TokenSchema), ...writeErrorResponses, ...tooMany },
  }),
  async (c) => {
    const { refresh_token } = c.req.valid('json');
    const fromCookie = refresh_token === undefined;
    const token = refresh_token ?? cookieRefreshToken(c);
    if (!token) {
      // Neither a token nor a session cookie: the same answer bearer clients always got for a body without one.
      const issues = [{ path: 'json.refresh_token', message: 'Send refresh_token, or refresh the cookie session.' }];
      throw new Problem(422, 'VALIDATION_FAILED', 'The request body is not valid.', { issues });
    }
    const { member, tokens } = await refreshSession(identityDeps(c), c.var.site, token, new Date());
    c.header('cache-control', 'no-store');
    return c.json(signedIn(c, tokens, member, fromCookie), 200);
  },
);

/** Routes for signed-in staff; each route names its own authentication. */
export const staffRoutes = createApp();

staffRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users',
    tags: ['Identity'],
    summary: "The site's staff and their roles",
    security: bearerAuth,
    ...needs('user:browse', requireStaff),
    responses: { 200: jsonResponse('Staff', z.object({ users: z.array(StaffSchema) })), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'user:browse');
    const staff = await listStaff(c.var.db, c.var.site.id);
    return c.json({ users: staff.map(staffJson) }, 200);
  },
);

const SiteSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    url: z.string(),
    locale: z.string(),
    timezone: z.string(),
    accent_color: z.string(),
    logo: z.string().nullable(),
    navigation: z.array(z.object({ label: z.string(), url: z.string() })),
    content_api_key: z.string().optional().openapi({ description: 'Only for owners and admins' }),
  })
  .openapi('Site');

staffRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/site',
    tags: ['Identity'],
    summary: 'This site and, for owners and admins, its Content API key',
    security: bearerAuth,
    ...needs('site:read', requireStaff),
    responses: { 200: jsonResponse('The site', z.object({ site: SiteSchema })), ...errorResponses },
  }),
  async (c) => {
    const { site, actor } = c.var;
    authorize(actor, 'site:read');
    const key = allows(actor, 'site:read_keys') ? await findContentKey(c.var.db, site.id) : undefined;
    return c.json(
      {
        site: {
          id: site.id,
          title: site.title,
          description: site.description,
          url: new URL(c.req.url).origin,
          locale: site.locale,
          timezone: site.timezone,
          accent_color: site.accentColor,
          logo: site.logo,
          navigation: site.navigation,
          ...(key ? { content_api_key: key } : {}),
        },
      },
      200,
    );
  },
);
