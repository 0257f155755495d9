// Content API routes for posts and pages: browse, read by id, read by slug (Ghost's paths and envelopes).
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { LivePost, LiveScope } from '../../d1/repositories/content-api-posts';
import { type AppEnv, createApp } from '../app';
import { jsonResponse, pagination } from '../http/openapi-shared';
import { cacheTag } from '../../queues/cache/tags';
import { tagResponse } from '../cache/edge-cache';
import { browseLivePosts, readLivePost } from './posts-service';
import { IdParam, pageWindow, postQueries, SlugParam } from './query';
import { CONTENT_API_TAGS, contentErrors, contentKey, ContentPostSchema, envelopes, POST_FIELDS } from './schemas';
import { contentPost, postView } from './serialize';

/** Each post an answer shows, and the tags and authors it names. */
function livePostTags(siteId: string, posts: readonly LivePost[]): string[] {
  return posts.flatMap((post) => [
    cacheTag.post(siteId, post.id),
    ...(post.tags ?? []).map((t) => cacheTag.term(siteId, 'tag', t.id)),
    ...(post.authors ?? []).map((a) => cacheTag.term(siteId, 'author', a.id)),
  ]);
}

const queries = postQueries(POST_FIELDS);

export function contentPostRoutes(type: 'post' | 'page') {
  const app = createApp();
  const plural = `${type}s` as const;
  const { list, one, toList, toOne } = envelopes(plural, ContentPostSchema);
  const scopeOf = (c: Context<AppEnv>): LiveScope => ({ siteId: c.var.site.id, type, now: new Date() });
  const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: CONTENT_API_TAGS,
      summary: `Browse published ${plural}`,
      description: `Published ${plural}, newest first unless \`order\` says otherwise. \`limit\` is capped at 100.`,
      security: contentKey,
      request: { query: queries.browse },
      responses: { 200: jsonResponse(`A page of ${plural}`, list), ...contentErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const view = postView(query);
      const window = pageWindow(query);
      const result = await browseLivePosts(c.var.db, scopeOf(c), view, query, window);
      tagResponse(c, [cacheTag.api(c.var.site.id, plural), ...livePostTags(c.var.site.id, result.posts)]);
      const origin = originOf(c);
      const posts = result.posts.map((p) => contentPost(p, view, origin));
      return c.json(toList(posts, pagination(window.page, window.limit, result.total)), 200);
    },
  );

  for (const [path, by] of [
    ['/{id}', 'id'],
    ['/slug/{slug}', 'slug'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags: CONTENT_API_TAGS,
        summary: `Read a published ${type} by ${by}`,
        description: `Drafts, scheduled and archived ${plural} are a 404 here too.`,
        security: contentKey,
        request: { params: by === 'id' ? IdParam : SlugParam, query: queries.read },
        responses: { 200: jsonResponse(`The ${type}, alone in a list`, one), ...contentErrors },
      }),
      async (c) => {
        const view = postView(c.req.valid('query'));
        const post = await readLivePost(c.var.db, scopeOf(c), view, c.req.valid('param'));
        tagResponse(c, livePostTags(c.var.site.id, [post]));
        return c.json(toOne(contentPost(post, view, originOf(c))), 200);
      },
    );
  }

  return app;
}
