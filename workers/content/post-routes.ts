// Admin API routes for posts and pages (the same rules; pages are posts that live outside the feed).
import { createRoute, z } from '@hono/zod-openapi';
import { type AppEnv, createApp } from '../app';
import {
  bearerAuth,
  errorResponses,
  jsonBody,
  jsonResponse,
  pagination,
  writeErrorResponses,
} from '../http/openapi-shared';
import { Problem } from '../http/problem';
import type { Context } from 'hono';
import { PostEnvelope, PostList } from './admin-schemas';
import { browsePosts } from './browse';
import { CreatePostBody, IdParam, ListPostsQuery, UpdatePostBody } from './post-input';
import { type ContentDeps, createPost, type PostType, readPost, removePost, updatePost } from './posts-service';
import { adminPost, parseIfMatch, versionTag } from './serialize';
import { roomGateway } from './room-service';
import { requestOutbox } from '../events/outbox';
import { needs } from '../identity/route-policy';

export function contentDeps(c: Context<AppEnv>): ContentDeps {
  const { site } = c.var;
  return {
    db: c.var.db,
    now: new Date(),
    reschedule: async () => {
      const stub = c.env.PUBLISH_SCHEDULER.get(c.env.PUBLISH_SCHEDULER.idFromName(site.id));
      await stub.reschedule(site.id);
    },
    rooms: roomGateway(c.env, site.id),
    outbox: requestOutbox(c),
  };
}

export function ifMatchOf(c: Context<AppEnv>): number | undefined {
  const version = parseIfMatch(c.req.header('if-match'));
  if (Number.isNaN(version)) {
    throw new Problem(400, 'INVALID_IF_MATCH', 'If-Match must be an ETag this API sent, such as "3".');
  }
  return version;
}

export const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function postRoutes(type: PostType) {
  const app = createApp();
  const noun = type === 'post' ? 'Post' : 'Page';
  const tags = [type === 'post' ? 'Posts' : 'Pages'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: `List ${type}s`,
      security: bearerAuth,
      ...needs('post:browse'),
      request: { query: ListPostsQuery },
      responses: { 200: jsonResponse(`${noun}s, newest change first`, PostList), ...errorResponses },
    }),
    async (c) => {
      const result = await browsePosts(c.var.db, c.var.actor, type, c.req.valid('query'));
      const origin = originOf(c);
      return c.json(
        {
          posts: result.posts.map((p) => adminPost(p, origin)),
          meta: { pagination: pagination(result.page, result.limit, result.total) },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: `Create a ${type}`,
      security: bearerAuth,
      ...needs('post:create'),
      request: { body: jsonBody(CreatePostBody) },
      responses: { 201: jsonResponse(`The new ${type}`, PostEnvelope), ...writeErrorResponses },
    }),
    async (c) => {
      const post = await createPost(contentDeps(c), c.var.actor, type, c.req.valid('json'));
      c.header('etag', versionTag(post.version));
      c.header('location', `${new URL(c.req.url).pathname.replace(/\/$/, '')}/${post.id}`);
      return c.json({ post: adminPost(post, originOf(c)) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: `Read a ${type}`,
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: IdParam },
      responses: { 200: jsonResponse(`The ${type}; its version is the ETag`, PostEnvelope), ...errorResponses },
    }),
    async (c) => {
      const post = await readPost(c.var.db, c.var.actor, type, c.req.valid('param').id);
      c.header('etag', versionTag(post.version));
      return c.json({ post: adminPost(post, originOf(c)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: `Change a ${type}`,
      description:
        'Partial update. Send `If-Match` with the ETag you read to be refused (412) instead of overwriting a newer edit. ' +
        'Set `status` to move it through the workflow: draft → review → scheduled → published → archived.',
      security: bearerAuth,
      ...needs('post:edit'),
      request: {
        params: IdParam,
        headers: z.object({ 'if-match': z.string().optional().openapi({ example: '"3"' }) }),
        body: jsonBody(UpdatePostBody),
      },
      responses: { 200: jsonResponse(`The ${type} after the change`, PostEnvelope), ...writeErrorResponses },
    }),
    async (c) => {
      const post = await updatePost(contentDeps(c), c.var.actor, type, c.req.valid('param').id, c.req.valid('json'), {
        ifMatch: ifMatchOf(c),
      });
      c.header('etag', versionTag(post.version));
      return c.json({ post: adminPost(post, originOf(c)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: `Delete a ${type}`,
      security: bearerAuth,
      ...needs('post:delete'),
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await removePost(contentDeps(c), c.var.actor, type, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}
