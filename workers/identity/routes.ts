// Admin API identity routes: first-run setup, sign-in, the current user, the site's staff, the site itself.
import { createRoute, z } from '@hono/zod-openapi';
import { findContentKey } from '../../d1/repositories/sites';
import { listStaff, type StaffMember } from '../../d1/repositories/users';
import { ROLES } from '../../d1/schema';
import { createApp } from '../app';
import { requireStaff } from '../middleware/auth';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { allows, authorize } from '../identity/policy';
import { signIn } from './accounts';

const Email = z.email().max(254);
const Password = z.string().min(10, 'Use at least 10 characters.').max(256);
export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) }).openapi('SignIn');
export const SetupBody = z
  .strictObject({
    site_title: z.string().trim().min(1).max(150),
    name: z.string().trim().min(1).max(191),
    email: Email,
    password: Password,
  })
  .openapi('Setup');

const StaffSchema = z
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
    user: StaffSchema,
  })
  .openapi('AccessToken');

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

/** Routes that need a site but no token. */
export const sessionRoutes = createApp();

sessionRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    tags: ['Identity'],
    summary: 'Sign in with email and password',
    description: 'Returns a short-lived access token for this site. Send it as `Authorization: Bearer <token>`.',
    request: { body: jsonBody(SignInBody) },
    responses: { 200: jsonResponse('Signed in', TokenSchema), ...writeErrorResponses },
  }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    const session = await signIn(c.var.db, c.var.site, email, password);
    c.header('cache-control', 'no-store');
    return c.json(
      {
        access_token: session.token,
        token_type: 'Bearer' as const,
        expires_in: session.expiresIn,
        user: staffJson(session.user),
      },
      200,
    );
  },
);

/** Routes for signed-in staff. */
export const staffRoutes = createApp();
staffRoutes.use('*', requireStaff);

staffRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users/me',
    tags: ['Identity'],
    summary: 'The signed-in staff member',
    security: bearerAuth,
    responses: { 200: jsonResponse('You', z.object({ user: StaffSchema })), ...errorResponses },
  }),
  async (c) => {
    const me = (await listStaff(c.var.db, c.var.site.id)).find((m) => m.id === c.var.actor.userId)!;
    return c.json({ user: staffJson(me) }, 200);
  },
);

staffRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users',
    tags: ['Identity'],
    summary: "The site's staff and their roles",
    security: bearerAuth,
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
