// Owners and admins change what readers see on every page: title, description, logo, accent colour and navigation.
// The change and its site.changed event commit together; the event purges every cached page of the site.
import { createRoute, z } from '@hono/zod-openapi';
import { type SiteSettings, updateSiteSettings } from '../../d1/repositories/sites';
import { buildEvent, eventRow } from '../../queues/events/build';
import { createApp } from '../app';
import { traceOf } from '../content/post-events';
import { requestOutbox } from '../events/outbox';
import { bearerAuth, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { requirePerson } from '../middleware/auth';
import { recordAudit } from './audit';
import { authorize } from './policy';
import { needs } from './route-policy';
import { identityDeps } from './identity-deps';

export const siteSettingsRoutes = createApp();

/** A link of the site's own (a path) or an absolute http(s) URL; never `javascript:` or another scheme. */
const NavigationUrl = z
  .string()
  .max(2000)
  .refine((url) => (url.startsWith('/') && !url.startsWith('//')) || /^https?:\/\/[^\s]+$/i.test(url), {
    message: 'must be a path starting with "/" or an http(s) URL',
  });

const SettingsBody = z
  .strictObject({
    title: z.string().trim().min(1).max(150),
    description: z.string().trim().max(500),
    logo: z
      .string()
      .max(2000)
      .regex(/^(https?:\/\/|\/)[^\s]*$/i, 'must be an http(s) URL or a path')
      .nullable(),
    accent_color: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #ff1a75'),
    navigation: z.array(z.strictObject({ label: z.string().trim().min(1).max(60), url: NavigationUrl })).max(30),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'name at least one setting to change' })
  .openapi('SiteSettingsChange');

const SettingsSchema = z
  .object({
    title: z.string(),
    description: z.string(),
    logo: z.string().nullable(),
    accent_color: z.string(),
    navigation: z.array(z.object({ label: z.string(), url: z.string() })),
  })
  .openapi('SiteSettings');

siteSettingsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/site',
    tags: ['Identity'],
    summary: "Change the site's title, description, logo, accent colour or navigation (owners and admins)",
    description: 'Every cached page of the site is purged when the change commits (docs/CACHING.md).',
    security: bearerAuth,
    ...needs('site:settings', requirePerson),
    request: { body: jsonBody(SettingsBody) },
    responses: { 200: jsonResponse('Saved', z.object({ settings: SettingsSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const { actor, site, db } = c.var;
    authorize(actor, 'site:settings');
    const body = c.req.valid('json');
    const settings: SiteSettings = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.logo !== undefined ? { logo: body.logo } : {}),
      ...(body.accent_color !== undefined ? { accentColor: body.accent_color } : {}),
      ...(body.navigation !== undefined ? { navigation: body.navigation } : {}),
    };
    const now = new Date();
    const outbox = requestOutbox(c);
    const changed = Object.keys(body);
    const event = buildEvent(
      traceOf({ outbox }, actor),
      {
        type: 'site.changed',
        siteId: site.id,
        aggregate: { type: 'site', id: site.id, version: 0 },
        payload: { changed },
      },
      now,
    );
    const events = [eventRow(event)];
    await updateSiteSettings(db, site.id, settings, now, events);
    outbox.committed(events);
    await recordAudit(db, {
      siteId: site.id,
      action: 'site.settings_changed',
      actor,
      ip: identityDeps(c).ip,
      detail: { changed },
      at: now,
    });
    const next = { ...site, ...settings };
    return c.json(
      {
        settings: {
          title: next.title,
          description: next.description,
          logo: next.logo,
          accent_color: next.accentColor,
          navigation: next.navigation,
        },
      },
      200,
    );
  },
);
