// Admin API routes for a post's (or page's) version history: snapshots of its live document (docs/COLLABORATION.md).
import { createRoute, z } from '@hono/zod-openapi';
import type { VersionRow } from '../../d1/repositories/versions';
import { POST_VERSION_KINDS } from '../../d1/schema';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { RevisionDiffSchema } from './admin-schemas';
import type { PostType } from './posts-service';
import { previewVersion, restoreVersion, saveNamedVersion, versionsOf, type VersionDeps } from './versions-service';
import { needs } from '../identity/route-policy';

const PostIdParam = z.strictObject({ id: z.string().min(1).max(64) });
const VersionParams = z.strictObject({ id: z.string().min(1).max(64), versionId: z.string().min(1).max(64) });
const NewVersionBody = z.strictObject({ name: z.string().trim().min(1).max(120) });

const VersionSchema = z
  .object({
    id: z.string(),
    post_id: z.string(),
    kind: z.enum(POST_VERSION_KINDS),
    name: z.string().nullable(),
    size: z.number().int().openapi({ description: 'Bytes of the Yjs snapshot' }),
    title: z.string(),
    excerpt: z.string(),
    created_by: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('PostVersion');

const ContentSchema = z.object({ title: z.string(), markdown: z.string() });

const PreviewSchema = z
  .object({
    version: VersionSchema,
    title: z.string(),
    markdown: z.string(),
    changes: RevisionDiffSchema.pick({ title: true, markdown: true }).openapi({
      description: 'What restoring the version would change in the live draft',
    }),
  })
  .openapi('PostVersionPreview');

const serialize = (row: VersionRow) => ({
  id: row.id,
  post_id: row.postId,
  kind: row.kind,
  name: row.name,
  size: row.size,
  title: row.title,
  excerpt: row.excerpt,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
});

export function versionRoutes(type: PostType) {
  const app = createApp();
  const tags = ['Versions'];
  const deps = (env: Env, db: VersionDeps['db']): VersionDeps => ({ db, rooms: env.POST_ROOM, bucket: env.VERSIONS });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions',
      tags,
      summary: `List the versions of a ${type}'s live document, newest first`,
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: PostIdParam },
      responses: {
        200: jsonResponse('Versions', z.object({ versions: z.array(VersionSchema) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rows = await versionsOf(deps(c.env, c.var.db), c.var.actor, type, c.req.valid('param').id);
      return c.json({ versions: rows.map(serialize) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/versions',
      tags,
      summary: `Save the ${type}'s live document as a named version`,
      security: bearerAuth,
      ...needs('post:edit'),
      request: { params: PostIdParam, body: jsonBody(NewVersionBody) },
      responses: { 201: jsonResponse('The version', z.object({ version: VersionSchema })), ...writeErrorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await saveNamedVersion(deps(c.env, c.var.db), c.var.actor, type, id, c.req.valid('json').name);
      return c.json({ version: serialize(row) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions/{versionId}',
      tags,
      summary: 'Preview a version: its title and Markdown, and what restoring it would change',
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: VersionParams },
      responses: { 200: jsonResponse('The version', PreviewSchema), ...errorResponses },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      const preview = await previewVersion(deps(c.env, c.var.db), c.var.actor, type, id, versionId);
      return c.json({ version: serialize(preview.row), ...preview.content, changes: preview.changes }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/versions/{versionId}/restore',
      tags,
      summary: 'Restore a version as a forward edit of the live document',
      security: bearerAuth,
      ...needs('post:edit'),
      request: { params: VersionParams },
      responses: {
        200: jsonResponse(
          `The ${type}'s live title and body after the restore`,
          z.object({ version: VersionSchema, content: ContentSchema }),
        ),
        ...writeErrorResponses,
      },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      const restored = await restoreVersion(deps(c.env, c.var.db), c.var.actor, type, id, versionId);
      return c.json({ version: serialize(restored.row), content: restored.content }, 200);
    },
  );

  return app;
}
