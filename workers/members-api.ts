// The Members API: readers signing up and signing in on a site (workers/identity/member-routes.ts).
import { createApp } from './app';
import { purgeCommitted } from './cache/purge-committed';
import { memberRoutes } from './identity/member-routes';
import { resolveSite } from './middleware/site';
import { adminCors } from './http/security-headers';

export const membersApi = createApp();

membersApi.use('*', purgeCommitted);
membersApi.use('*', async (c, next) => {
  await next();
  // Links and tokens: nothing here may be stored by a shared cache.
  c.header('cache-control', 'no-store');
});
membersApi.use('*', resolveSite);
// Cross-origin calls only from the site's own hosts, as for the Admin API.
membersApi.use('*', adminCors);
membersApi.route('/', memberRoutes);
