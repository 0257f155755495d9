// The Content API's settings: the public face of the site (title, navigation, locale…), in Ghost's keys.
import { createRoute, z } from '@hono/zod-openapi';
import { createApp } from '../app';
import { jsonResponse } from '../http/openapi-shared';
import { CONTENT_API_TAGS, contentErrors, contentKey, ContentSettingsSchema } from './schemas';
import { contentSettings } from './serialize';

const SettingsQuery = z.strictObject({ key: z.string().max(64) });
const SettingsEnvelope = z.object({ settings: ContentSettingsSchema, meta: z.object({}) });

export const contentSettingsRoutes = createApp();

contentSettingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: CONTENT_API_TAGS,
    summary: 'Browse the site settings',
    description: "Ghost's public settings keys; those Lede has no data for are null.",
    security: contentKey,
    request: { query: SettingsQuery },
    responses: { 200: jsonResponse('The settings', SettingsEnvelope), ...contentErrors },
  }),
  // The site row was read by resolveSite already: settings cost no further query.
  (c) => c.json({ settings: contentSettings(c.var.site, new URL(c.req.url).origin), meta: {} }, 200),
);
