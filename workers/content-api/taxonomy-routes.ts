// Content API routes for tags and authors: browse, read by id, read by slug, each with optional count.posts.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cacheTag } from '../../queues/cache/tags';
import { type AppEnv, createApp } from '../app';
import { tagResponse } from '../cache/edge-cache';
import { jsonResponse, pagination } from '../http/openapi-shared';
import { IdParam, pageWindow, SlugParam, splitList, taxonomyQueries } from './query';
import {
  AUTHOR_FIELDS,
  CONTENT_API_TAGS,
  contentErrors,
  contentKey,
  ContentAuthorSchema,
  ContentTagSchema,
  envelopes,
  TAG_FIELDS,
} from './schemas';
import { pickAuthor, pickTag } from './serialize';
import { browseAuthors, browseTags, readAuthor, readTag } from './taxonomy-service';

const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const fieldsOf = (fields: string | undefined) => (fields ? new Set(splitList(fields)) : undefined);

const route = (path: '/' | '/{id}' | '/slug/{slug}', summary: string) =>
  ({ method: 'get', path, tags: CONTENT_API_TAGS, summary, security: contentKey }) as const;

// ---------------------------------------------------------------- tags

const tagQueries = taxonomyQueries(TAG_FIELDS);
const tagEnvelopes = envelopes('tags', ContentTagSchema);

export const contentTagRoutes = createApp();

contentTagRoutes.openapi(
  createRoute({
    ...route('/', 'Browse tags'),
    description: 'Public tags by name. Internal (#) tags appear only when the filter names a visibility.',
    request: { query: tagQueries.browse },
    responses: { 200: jsonResponse('A page of tags', tagEnvelopes.list), ...contentErrors },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const window = pageWindow(query);
    const { rows, total } = await browseTags(c.var.db, c.var.site.id, new Date(), query, window);
    const fields = fieldsOf(query.fields);
    const tags = rows.map((t) => pickTag(t, originOf(c), fields));
    tagResponse(c, [
      cacheTag.api(c.var.site.id, 'tags'),
      ...rows.map((t) => cacheTag.term(c.var.site.id, 'tag', t.id)),
    ]);
    return c.json(tagEnvelopes.toList(tags, pagination(window.page, window.limit, total)), 200);
  },
);

for (const [path, by] of [
  ['/{id}', 'id'],
  ['/slug/{slug}', 'slug'],
] as const) {
  contentTagRoutes.openapi(
    createRoute({
      ...route(path, `Read a tag by ${by}`),
      request: { params: by === 'id' ? IdParam : SlugParam, query: tagQueries.read },
      responses: { 200: jsonResponse('The tag, alone in a list', tagEnvelopes.one), ...contentErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const tag = await readTag(c.var.db, c.var.site.id, new Date(), c.req.valid('param'), query.include);
      tagResponse(c, [cacheTag.api(c.var.site.id, 'tags'), cacheTag.term(c.var.site.id, 'tag', tag.id)]);
      return c.json(tagEnvelopes.toOne(pickTag(tag, originOf(c), fieldsOf(query.fields))), 200);
    },
  );
}

// ---------------------------------------------------------------- authors

const authorQueries = taxonomyQueries(AUTHOR_FIELDS);
const authorEnvelopes = envelopes('authors', ContentAuthorSchema);

export const contentAuthorRoutes = createApp();

contentAuthorRoutes.openapi(
  createRoute({
    ...route('/', 'Browse authors'),
    description: 'Staff who have published at least one post or page, by name.',
    request: { query: authorQueries.browse },
    responses: { 200: jsonResponse('A page of authors', authorEnvelopes.list), ...contentErrors },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const window = pageWindow(query);
    const { rows, total } = await browseAuthors(c.var.db, c.var.site.id, new Date(), query, window);
    const fields = fieldsOf(query.fields);
    const authors = rows.map((a) => pickAuthor(a, originOf(c), fields));
    const termTags = rows.map((a) => cacheTag.term(c.var.site.id, 'author', a.id));
    tagResponse(c, [cacheTag.api(c.var.site.id, 'authors'), ...termTags]);
    return c.json(authorEnvelopes.toList(authors, pagination(window.page, window.limit, total)), 200);
  },
);

for (const [path, by] of [
  ['/{id}', 'id'],
  ['/slug/{slug}', 'slug'],
] as const) {
  contentAuthorRoutes.openapi(
    createRoute({
      ...route(path, `Read an author by ${by}`),
      description: 'Only authors with published work are found; anyone else is a 404.',
      request: { params: by === 'id' ? IdParam : SlugParam, query: authorQueries.read },
      responses: { 200: jsonResponse('The author, alone in a list', authorEnvelopes.one), ...contentErrors },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const author = await readAuthor(c.var.db, c.var.site.id, new Date(), c.req.valid('param'), query.include);
      tagResponse(c, [cacheTag.api(c.var.site.id, 'authors'), cacheTag.term(c.var.site.id, 'author', author.id)]);
      return c.json(authorEnvelopes.toOne(pickAuthor(author, originOf(c), fieldsOf(query.fields))), 200);
    },
  );
}
