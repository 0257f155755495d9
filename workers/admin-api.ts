// The Admin API: setup and sign-in, then everything that needs a signed-in staff member of the request's site.
import { createApp } from './app';
import { purgeCommitted } from './cache/purge-committed';
import { categoryRoutes, tagRoutes } from './content/taxonomy-routes';
import { postRoutes } from './content/post-routes';
import { revisionRoutes } from './content/revision-routes';
import { roomRoutes } from './content/room-routes';
import { previewRoutes } from './content/preview-routes';
import { versionRoutes } from './content/version-routes';
import { accountRoutes } from './identity/account-routes';
import { invitationRoutes } from './identity/invitation-routes';
import { profileRoutes } from './identity/profile-routes';
import { sessionRoutes, staffRoutes } from './identity/routes';
import { securityRoutes } from './identity/security-routes';
import { siteSettingsRoutes } from './identity/site-settings-routes';
import { setupRoutes } from './identity/setup-routes';
import { eventRoutes } from './events/event-routes';
import { notificationRoutes } from './events/notification-routes';
import { reportRoutes } from './events/report-routes';
import { mediaRoutes } from './media/routes';
import { requireStaff } from './middleware/auth';
import { resolveSite } from './middleware/site';
import { adminCors } from './http/security-headers';

export const adminApi = createApp();

adminApi.use('*', purgeCommitted);

adminApi.use('*', async (c, next) => {
  await next();
  // Nothing in the Admin API may be stored by a shared cache.
  c.header('cache-control', 'no-store');
});
// Setup runs before a site exists, so it is mounted ahead of site resolution.
adminApi.route('/', setupRoutes);
// Live collaboration rooms authenticate themselves (a browser cannot send Authorization on a WebSocket) and resolve
// the site in the same D1 batch as the token and the post, so a (re)connect waits on D1 once. They are mounted ahead
// of the site middleware and of CORS, which does not govern WebSockets (the credential is the token, never a cookie).
adminApi.route('/posts', roomRoutes('post'));
adminApi.route('/pages', roomRoutes('page'));
adminApi.use('*', resolveSite);
// Cross-origin calls only from the site's own hosts; preflights are answered here, before any authentication.
adminApi.use('*', adminCors);
adminApi.route('/', sessionRoutes);
adminApi.route('/', staffRoutes);
adminApi.route('/', accountRoutes);
// Ahead of the security routes, whose PATCH /users/{id} would otherwise take /users/me.
adminApi.route('/', profileRoutes);
adminApi.route('/', securityRoutes);
adminApi.route('/', siteSettingsRoutes);
adminApi.route('/', invitationRoutes);
for (const [path, type] of [
  ['/posts', 'post'],
  ['/pages', 'page'],
] as const) {
  adminApi.use(`${path}/*`, requireStaff);
  adminApi.route(path, postRoutes(type));
  adminApi.route(path, revisionRoutes(type));
  adminApi.route(path, versionRoutes(type));
  adminApi.route(path, previewRoutes(type));
}
adminApi.use('/tags/*', requireStaff);
adminApi.route('/tags', tagRoutes);
adminApi.use('/categories/*', requireStaff);
adminApi.route('/categories', categoryRoutes);
// Domain events (docs/EVENTS.md): the event store, reports, and each person's notifications.
for (const path of [
  '/events',
  '/events/*',
  '/dead-letters',
  '/projections/*',
  '/reports/*',
  '/notifications',
  '/notifications/*',
]) {
  adminApi.use(path, requireStaff);
}
adminApi.route('/', eventRoutes);
adminApi.route('/', reportRoutes);
adminApi.route('/notifications', notificationRoutes);
adminApi.use('/media/*', requireStaff);
adminApi.route('/media', mediaRoutes);
