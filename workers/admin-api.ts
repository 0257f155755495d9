// The Admin API: setup and sign-in, then everything that needs a signed-in staff member of the request's site.
import { createApp } from './app';
import { categoryRoutes, tagRoutes } from './content/taxonomy-routes';
import { postRoutes } from './content/post-routes';
import { revisionRoutes } from './content/revision-routes';
import { roomRoutes } from './content/room-routes';
import { sessionRoutes, staffRoutes } from './identity/routes';
import { setupRoutes } from './identity/setup-routes';
import { mediaRoutes } from './media/routes';
import { requireStaff } from './middleware/auth';
import { resolveSite } from './middleware/site';

export const adminApi = createApp();

adminApi.use('*', async (c, next) => {
  await next();
  // Nothing in the Admin API may be stored by a shared cache.
  c.header('cache-control', 'no-store');
});
// Setup runs before a site exists, so it is mounted ahead of site resolution.
adminApi.route('/', setupRoutes);
adminApi.use('*', resolveSite);
// Live collaboration rooms authenticate themselves (a browser cannot send Authorization on a WebSocket), so they are
// mounted ahead of the staff routes, whose middleware demands the header.
adminApi.route('/posts', roomRoutes('post'));
adminApi.route('/pages', roomRoutes('page'));
adminApi.route('/', sessionRoutes);
adminApi.route('/', staffRoutes);
for (const [path, type] of [
  ['/posts', 'post'],
  ['/pages', 'page'],
] as const) {
  adminApi.use(`${path}/*`, requireStaff);
  adminApi.route(path, postRoutes(type));
  adminApi.route(path, revisionRoutes(type));
}
adminApi.use('/tags/*', requireStaff);
adminApi.route('/tags', tagRoutes);
adminApi.use('/categories/*', requireStaff);
adminApi.route('/categories', categoryRoutes);
adminApi.use('/media/*', requireStaff);
adminApi.route('/media', mediaRoutes);
