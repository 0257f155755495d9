// Joining and recovering: invitations (owners and admins invite, the invitee accepts by link) and password reset.
// Accepting and both reset steps need no token; they are throttled per IP (and per account where one is named).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { InvitationRow } from '../../d1/repositories/invitations';
import { ROLES } from '../../d1/schema';
import { type AppEnv, createApp } from '../app';
import { requestOutbox } from '../events/outbox';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { requirePerson } from '../middleware/auth';
import { isPublic, needs } from './route-policy';
import { setSessionCookies, wantsCookieSession } from './cookie-session';
import { acceptInvitation, browseInvitations, invitationStatus, invite, revoke } from './invitations';
import { requestPasswordReset, resetPassword } from './password-reset';
import { identityDeps } from './identity-deps';
import { MfaChallengeSchema, tokenJson, TokenSchema, tooMany } from './routes';
import { Email, NewPassword } from './credential-input';

export const invitationRoutes = createApp();

const LinkToken = z.string().min(1).max(256);

const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invited_by: z.string(),
    created_at: z.string(),
    expires_at: z.string(),
    accepted_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('Invitation');

const invitationJson = (row: InvitationRow, now: Date) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: invitationStatus(row, now),
  invited_by: row.invitedBy,
  created_at: row.createdAt.toISOString(),
  expires_at: row.expiresAt.toISOString(),
  accepted_at: row.acceptedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
});

const invitationDeps = (c: Context<AppEnv>) => ({ ...identityDeps(c), outbox: requestOutbox(c) });
const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

// Invitations bring in staff; members (readers) sign up on the site instead.
const StaffRole = z.enum(ROLES).exclude(['member']);
const NewInvitationBody = z.strictObject({ email: Email, role: StaffRole }).openapi('NewInvitation');

invitationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invitations',
    tags: ['Identity'],
    summary: 'Invite someone by email with a role (owners and admins; only owners invite owners)',
    description:
      'Emails a link that works once, for seven days. A new invitation to the same email replaces a pending one.',
    security: bearerAuth,
    ...needs('user:invite', requirePerson),
    request: { body: jsonBody(NewInvitationBody) },
    responses: { 201: jsonResponse('Invited', z.object({ invitation: InvitationSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const now = new Date();
    const row = await invite(invitationDeps(c), c.var.actor, c.var.site, c.req.valid('json'), origin(c), now);
    return c.json({ invitation: invitationJson(row, now) }, 201);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invitations',
    tags: ['Identity'],
    summary: "The site's invitations, newest first, with their status (owners and admins)",
    security: bearerAuth,
    ...needs('user:invite', requirePerson),
    responses: {
      200: jsonResponse('Invitations', z.object({ invitations: z.array(InvitationSchema) })),
      ...errorResponses,
    },
  }),
  async (c) => {
    const now = new Date();
    const rows = await browseInvitations(c.var.db, c.var.actor);
    return c.json({ invitations: rows.map((row) => invitationJson(row, now)) }, 200);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/invitations/{id}',
    tags: ['Identity'],
    summary: 'Revoke a pending invitation; its link stops working',
    security: bearerAuth,
    ...needs('user:invite', requirePerson),
    request: { params: z.strictObject({ id: z.string().min(1).max(64) }) },
    responses: { 204: { description: 'Revoked' }, ...writeErrorResponses },
  }),
  async (c) => {
    await revoke(identityDeps(c), c.var.actor, c.req.valid('param').id, new Date());
    return c.body(null, 204);
  },
);

const AcceptBody = z
  .strictObject({
    token: LinkToken,
    name: z.string().trim().min(1).max(191),
    password: NewPassword,
  })
  .openapi('AcceptInvitation');

invitationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invitations/accept',
    tags: ['Identity'],
    summary: "Accept an invitation with the link's token: join the site and sign in",
    description:
      'Creates the account with `name` and `password`, or, when the email already has an account, joins with it ' +
      '(its password, its name). Answers like POST /session, `X-Lede-Session: cookie` included. Unknown, used, ' +
      'revoked, expired and other sites’ tokens all get 400 INVALID_INVITATION.',
    ...isPublic,
    request: { body: jsonBody(AcceptBody) },
    responses: {
      201: jsonResponse('Joined and signed in, or an MFA challenge', z.union([TokenSchema, MfaChallengeSchema])),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    const result = await acceptInvitation(invitationDeps(c), c.var.site, c.req.valid('json'), new Date());
    c.header('cache-control', 'no-store');
    if (result.kind === 'mfa') {
      return c.json({ mfa_required: true as const, mfa_token: result.mfaToken, expires_in: result.expiresIn }, 201);
    }
    const json = tokenJson(result.tokens, result.member);
    // The editor app's invitation page asks for the cookie session, as its sign-in does (./cookie-session.ts).
    if (!wantsCookieSession(c)) return c.json(json, 201);
    setSessionCookies(c, result.tokens.refreshToken);
    return c.json({ ...json, refresh_token: undefined }, 201);
  },
);

const ResetRequestBody = z.strictObject({ email: Email }).openapi('PasswordResetRequest');
const RESET_ACCEPTED = 'If that email belongs to staff of this site, a link to reset the password is on its way.';

invitationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset',
    tags: ['Identity'],
    summary: 'Ask for a password-reset link by email',
    description:
      'Always 202 with the same body, whether or not the email has an account here. Each request counts against ' +
      'a limit per email+IP and per IP (429 with Retry-After).',
    ...isPublic,
    request: { body: jsonBody(ResetRequestBody) },
    responses: {
      202: jsonResponse('Accepted', z.object({ message: z.string() })),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    await requestPasswordReset(identityDeps(c), c.var.site, c.req.valid('json').email, origin(c), new Date());
    return c.json({ message: RESET_ACCEPTED }, 202);
  },
);

const ResetBody = z.strictObject({ token: LinkToken, password: NewPassword }).openapi('PasswordReset');

invitationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset/confirm',
    tags: ['Identity'],
    summary: "Set a new password with the reset link's token; every session of the account ends",
    description: 'The token works once, for an hour. Sign in with the new password afterwards.',
    ...isPublic,
    request: { body: jsonBody(ResetBody) },
    responses: {
      200: jsonResponse('Password set', z.object({ sessions_ended: z.number().int() })),
      ...writeErrorResponses,
      ...tooMany,
    },
  }),
  async (c) => {
    const { token, password } = c.req.valid('json');
    const ended = await resetPassword(identityDeps(c), c.var.site, token, password, new Date());
    return c.json({ sessions_ended: ended }, 200);
  },
);
