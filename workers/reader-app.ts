// The readers' app: the published sites, the Content API and media delivery. It is what the Worker evaluates when an
// isolate starts; the APIs that write (./api-app.ts) and the editor's rooms load with the first request that needs
// them, so a reader's cold start carries no editor code.
import { createApp } from './app';
import { contentApi, ghostContentApi } from './content-api';
import { withFront } from './http/front';
import { mediaDelivery } from './media/delivery';
import { siteApp } from './site/routes';

export const readerApp = withFront(createApp());

readerApp.route('/api/v1/content', contentApi);
readerApp.route('/ghost/api/content', ghostContentApi);
// Public media delivery on each site's host; above the site so its catch-all never sees /media/{id}/… paths.
readerApp.route('/media', mediaDelivery);
// Published site mount point (see workers/site); it answers every path the APIs do not.
readerApp.route('/', siteApp);
