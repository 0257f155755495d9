// The public, read-only Content API. Its paths, parameters and envelopes are Ghost's, so Ghost's own clients
// (@tryghost/content-api, Gatsby and Next.js starters) work against Lede unchanged.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { type AppEnv, createApp } from '../app';
import { publicCache } from '../http/public-cache';
import { notFound } from '../http/problem';
import { resolveReaderSite } from '../middleware/site';
import { requireContentKey } from './content-key';
import { contentPostRoutes } from './post-routes';
import { contentSettingsRoutes } from './settings-routes';
import { contentAuthorRoutes, contentTagRoutes } from './taxonomy-routes';

function createContentApi() {
  const api = createApp();
  // Outermost, so every answer (a 401 or 404 too, and the CORS preflight) leaves with an explicit Cache-Control.
  api.use('*', publicCache);
  // The key is public and sent in the URL, never in a cookie: any origin may read the answers.
  api.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }));
  api.use('*', resolveReaderSite);
  api.use('*', requireContentKey);
  api.route('/posts', contentPostRoutes('post'));
  api.route('/pages', contentPostRoutes('page'));
  api.route('/tags', contentTagRoutes);
  api.route('/authors', contentAuthorRoutes);
  api.route('/settings', contentSettingsRoutes);
  // Part of the sub-app, so an unknown resource under /ghost/api/content (which the /api/* catch-all does not
  // cover) is a problem+json 404 too, not the published site's page.
  api.all('*', () => {
    throw notFound('Content API route');
  });
  return api;
}

/** Lede's documented mount (`/api/v1/content`); its routes are in the OpenAPI document. */
export const contentApi = createContentApi();

/**
 * The same routes for `/ghost/api/content`, the path Ghost's clients call. Routing them through a plain Hono app
 * copies the handlers without registering the paths in the OpenAPI document a second time.
 */
export const ghostContentApi = new Hono<AppEnv>().route('/', contentApi);
