// First-run setup: the only Admin API route that works before any site exists.
import { createRoute, z } from '@hono/zod-openapi';
import { countSites, findSiteById } from '../../d1/repositories/sites';
import { findStaffMember } from '../../d1/repositories/users';
import { createApp } from '../app';
import { jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { setupFirstSite } from './accounts';
import { identityDeps } from './identity-deps';
import { SetupBody, tokenJson, TokenSchema } from './routes';
import { startSession } from './sessions';
import { isPublic } from './route-policy';
import { requestHost } from '../middleware/site';

export const setupRoutes = createApp();

setupRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/setup',
    ...isPublic,
    tags: ['Identity'],
    summary: 'Whether first-run setup has been done',
    responses: { 200: jsonResponse('Setup state', z.object({ setup: z.object({ done: z.boolean() }) })) },
  }),
  async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ setup: { done: (await countSites(c.var.db)) > 0 } }, 200);
  },
);

setupRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/setup',
    ...isPublic,
    tags: ['Identity'],
    summary: 'First run: create the site for this host and its owner',
    description: 'Allowed once, while no site exists. Answers 403 SETUP_ALREADY_DONE afterwards.',
    request: { body: jsonBody(SetupBody) },
    responses: { 201: jsonResponse('The owner, signed in', TokenSchema), ...writeErrorResponses },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const host = requestHost(c);
    const created = await setupFirstSite(c.var.db, host, {
      title: body.site_title,
      owner: { name: body.name, email: body.email, password: body.password },
    });
    const site = (await findSiteById(c.var.db, created.siteId))!;
    const owner = (await findStaffMember(c.var.db, site.id, created.ownerId))!;
    const tokens = await startSession(identityDeps(c), site, owner.id, new Date(), 'setup');
    c.header('cache-control', 'no-store');
    return c.json(tokenJson(tokens, owner), 201);
  },
);
