// Admin API routes for tags and categories.
import { createRoute, z } from '@hono/zod-openapi';
import { listCategories, listTags } from '../../d1/repositories/taxonomy';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonBody, jsonResponse, writeErrorResponses } from '../http/openapi-shared';
import { authorize } from '../identity/policy';
import { IdParam, SafeUrl } from './post-input';
import { requestOutbox } from '../events/outbox';
import { changeCategory, changeTag, createCategory, createTag, removeCategory, removeTag } from './taxonomy-service';
import { needs } from '../identity/route-policy';

const iso = (d: Date) => d.toISOString();

const tagFields = {
  name: z.string().trim().min(1).max(191),
  slug: z.string().trim().min(1).max(191),
  description: z.string().max(500).nullable(),
  feature_image: SafeUrl.nullable(),
  meta_title: z.string().max(300).nullable(),
  meta_description: z.string().max(500).nullable(),
};
const CreateTagBody = z.strictObject(tagFields).partial().required({ name: true }).openapi('CreateTag');
const UpdateTagBody = z
  .strictObject(tagFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')
  .openapi('UpdateTag');
const TagSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    feature_image: z.string().nullable(),
    visibility: z.enum(['public', 'internal']),
    meta_title: z.string().nullable(),
    meta_description: z.string().nullable(),
    post_count: z.number().int().optional(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Tag');

const categoryFields = {
  name: z.string().trim().min(1).max(191),
  slug: z.string().trim().min(1).max(191),
  description: z.string().max(500).nullable(),
  parent_id: z.string().min(1).max(64).nullable(),
};
const CreateCategoryBody = z.strictObject(categoryFields).partial().required({ name: true }).openapi('CreateCategory');
const UpdateCategoryBody = z
  .strictObject(categoryFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')
  .openapi('UpdateCategory');
const CategorySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    parent_id: z.string().nullable(),
    post_count: z.number().int().optional(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Category');

type TagLike = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  featureImage: string | null;
  visibility: 'public' | 'internal';
  metaTitle: string | null;
  metaDescription: string | null;
  createdAt: Date;
  updatedAt: Date;
  postCount?: number;
};
const tagJson = (t: TagLike) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  description: t.description,
  feature_image: t.featureImage,
  visibility: t.visibility,
  meta_title: t.metaTitle,
  meta_description: t.metaDescription,
  ...(t.postCount !== undefined ? { post_count: t.postCount } : {}),
  created_at: iso(t.createdAt),
  updated_at: iso(t.updatedAt),
});
type CategoryLike = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  postCount?: number;
};
const categoryJson = (c: CategoryLike) => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  description: c.description,
  parent_id: c.parentId,
  ...(c.postCount !== undefined ? { post_count: c.postCount } : {}),
  created_at: iso(c.createdAt),
  updated_at: iso(c.updatedAt),
});

export const tagRoutes = createApp();
const tagTags = ['Tags'];

tagRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: tagTags,
    summary: 'List tags with their published post counts',
    security: bearerAuth,
    ...needs('tag:browse'),
    responses: { 200: jsonResponse('Tags', z.object({ tags: z.array(TagSchema) })), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'tag:browse');
    return c.json({ tags: (await listTags(c.var.db, c.var.site.id, new Date())).map(tagJson) }, 200);
  },
);

tagRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags: tagTags,
    summary: 'Create a tag (editors and above)',
    security: bearerAuth,
    ...needs('tag:write'),
    request: { body: jsonBody(CreateTagBody) },
    responses: { 201: jsonResponse('The tag', z.object({ tag: TagSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const tag = await createTag(c.var.db, c.var.actor, c.req.valid('json'), new Date());
    return c.json({ tag: tagJson(tag) }, 201);
  },
);

tagRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags: tagTags,
    summary: 'Change a tag (editors and above)',
    security: bearerAuth,
    ...needs('tag:write'),
    request: { params: IdParam, body: jsonBody(UpdateTagBody) },
    responses: { 200: jsonResponse('The tag', z.object({ tag: TagSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const tag = await changeTag(c.var.db, c.var.actor, id, c.req.valid('json'), new Date(), requestOutbox(c));
    return c.json({ tag: tagJson(tag) }, 200);
  },
);

tagRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    tags: tagTags,
    summary: 'Delete a tag; posts keep their other tags',
    security: bearerAuth,
    ...needs('tag:write'),
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
  async (c) => {
    await removeTag(c.var.db, c.var.actor, c.req.valid('param').id, new Date(), requestOutbox(c));
    return c.body(null, 204);
  },
);

export const categoryRoutes = createApp();
const categoryTags = ['Categories'];

categoryRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: categoryTags,
    summary: 'List categories (a tree: follow parent_id)',
    security: bearerAuth,
    ...needs('category:browse'),
    responses: {
      200: jsonResponse('Categories', z.object({ categories: z.array(CategorySchema) })),
      ...errorResponses,
    },
  }),
  async (c) => {
    authorize(c.var.actor, 'category:browse');
    return c.json({ categories: (await listCategories(c.var.db, c.var.site.id, new Date())).map(categoryJson) }, 200);
  },
);

categoryRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags: categoryTags,
    summary: 'Create a category (editors and above)',
    security: bearerAuth,
    ...needs('category:write'),
    request: { body: jsonBody(CreateCategoryBody) },
    responses: { 201: jsonResponse('The category', z.object({ category: CategorySchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const category = await createCategory(c.var.db, c.var.actor, c.req.valid('json'), new Date());
    return c.json({ category: categoryJson(category) }, 201);
  },
);

categoryRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags: categoryTags,
    summary: 'Change or move a category (editors and above)',
    security: bearerAuth,
    ...needs('category:write'),
    request: { params: IdParam, body: jsonBody(UpdateCategoryBody) },
    responses: { 200: jsonResponse('The category', z.object({ category: CategorySchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const category = await changeCategory(
      c.var.db,
      c.var.actor,
      c.req.valid('param').id,
      c.req.valid('json'),
      new Date(),
      requestOutbox(c),
    );
    return c.json({ category: categoryJson(category) }, 200);
  },
);

categoryRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    tags: categoryTags,
    summary: 'Delete a category; its children move to the top level',
    security: bearerAuth,
    ...needs('category:write'),
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...errorResponses },
  }),
  async (c) => {
    await removeCategory(c.var.db, c.var.actor, c.req.valid('param').id, new Date(), requestOutbox(c));
    return c.body(null, 204);
  },
);
