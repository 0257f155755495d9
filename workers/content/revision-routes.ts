// Admin API routes for a post's (or page's) revisions: list, read, diff two, restore one.
import { createRoute, z } from '@hono/zod-openapi';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { PostEnvelope, RevisionDiffSchema, RevisionSchema } from './admin-schemas';
import { contentDeps, ifMatchOf, originOf } from './post-routes';
import type { PostType } from './posts-service';
import { diffRevisions, restoreRevision, revisionOf, revisionsOf } from './revisions-service';
import { adminPost, adminRevision, versionTag } from './serialize';
import { needs } from '../identity/route-policy';

const PostIdParam = z.strictObject({ id: z.string().min(1).max(64) });
const RevisionParams = z.strictObject({ id: z.string().min(1).max(64), revisionId: z.string().min(1).max(64) });
const DiffQuery = z.strictObject({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });

export function revisionRoutes(type: PostType) {
  const app = createApp();
  const tags = ['Revisions'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/revisions',
      tags,
      summary: `List a ${type}'s revisions, newest first`,
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: PostIdParam },
      responses: {
        200: jsonResponse('Revisions', z.object({ revisions: z.array(RevisionSchema) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const revisions = await revisionsOf(c.var, c.var.actor, type, c.req.valid('param').id);
      return c.json({ revisions: revisions.map((r) => adminRevision(r, false)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/revisions/diff',
      tags,
      summary: 'Compare two revisions',
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: PostIdParam, query: DiffQuery },
      responses: { 200: jsonResponse('What changed from one to the other', RevisionDiffSchema), ...errorResponses },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await diffRevisions(c.var, c.var.actor, type, c.req.valid('param').id, from, to), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/revisions/{revisionId}',
      tags,
      summary: 'Read one revision with its content',
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: RevisionParams },
      responses: { 200: jsonResponse('The revision', z.object({ revision: RevisionSchema })), ...errorResponses },
    }),
    async (c) => {
      const { id, revisionId } = c.req.valid('param');
      const revision = await revisionOf(c.var, c.var.actor, type, id, revisionId);
      return c.json({ revision: adminRevision(revision, true) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/revisions/{revisionId}/restore',
      tags,
      summary: 'Restore a revision (as a new revision)',
      security: bearerAuth,
      ...needs('post:edit'),
      request: { params: RevisionParams },
      responses: { 200: jsonResponse(`The ${type} after the restore`, PostEnvelope), ...writeErrorResponses },
    }),
    async (c) => {
      const { id, revisionId } = c.req.valid('param');
      const post = await restoreRevision(contentDeps(c), c.var.actor, type, id, revisionId, ifMatchOf(c));
      c.header('etag', versionTag(post.version));
      return c.json({ post: adminPost(post, originOf(c)) }, 200);
    },
  );

  return app;
}
