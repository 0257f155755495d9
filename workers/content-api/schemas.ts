// Response shapes of the Content API for the OpenAPI document. Every member is optional because `fields` may narrow
// an object to the members a caller names; without it, every member listed here is present.
import { z } from '@hono/zod-openapi';
import { CONTENT_FORMATS, VISIBILITIES } from '../../d1/schema';
import { errorResponses, PaginationSchema } from '../http/openapi-shared';

const text = z.string().nullable();
const absent = z.null();
const Count = z.object({ posts: z.number().int() });

export const ContentTagSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    description: text,
    feature_image: text,
    visibility: z.enum(['public', 'internal']),
    og_image: absent,
    og_title: absent,
    og_description: absent,
    twitter_image: absent,
    twitter_title: absent,
    twitter_description: absent,
    meta_title: text,
    meta_description: text,
    codeinjection_head: absent,
    codeinjection_foot: absent,
    canonical_url: absent,
    accent_color: absent,
    url: z.string(),
    count: Count.openapi({ description: 'With include=count.posts: published posts with this tag.' }),
  })
  .partial()
  .openapi('ContentTag');

export const ContentAuthorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    profile_image: text,
    cover_image: absent,
    bio: text,
    website: text,
    location: text,
    facebook: absent,
    twitter: absent,
    meta_title: absent,
    meta_description: absent,
    url: z.string(),
    count: Count.openapi({ description: 'With include=count.posts: published posts by this author.' }),
  })
  .partial()
  .openapi('ContentAuthor');

export const ContentPostSchema = z
  .object({
    id: z.string(),
    uuid: z.string(),
    title: z.string(),
    slug: z.string(),
    html: z.string().openapi({ description: 'Empty for members-only and paid posts.' }),
    plaintext: z.string().openapi({ description: 'With formats=plaintext.' }),
    comment_id: z.string(),
    feature_image: text,
    feature_image_alt: text,
    feature_image_caption: text,
    featured: z.boolean(),
    visibility: z.enum(VISIBILITIES),
    created_at: z.string(),
    updated_at: z.string(),
    published_at: text,
    custom_excerpt: text,
    codeinjection_head: absent,
    codeinjection_foot: absent,
    custom_template: absent,
    canonical_url: text,
    tags: z.array(ContentTagSchema).openapi({ description: 'With include=tags; internal tags are left out.' }),
    primary_tag: ContentTagSchema.nullable(),
    authors: z.array(ContentAuthorSchema).openapi({ description: 'With include=authors.' }),
    primary_author: ContentAuthorSchema.nullable(),
    url: z.string(),
    excerpt: z.string(),
    reading_time: z.number().int(),
    access: z.boolean(),
    comments: z.boolean(),
    og_image: text,
    og_title: text,
    og_description: text,
    twitter_image: text,
    twitter_title: text,
    twitter_description: text,
    meta_title: text,
    meta_description: text,
    email_subject: absent,
    frontmatter: absent,
    content_format: z.enum(CONTENT_FORMATS).openapi({ description: 'Lede extension.' }),
    custom_fields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .openapi({ description: 'Lede extension.' }),
  })
  .partial()
  .openapi('ContentPost');

export const ContentSettingsSchema = z
  .object({
    title: z.string(),
    description: z.string(),
    logo: text,
    icon: absent,
    accent_color: z.string(),
    cover_image: absent,
    facebook: absent,
    twitter: absent,
    lang: z.string(),
    locale: z.string(),
    timezone: z.string(),
    codeinjection_head: absent,
    codeinjection_foot: absent,
    navigation: z.array(z.object({ label: z.string(), url: z.string() })),
    secondary_navigation: z.array(z.object({ label: z.string(), url: z.string() })),
    meta_title: absent,
    meta_description: absent,
    og_image: absent,
    og_title: absent,
    og_description: absent,
    twitter_image: absent,
    twitter_title: absent,
    twitter_description: absent,
    members_support_address: absent,
    members_enabled: z.boolean(),
    members_invite_only: z.boolean(),
    paid_members_enabled: z.boolean(),
    comments_enabled: z.string(),
    recommendations_enabled: z.boolean(),
    url: z.string(),
  })
  .openapi('ContentSettings');

const Meta = z.object({ pagination: PaginationSchema });

/**
 * `{ <name>: [...], meta: { pagination } }` for browse and `{ <name>: [one] }` for a read (Ghost's client unwraps
 * it), with the functions that build them. The schemas hold the one real key at runtime; when `name` is a union
 * (posts | pages) the TypeScript types carry every member of it, which is why the builders cast.
 */
/** The members `fields=` may name: every scalar member (relations and counts arrive through `include`). */
const scalarFields = (schema: z.ZodObject, nonScalar: readonly string[]): readonly string[] =>
  Object.keys(schema.shape).filter((key) => !nonScalar.includes(key));

export const POST_FIELDS = scalarFields(ContentPostSchema, ['tags', 'primary_tag', 'authors', 'primary_author']);
export const TAG_FIELDS = scalarFields(ContentTagSchema, ['count']);
export const AUTHOR_FIELDS = scalarFields(ContentAuthorSchema, ['count']);

export function envelopes<N extends string, S extends z.ZodType>(name: N, schema: S) {
  const list = z.object({ [name]: z.array(schema), meta: Meta } as { [K in N]: z.ZodArray<S> } & { meta: typeof Meta });
  const one = z.object({ [name]: z.array(schema) } as { [K in N]: z.ZodArray<S> });
  return {
    list,
    one,
    toList: (items: z.infer<S>[], pagination: z.infer<typeof PaginationSchema>) =>
      ({ [name]: items, meta: { pagination } }) as z.infer<typeof list>,
    toOne: (item: z.infer<S>) => ({ [name]: [item] }) as z.infer<typeof one>,
  };
}

const { 400: badRequest, 401: unauthorized, 404: notFound } = errorResponses;
export const contentErrors = { 400: badRequest, 401: unauthorized, 404: notFound } as const;
export const contentKey = [{ contentKey: [] }];
export const CONTENT_API_TAGS = ['Content API'];
