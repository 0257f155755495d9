// The APIs under /api but the Content API: the Admin API, the Members API and the API docs. The Worker loads this
// module with the first request for one of them (workers/index.ts), never on a reader's path. The Content API is
// mounted here too, so the OpenAPI document describes every API and /api means the same wherever it is answered.
import { adminApi } from './admin-api';
import { createApp } from './app';
import { contentApi, ghostContentApi } from './content-api';
import { withFront } from './http/front';
import { notFound } from './http/problem';
import { membersApi } from './members-api';
import { mountApiDocs } from './openapi/docs';

export const apiApp = withFront(createApp());

apiApp.route('/api/v1/admin', adminApi);
// Readers signing up and in (workers/identity/member-routes.ts).
apiApp.route('/api/v1/members', membersApi);
apiApp.route('/api/v1/content', contentApi);
apiApp.route('/ghost/api/content', ghostContentApi);
mountApiDocs(apiApp);

apiApp.all('*', () => {
  throw notFound('API route');
});
