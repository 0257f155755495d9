// The Worker entry: wires the Admin API, the Content API, the API docs and the published sites into one app.
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { adminApi } from './admin-api';
import { createApp } from './app';
import { contentApi, ghostContentApi } from './content-api';
import { handleError } from './http/errors';
import { notFound, Problem } from './http/problem';
import { mediaDelivery } from './media/delivery';
import { isMediaUpload } from './media/routes';
import { database } from './middleware/site';
import { mountApiDocs } from './openapi/docs';
import { siteApp } from './site/routes';

export { PublishScheduler } from '../durable-objects/publish-scheduler';
export { PostRoom } from '../durable-objects/post-room/room';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const app = createApp();

app.use('*', requestId());
app.use('*', secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: 'same-origin' }));
const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new Problem(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  },
});
// Media uploads stream to R2 under their own per-file limit and site quota (workers/media); every other body is capped.
app.use('/api/*', (c, next) => (isMediaUpload(c.req.method, c.req.path) ? next() : apiBodyLimit(c, next)));
app.use('*', database);
app.onError(handleError);

app.route('/api/v1/admin', adminApi);
// Content API mount point (see workers/content-api).
app.route('/api/v1/content', contentApi);
app.route('/ghost/api/content', ghostContentApi);
mountApiDocs(app);
app.all('/api/*', () => {
  throw notFound('API route');
});
// Public media delivery on each site's host; above the site so its catch-all never sees /media/{id}/… paths.
app.route('/media', mediaDelivery);
// Published site mount point (see workers/site); it answers every path the APIs do not.
app.route('/', siteApp);

export default app;
