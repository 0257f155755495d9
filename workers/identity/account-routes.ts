// The signed-in person's own account: sign-out, sign-out everywhere, password change, and MFA enrolment.
import { createRoute, z } from '@hono/zod-openapi';
import { CurrentPassword, NewPassword } from './credential-input';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { requirePerson, requirePersonMayEnrol } from '../middleware/auth';
import { beginEnrolment, confirmEnrolment, disableMfa, mfaStatus } from './mfa';
import { identityDeps } from './identity-deps';
import { changePassword, signOut, signOutEverywhere } from './sessions';
import { needs } from './route-policy';
import { clearSessionCookies, sentRefreshCookie } from './cookie-session';

export const accountRoutes = createApp();

const noContent = { 204: { description: 'Done' } } as const;
const Code = z.string().regex(/^\d{6}$/, 'Six digits.');

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session/sign-out',
    tags: ['Identity'],
    summary: 'Sign out: end this session (its refresh tokens and access tokens)',
    description:
      'When the editor app’s `__Secure-lede_refresh` cookie comes along, its session ends too and the answer ' +
      'deletes both session cookies.',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    responses: { ...noContent, ...errorResponses },
  }),
  async (c) => {
    const cookie = sentRefreshCookie(c);
    await signOut(identityDeps(c), c.var.actor, new Date(), cookie);
    if (cookie !== undefined) clearSessionCookies(c);
    return c.body(null, 204);
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session/sign-out-everywhere',
    tags: ['Identity'],
    summary: 'End every session of yours on this site, this one included',
    description: 'Like sign-out, deletes the editor app’s session cookies when they come along.',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    responses: {
      200: jsonResponse('Sessions ended', z.object({ sessions_ended: z.number().int() })),
      ...errorResponses,
    },
  }),
  async (c) => {
    const ended = await signOutEverywhere(identityDeps(c), c.var.actor, new Date());
    // The cookie's family, when it is this person's, ended with the others; the browser drops the cookies too.
    if (sentRefreshCookie(c) !== undefined) clearSessionCookies(c);
    return c.json({ sessions_ended: ended }, 200);
  },
);

const PasswordBody = z
  .strictObject({
    current_password: CurrentPassword,
    new_password: NewPassword,
  })
  .openapi('PasswordChange');

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/me/password',
    tags: ['Identity'],
    summary: 'Change your password; every other session of yours, on every site, ends',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    request: { body: jsonBody(PasswordBody) },
    responses: {
      200: jsonResponse('Changed', z.object({ other_sessions_ended: z.number().int() })),
      ...writeErrorResponses,
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const ended = await changePassword(
      identityDeps(c),
      c.var.actor,
      body.current_password,
      body.new_password,
      new Date(),
    );
    return c.json({ other_sessions_ended: ended }, 200);
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users/me/mfa',
    tags: ['Identity'],
    summary: 'Whether you have an authenticator, and how many recovery codes are left',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    responses: {
      200: jsonResponse(
        'MFA state',
        z.object({
          mfa: z.object({ enabled: z.boolean(), recovery_codes_left: z.number().int(), required: z.boolean() }),
        }),
      ),
      ...errorResponses,
    },
  }),
  async (c) => {
    const status = await mfaStatus(identityDeps(c), c.var.actor.userId);
    return c.json(
      {
        mfa: {
          enabled: status.enabled,
          recovery_codes_left: status.recoveryCodesLeft,
          required: c.var.site.requireMfa,
        },
      },
      200,
    );
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/me/mfa/totp',
    tags: ['Identity'],
    summary: 'Start enrolling an authenticator: the secret and otpauth:// URI, shown once',
    description: 'Confirm with a first code at POST /users/me/mfa/totp/confirm. Starting again replaces the secret.',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    responses: {
      201: jsonResponse(
        'Enrolment started',
        z.object({ totp: z.object({ secret: z.string(), otpauth_uri: z.string() }) }),
      ),
      ...writeErrorResponses,
    },
  }),
  async (c) => {
    const { secret, uri } = await beginEnrolment(identityDeps(c), c.var.actor, c.var.site, new Date());
    c.header('cache-control', 'no-store');
    return c.json({ totp: { secret, otpauth_uri: uri } }, 201);
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/me/mfa/totp/confirm',
    tags: ['Identity'],
    summary: 'Confirm enrolment with a first code; returns ten recovery codes, shown once',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    request: { body: jsonBody(z.strictObject({ code: Code }).openapi('MfaConfirm')) },
    responses: {
      200: jsonResponse('MFA on', z.object({ recovery_codes: z.array(z.string()) })),
      ...writeErrorResponses,
    },
  }),
  async (c) => {
    const codes = await confirmEnrolment(identityDeps(c), c.var.actor, c.req.valid('json').code, new Date());
    c.header('cache-control', 'no-store');
    return c.json({ recovery_codes: codes }, 200);
  },
);

const DisableBody = z
  .strictObject({
    code: Code.optional(),
    recovery_code: z.string().min(10).max(32).optional(),
    password: CurrentPassword.optional(),
  })
  .refine((b) => [b.code, b.recovery_code, b.password].filter((v) => v !== undefined).length === 1, {
    message: 'Send exactly one of code, recovery_code and password.',
  })
  .openapi('MfaDisable');

accountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/me/mfa/disable',
    tags: ['Identity'],
    summary: 'Turn MFA off, proven by a code, a recovery code or the password',
    security: bearerAuth,
    ...needs('account:manage', requirePerson),
    request: { body: jsonBody(DisableBody) },
    responses: { ...noContent, ...writeErrorResponses },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const proof =
      body.code !== undefined
        ? { code: body.code }
        : body.recovery_code !== undefined
          ? { recoveryCode: body.recovery_code }
          : { password: body.password! };
    await disableMfa(identityDeps(c), c.var.actor, proof, new Date());
    return c.body(null, 204);
  },
);
