// GET and PATCH /users/me: a person reads and edits their own public profile, social links included, in one shape.
// Only profile fields are accepted: a body naming the role, the site, the email, the slug or the password is refused
// whole (422), nothing saved.
import { createRoute, z } from '@hono/zod-openapi';
import { findStaffMember, type StaffMember } from '../../d1/repositories/users';
import { createApp } from '../app';
import { requestOutbox } from '../events/outbox';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { socialLinkList, SocialLinksSchema } from '../lib/social';
import { requirePerson, requirePersonMayEnrol } from '../middleware/auth';
import { updateOwnProfile } from './profile';
import { needs } from './route-policy';
import { staffJson, StaffSchema } from './routes';

export const profileRoutes = createApp();

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const ProfileBody = z
  .strictObject({
    name: z.string().trim().min(1).max(191).optional(),
    bio: optionalText(500),
    profile_image: z.string().min(1).max(64).nullable().optional().openapi({
      description: 'The id of an image in this site’s media library, or null to remove the avatar.',
    }),
    website: z
      .url({ protocol: /^https?$/, hostname: z.regexes.domain })
      .max(2000)
      .nullable()
      .optional(),
    location: optionalText(150),
    social_links: SocialLinksSchema.nullable()
      .optional()
      .openapi({ description: 'Handles by network (x, github, mastodon, bluesky, …), not URLs; replaces all links.' }),
  })
  .openapi('ProfileUpdate');

const ProfileSchema = StaffSchema.extend({
  social_links: z.record(z.string(), z.string()),
}).openapi('Profile');

const profileJson = (member: StaffMember) => ({
  ...staffJson(member),
  social_links: Object.fromEntries(
    socialLinkList(member.socialLinks).map((link) => [link.network, member.socialLinks![link.network]!]),
  ),
});

profileRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users/me',
    tags: ['Identity'],
    summary: 'The signed-in person (staff or member), with the profile as PATCH /users/me takes it',
    security: bearerAuth,
    ...needs('account:manage', requirePersonMayEnrol),
    responses: { 200: jsonResponse('You', z.object({ user: ProfileSchema })), ...errorResponses },
  }),
  async (c) => {
    // The authentication just read this membership, so it exists.
    const me = (await findStaffMember(c.var.db, c.var.site.id, c.var.actor.userId))!;
    return c.json({ user: profileJson(me) }, 200);
  },
);

profileRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/users/me',
    tags: ['Identity'],
    summary: 'Edit your own public profile (name, bio, avatar, website, location, social links)',
    description: 'Only the fields sent change; null clears a field. Your author page shows the result.',
    security: bearerAuth,
    ...needs('account:manage', requirePerson),
    request: { body: jsonBody(ProfileBody) },
    responses: { 200: jsonResponse('Saved', z.object({ user: ProfileSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const member = await updateOwnProfile(
      c.var.db,
      c.var.actor,
      c.req.valid('json'),
      new URL(c.req.url).origin,
      requestOutbox(c),
      new Date(),
    );
    return c.json({ user: profileJson(member) }, 200);
  },
);
