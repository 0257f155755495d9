// The D1 schema of every bounded context, in one place so drizzle-kit can generate numbered migrations from it.
// Times are integer epoch milliseconds: they sort and compare in SQL without string formatting rules.
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

// ---------------------------------------------------------------- sites (tenants)

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  locale: text('locale').notNull().default('en'),
  timezone: text('timezone').notNull().default('Etc/UTC'),
  accentColor: text('accent_color').notNull().default('#ff1a75'),
  logo: text('logo'),
  // Ordered [{label, url}] entries for the site header.
  navigation: text('navigation', { mode: 'json' })
    .$type<{ label: string; url: string }[]>()
    .notNull()
    .default(sql`'[]'`),
  // HMAC key for this site's access tokens: a token minted for one site can never verify on another.
  signingKey: text('signing_key').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// Every hostname a site answers on; the Host header of each request is looked up here.
export const siteHosts = sqliteTable(
  'site_hosts',
  {
    host: text('host').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    primary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('site_hosts_site_idx').on(t.siteId)],
);

// ---------------------------------------------------------------- identity

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  bio: text('bio'),
  profileImage: text('profile_image'),
  website: text('website'),
  location: text('location'),
  status: text('status', { enum: ['active', 'disabled'] })
    .notNull()
    .default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const ROLES = ['owner', 'admin', 'editor', 'author', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export const memberships = sqliteTable(
  'memberships',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['content'] }).notNull(),
    name: text('name').notNull(),
    // Content keys are public by design (they ship in front-end code), so they are stored as issued.
    secret: text('secret').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_site_idx').on(t.siteId)],
);

// ---------------------------------------------------------------- content

export const POST_TYPES = ['post', 'page'] as const;
export const POST_STATUSES = ['draft', 'review', 'scheduled', 'published', 'archived'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const VISIBILITIES = ['public', 'members', 'paid'] as const;
export const CONTENT_FORMATS = ['article', 'video', 'gallery', 'podcast'] as const;

export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    type: text('type', { enum: POST_TYPES }).notNull().default('post'),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    markdown: text('markdown').notNull().default(''),
    // Rendered and sanitized once per save, so readers never pay for Markdown.
    html: text('html').notNull().default(''),
    plaintext: text('plaintext').notNull().default(''),
    customExcerpt: text('custom_excerpt'),
    featureImage: text('feature_image'),
    featureImageAlt: text('feature_image_alt'),
    featureImageCaption: text('feature_image_caption'),
    featured: integer('featured', { mode: 'boolean' }).notNull().default(false),
    contentFormat: text('content_format', { enum: CONTENT_FORMATS }).notNull().default('article'),
    status: text('status', { enum: POST_STATUSES }).notNull().default('draft'),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull().default('public'),
    metaTitle: text('meta_title'),
    metaDescription: text('meta_description'),
    ogTitle: text('og_title'),
    ogDescription: text('og_description'),
    ogImage: text('og_image'),
    twitterTitle: text('twitter_title'),
    twitterDescription: text('twitter_description'),
    twitterImage: text('twitter_image'),
    canonicalUrl: text('canonical_url'),
    // Author-defined key/value metadata, exposed through both APIs.
    customFields: text('custom_fields', { mode: 'json' })
      .$type<Record<string, string | number | boolean | null>>()
      .notNull()
      .default(sql`'{}'`),
    readingTime: integer('reading_time').notNull().default(0),
    // Optimistic concurrency: every write bumps it; the ETag is derived from it.
    version: integer('version').notNull().default(1),
    scheduledAt: integer('scheduled_at', { mode: 'timestamp_ms' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('posts_site_slug_uq').on(t.siteId, t.slug),
    index('posts_listing_idx').on(t.siteId, t.type, t.status, t.publishedAt),
    index('posts_scheduled_idx').on(t.status, t.scheduledAt),
  ],
);

export const postAuthors = sqliteTable(
  'post_authors',
  {
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index('post_authors_user_idx').on(t.userId)],
);

export const tags = sqliteTable(
  'tags',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    featureImage: text('feature_image'),
    // Ghost's convention: tags named "#something" are internal and never shown to readers.
    visibility: text('visibility', { enum: ['public', 'internal'] })
      .notNull()
      .default('public'),
    metaTitle: text('meta_title'),
    metaDescription: text('meta_description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('tags_site_slug_uq').on(t.siteId, t.slug)],
);

export const postTags = sqliteTable(
  'post_tags',
  {
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    tagId: text('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.postId, t.tagId] }), index('post_tags_tag_idx').on(t.tagId)],
);

export const categories = sqliteTable(
  'categories',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    parentId: text('parent_id').references((): AnySQLiteColumn => categories.id, {
      onDelete: 'set null',
    }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('categories_site_slug_uq').on(t.siteId, t.slug), index('categories_parent_idx').on(t.parentId)],
);

export const postCategories = sqliteTable(
  'post_categories',
  {
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    categoryId: text('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.categoryId] }), index('post_categories_category_idx').on(t.categoryId)],
);

// A full copy of the editable fields at every save; restore writes a new revision rather than rewinding.
export const postRevisions = sqliteTable(
  'post_revisions',
  {
    id: text('id').primaryKey(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    siteId: text('site_id').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    markdown: text('markdown').notNull(),
    // The remaining editable fields, as the post held them after this save.
    fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: POST_STATUSES }).notNull(),
    reason: text('reason', { enum: ['created', 'edited', 'status', 'restored', 'scheduled_publish'] }).notNull(),
    authorId: text('author_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('post_revisions_version_uq').on(t.postId, t.version)],
);

// Old slugs keep working: a request for one answers 301 to the post's current URL.
export const slugRedirects = sqliteTable(
  'slug_redirects',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.slug] })],
);

// ---------------------------------------------------------------- media

export const MEDIA_KINDS = ['image', 'audio', 'video', 'file'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

// One row per file in a site's library. The bytes live in R2 under `r2_key`, which always starts with
// "sites/{site_id}/media/{id}/": requests never name keys, they name rows.
export const media = sqliteTable(
  'media',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MEDIA_KINDS }).notNull(),
    // The normalised filename: the last segment of every public URL of the file.
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    r2Key: text('r2_key').notNull(),
    width: integer('width'),
    height: integer('height'),
    format: text('format'),
    // "#rrggbb", the most common colour of a downscaled copy, for placeholders while the image loads.
    dominantColor: text('dominant_color'),
    alt: text('alt'),
    caption: text('caption'),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('media_site_created_idx').on(t.siteId, t.createdAt)],
);

// A resumable multipart upload in progress. R2's own upload id never leaves the Worker: clients name this row.
export const mediaUploads = sqliteTable(
  'media_uploads',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    mediaId: text('media_id').notNull(),
    r2UploadId: text('r2_upload_id').notNull(),
    r2Key: text('r2_key').notNull(),
    name: text('name').notNull(),
    declaredType: text('declared_type').notNull(),
    // Set when part 1 arrives and its magic bytes have been checked; completion requires it.
    contentType: text('content_type'),
    kind: text('kind', { enum: MEDIA_KINDS }),
    alt: text('alt'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('media_uploads_site_idx').on(t.siteId, t.createdAt)],
);

export const mediaUploadParts = sqliteTable(
  'media_upload_parts',
  {
    uploadId: text('upload_id')
      .notNull()
      .references(() => mediaUploads.id, { onDelete: 'cascade' }),
    partNumber: integer('part_number').notNull(),
    size: integer('size').notNull(),
    etag: text('etag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);
