// Response shapes of the Admin API's content routes, for the OpenAPI document.
import { z } from '@hono/zod-openapi';
import { CONTENT_FORMATS, POST_STATUSES, VISIBILITIES } from '../../d1/schema';
import { PaginationSchema } from '../http/openapi-shared';

const nullableText = z.string().nullable();
const Ref = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const AdminPostSchema = z
  .object({
    id: z.string(),
    type: z.enum(['post', 'page']),
    slug: z.string(),
    title: z.string(),
    markdown: z.string(),
    html: z.string(),
    custom_excerpt: nullableText,
    feature_image: nullableText,
    feature_image_alt: nullableText,
    feature_image_caption: nullableText,
    featured: z.boolean(),
    content_format: z.enum(CONTENT_FORMATS),
    status: z.enum(POST_STATUSES),
    visibility: z.enum(VISIBILITIES),
    meta_title: nullableText,
    meta_description: nullableText,
    og_title: nullableText,
    og_description: nullableText,
    og_image: nullableText,
    twitter_title: nullableText,
    twitter_description: nullableText,
    twitter_image: nullableText,
    canonical_url: nullableText,
    custom_fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    reading_time: z.number().int(),
    version: z.number().int().openapi({ description: 'Also sent as the ETag; send it back in If-Match.' }),
    url: z.string(),
    tags: z.array(Ref.extend({ visibility: z.enum(['public', 'internal']) })),
    categories: z.array(Ref.extend({ parent_id: nullableText })),
    authors: z.array(Ref),
    scheduled_at: nullableText,
    published_at: nullableText,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('AdminPost');

export const PostEnvelope = z.object({ post: AdminPostSchema }).openapi('PostEnvelope');
export const PostList = z.object({ posts: z.array(AdminPostSchema), meta: z.object({ pagination: PaginationSchema }) });

export const RevisionSchema = z
  .object({
    id: z.string(),
    post_id: z.string(),
    version: z.number().int(),
    title: z.string(),
    status: z.enum(POST_STATUSES),
    reason: z.string(),
    author_id: nullableText,
    created_at: nullableText,
    markdown: z.string().optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Revision');

export const RevisionDiffSchema = z
  .object({
    from: z.object({ id: z.string(), version: z.number().int() }),
    to: z.object({ id: z.string(), version: z.number().int() }),
    title: z.object({ from: z.string(), to: z.string() }).nullable(),
    markdown: z.object({
      lines_added: z.number().int(),
      lines_removed: z.number().int(),
      hunks: z.array(
        z.object({
          oldStart: z.number().int(),
          oldLines: z.number().int(),
          newStart: z.number().int(),
          newLines: z.number().int(),
          lines: z.array(z.string()),
        }),
      ),
    }),
    fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  })
  .openapi('RevisionDiff');
