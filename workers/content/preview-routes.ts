// Live preview for the editor: a post's Markdown rendered exactly as saving it would render it (the same sanitizer,
// library images with srcset), without saving anything.
import { createRoute, z } from '@hono/zod-openapi';
import { MAX_BODY_CHARS } from '../../durable-objects/post-room/document';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonBody, jsonResponse } from '../http/openapi-shared';
import { libraryImagesIn } from './inline-images';
import { renderMarkdown } from './markdown';
import { IdParam } from './post-input';
import { type PostType, readPost } from './posts-service';
import { needs } from '../identity/route-policy';

const PreviewBody = z.strictObject({ markdown: z.string().max(MAX_BODY_CHARS) }).openapi('PreviewRequest');
const PreviewSchema = z
  .object({ html: z.string(), plaintext: z.string(), reading_time: z.number().int() })
  .openapi('Preview');

export function previewRoutes(type: PostType) {
  const app = createApp();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/preview',
      tags: ['Posts'],
      summary: `Render Markdown as this ${type} would show it (nothing is saved)`,
      description: 'Whoever may read the post may preview it.',
      security: bearerAuth,
      ...needs('post:read'),
      request: { params: IdParam, body: jsonBody(PreviewBody) },
      responses: { 200: jsonResponse('The rendered HTML', PreviewSchema), ...errorResponses },
    }),
    async (c) => {
      const { db, actor } = c.var;
      await readPost(db, actor, type, c.req.valid('param').id);
      const { markdown } = c.req.valid('json');
      const rendered = renderMarkdown(markdown, await libraryImagesIn(db, actor.siteId, markdown));
      c.header('cache-control', 'no-store');
      return c.json({ html: rendered.html, plaintext: rendered.plaintext, reading_time: rendered.readingTime }, 200);
    },
  );
  return app;
}
