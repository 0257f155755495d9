// Admin API: the signed-in person's own in-app notifications and their preferences per kind and channel.
import { createRoute } from '@hono/zod-openapi';
import {
  listNotifications,
  listPreferences,
  markRead,
  type NotificationRow,
  savePreferences,
} from '../../d1/repositories/notifications';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../d1/schema';
import type { Context } from 'hono';
import { type AppEnv, createApp } from '../app';
import {
  bearerAuth,
  errorResponses,
  jsonBody,
  jsonResponse,
  pagination,
  writeErrorResponses,
} from '../http/openapi-shared';
import { notFound } from '../http/problem';
import { authorize } from '../identity/policy';
import {
  NotificationIdParam,
  NotificationList,
  NotificationSchema,
  NotificationsQuery,
  PreferencesBody,
  PreferencesSchema,
} from './schemas';
import { z } from '@hono/zod-openapi';
import { needs } from '../identity/route-policy';

export const notificationRoutes = createApp();
const tags = ['Notifications'];

const notificationJson = (n: NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  post_id: n.postId,
  event_id: n.eventId,
  created_at: n.createdAt.toISOString(),
  read_at: n.readAt ? n.readAt.toISOString() : null,
});

/** Every kind and channel with its current switch (on unless turned off). */
async function preferencesOf(c: Context<AppEnv>) {
  const saved = await listPreferences(c.var.db, c.var.site.id, c.var.actor.userId);
  const off = new Set(saved.filter((p) => !p.enabled).map((p) => `${p.kind}/${p.channel}`));
  return NOTIFICATION_KINDS.flatMap((kind) =>
    NOTIFICATION_CHANNELS.map((channel) => ({ kind, channel, enabled: !off.has(`${kind}/${channel}`) })),
  );
}

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'My notifications, newest first',
    security: bearerAuth,
    ...needs('notification:manage'),
    request: { query: NotificationsQuery },
    responses: { 200: jsonResponse('One page of notifications', NotificationList), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'notification:manage');
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const limit = q.limit ?? 50;
    const result = await listNotifications(
      c.var.db,
      c.var.site.id,
      c.var.actor.userId,
      { unreadOnly: q.unread === 'true' },
      { limit, offset: (page - 1) * limit },
    );
    return c.json(
      {
        notifications: result.rows.map(notificationJson),
        meta: { pagination: pagination(page, limit, result.total), unread: result.unread },
      },
      200,
    );
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/preferences',
    tags,
    summary: 'My notification preferences',
    security: bearerAuth,
    ...needs('notification:manage'),
    responses: { 200: jsonResponse('Every kind and channel, on or off', PreferencesSchema), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'notification:manage');
    return c.json({ preferences: await preferencesOf(c) }, 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/preferences',
    tags,
    summary: 'Switch notification kinds on or off',
    description: 'Only the kinds and channels named change; the rest keep their setting.',
    security: bearerAuth,
    ...needs('notification:manage'),
    request: { body: jsonBody(PreferencesBody) },
    responses: { 200: jsonResponse('Every kind and channel, on or off', PreferencesSchema), ...writeErrorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'notification:manage');
    const { preferences } = c.req.valid('json');
    await savePreferences(c.var.db, c.var.site.id, c.var.actor.userId, preferences, new Date());
    return c.json({ preferences: await preferencesOf(c) }, 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/read',
    tags,
    summary: 'Mark one of my notifications read',
    security: bearerAuth,
    ...needs('notification:manage'),
    request: { params: NotificationIdParam },
    responses: {
      200: jsonResponse('The notification', z.object({ notification: NotificationSchema })),
      ...errorResponses,
    },
  }),
  async (c) => {
    authorize(c.var.actor, 'notification:manage');
    const row = await markRead(c.var.db, c.var.site.id, c.var.actor.userId, c.req.valid('param').id, new Date());
    // Someone else's notification does not exist for this person.
    if (!row) throw notFound('Notification');
    return c.json({ notification: notificationJson(row) }, 200);
  },
);
