// What the Admin API accepts for posts and pages. Every object is strict: an unknown field is an error, not ignored.
import { z } from '@hono/zod-openapi';
import { CONTENT_FORMATS, POST_STATUSES, VISIBILITIES } from '../../d1/schema';
import { MAX_BODY_CHARS } from '../../durable-objects/post-room/document';

/** An absolute http(s) URL or a site-relative path: never javascript:, data: or protocol-relative. */
export const SafeUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      // Browsers read "/\host" or "/<tab>/host" as "//host", so a path must still be on this site once resolved.
      if (value.startsWith('/')) return new URL(value, 'https://site.invalid').host === 'site.invalid';
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL or a path starting with "/".');

const text = (max: number) => z.string().max(max);
const IsoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-01T09:00:00Z' });

const CustomFields = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Keys are lower_snake_case, up to 64 characters.'),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  )
  .refine((fields) => Object.keys(fields).length <= 50, 'At most 50 custom fields.')
  .openapi({ example: { episode: 12, sponsor: 'Acme' } });

const postFields = {
  title: z.string().trim().min(1).max(255),
  slug: z.string().trim().min(1).max(191),
  markdown: text(MAX_BODY_CHARS),
  custom_excerpt: text(300).nullable(),
  feature_image: SafeUrl.nullable(),
  feature_image_alt: text(191).nullable(),
  feature_image_caption: text(2000).nullable(),
  featured: z.boolean(),
  content_format: z.enum(CONTENT_FORMATS),
  status: z.enum(POST_STATUSES),
  visibility: z.enum(VISIBILITIES),
  // Durable Object alarms (the scheduler's) take dates up to 2189; a century ahead is plenty for a schedule.
  scheduled_at: IsoDateTime.refine((at) => new Date(at).getUTCFullYear() < 2100, {
    message: 'must be before the year 2100',
  }).nullable(),
  published_at: IsoDateTime.nullable(),
  meta_title: text(300).nullable(),
  meta_description: text(500).nullable(),
  og_title: text(300).nullable(),
  og_description: text(500).nullable(),
  og_image: SafeUrl.nullable(),
  twitter_title: text(300).nullable(),
  twitter_description: text(500).nullable(),
  twitter_image: SafeUrl.nullable(),
  canonical_url: SafeUrl.nullable(),
  custom_fields: CustomFields,
  /** Tag names; unknown names are created (authors and above). */
  tags: z.array(z.string().trim().min(1).max(191)).max(50),
  /** Category slugs; categories must exist. */
  categories: z.array(z.string().trim().min(1).max(191)).max(20),
  /** User ids of staff of this site, primary author first. */
  authors: z.array(z.string().min(1).max(64)).min(1).max(10),
};

export const CreatePostBody = z
  .strictObject({ ...postFields, title: postFields.title })
  .partial()
  .required({ title: true })
  .openapi('CreatePost');

export const UpdatePostBody = z
  .strictObject(postFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.')
  .openapi('UpdatePost');

export type CreatePostInput = z.infer<typeof CreatePostBody>;
export type UpdatePostInput = z.infer<typeof UpdatePostBody>;

export const ListPostsQuery = z.strictObject({
  status: z.enum(POST_STATUSES).optional(),
  tag: z.string().max(191).optional().openapi({ description: 'Tag slug' }),
  category: z.string().max(191).optional().openapi({ description: 'Category slug (sub-categories included)' }),
  author: z.string().max(191).optional().openapi({ description: 'Author slug' }),
  featured: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Words in the title' }),
  order: z
    .enum(['updated_at desc', 'updated_at asc', 'published_at desc', 'published_at asc', 'title asc', 'title desc'])
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type ListPostsInput = z.infer<typeof ListPostsQuery>;

export const IdParam = z.strictObject({ id: z.string().min(1).max(64) });
