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
  // Set by an owner: staff without a confirmed authenticator may then only enrol one (docs/IDENTITY.md).
  requireMfa: integer('require_mfa', { mode: 'boolean' }).notNull().default(false),
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
  // Profile links by network ({ twitter: 'handle', github: 'handle', … }), validated in workers/identity/profile.ts.
  socialLinks: text('social_links', { mode: 'json' }).$type<Record<string, string>>(),
  status: text('status', { enum: ['active', 'disabled'] })
    .notNull()
    .default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// Staff roles, then `member`: a reader who signed up, with no staff rights (workers/identity/policy.ts).
export const ROLES = ['owner', 'admin', 'editor', 'author', 'contributor', 'member'] as const;
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

// One signed-in session on one site: the family of refresh tokens that descend from one sign-in. Access tokens name
// it (`sid`), so revoking the family ends the access token too, at its next request.
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
    // The family's absolute end: rotation never extends a session past it.
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedReason: text('revoked_reason', {
      enum: ['sign_out', 'sign_out_everywhere', 'password_changed', 'password_reset', 'refresh_reuse', 'access_lost'],
    }),
  },
  (t) => [index('sessions_site_user_idx').on(t.siteId, t.userId)],
);

// Refresh tokens are random 256-bit secrets; only their SHA-256 is stored. A rotated token stays as a tombstone so
// presenting it again is recognised as reuse.
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    hash: text('hash').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    rotatedAt: integer('rotated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

// A user's TOTP authenticator (RFC 6238). Unconfirmed until the first code; `last_step` makes every code single-use.
export const userTotp = sqliteTable('user_totp', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // AES-256-GCM under the TOTP_ENCRYPTION_KEY Worker secret, `v1:…` (workers/identity/totp-vault.ts).
  secret: text('secret').notNull(),
  confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
  lastStep: integer('last_step'),
  createdAt: createdAt(),
});

export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    hash: text('hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export const INTEGRATION_SCOPES = [
  'posts:read',
  'posts:write',
  'tags:read',
  'tags:write',
  'media:read',
  'media:write',
  'users:read',
  'site:read',
] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

// Named Admin API keys for integrations. The secret is shown once; only its SHA-256 is kept.
export const integrationKeys = sqliteTable(
  'integration_keys',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // The key's first characters, so people can tell their keys apart without the secret.
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull().unique(),
    scopes: text('scopes', { mode: 'json' }).$type<IntegrationScope[]>().notNull(),
    // The integration acts for the person who created it, never above that person's current role nor above admin.
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('integration_keys_site_idx').on(t.siteId)],
);

// Security-relevant actions, per site, append-only.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    action: text('action').notNull(),
    actorUserId: text('actor_user_id'),
    actorKeyId: text('actor_key_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_log_site_at_idx').on(t.siteId, t.at), index('audit_log_site_action_idx').on(t.siteId, t.action)],
);

// An invitation to join a site with a role. The link's token is single-use and expiring; only its SHA-256 is kept.
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    // Set by the conditional update that spends the token; the membership insert of the same batch reads it back.
    acceptedUserId: text('accepted_user_id'),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invitations_site_idx').on(t.siteId, t.createdAt)],
);

// A password-reset link's token (single-use, one hour), stored as SHA-256. The site is where it was asked for.
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

// A reader's emailed sign-up / sign-in link (single-use, 30 minutes), stored as SHA-256. It names an email, not a
// user: the member account is created when the link is first used (workers/identity/member-sign-up.ts).
export const memberSignInLinks = sqliteTable(
  'member_sign_in_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    // The name given at sign-up, used only if the link creates the account.
    name: text('name'),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('member_sign_in_links_site_email_idx').on(t.siteId, t.email)],
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
    reason: text('reason', {
      // 'live': written from the post's collaboration room (an idle flush of what editors typed).
      enum: ['created', 'edited', 'status', 'restored', 'scheduled_publish', 'live'],
    }).notNull(),
    authorId: text('author_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('post_revisions_version_uq').on(t.postId, t.version)],
);

// Version history of a post's live document (docs/COLLABORATION.md): each row indexes one snapshot of the room's Yjs
// state, stored in the VERSIONS bucket under `r2_key` ("sites/{site_id}/posts/{post_id}/{id}.yjs"). Title and
// excerpt are copied here so a list needs no R2 read.
export const POST_VERSION_KINDS = ['named', 'auto'] as const;
export const postVersions = sqliteTable(
  'post_versions',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: POST_VERSION_KINDS }).notNull(),
    // Set for named versions; automatic ones have none.
    name: text('name'),
    size: integer('size').notNull(),
    title: text('title').notNull(),
    excerpt: text('excerpt').notNull(),
    r2Key: text('r2_key').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('post_versions_post_idx').on(t.postId, t.kind, t.createdAt)],
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

// ---------------------------------------------------------------- domain events (docs/EVENTS.md)

// The transactional outbox and the append-only event store in one table: a state change writes its events here in
// the same batch, the relay sends them to the Queue and stamps `sent_at`. Rows are never deleted or rewritten
// (sent_at aside), so the table is the history that projections are replayed from.
export const events = sqliteTable(
  'events',
  {
    // Insertion order: stable pagination and replay order (occurred_at can tie).
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    siteId: text('site_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    aggregateVersion: integer('aggregate_version').notNull(),
    actorType: text('actor_type', { enum: ['user', 'system'] }).notNull(),
    actorId: text('actor_id').notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    correlationId: text('correlation_id').notNull(),
    causationId: text('causation_id'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    // Null until the relay (or the sweeper) has handed the event to the Queue.
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('events_site_time_idx').on(t.siteId, t.occurredAt),
    index('events_aggregate_idx').on(t.siteId, t.aggregateType, t.aggregateId),
    index('events_type_idx').on(t.siteId, t.type, t.occurredAt),
    index('events_correlation_idx').on(t.siteId, t.correlationId),
    index('events_unsent_idx')
      .on(t.seq)
      .where(sql`sent_at IS NULL`),
  ],
);

// One row per (consumer, event) a consumer has applied, written in the same batch as its side effect: a
// redelivered event finds its row and is acknowledged without being applied again.
export const processedEvents = sqliteTable(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    siteId: text('site_id').notNull(),
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.eventId] }),
    index('processed_events_site_idx').on(t.siteId, t.consumer),
  ],
);

// Messages the consumers gave up on (poison, or retries exhausted), kept with the reason so they can be inspected.
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    // The dead-letter queue's message id: a redelivered dead letter is recorded once.
    id: text('id').primaryKey(),
    siteId: text('site_id'),
    eventId: text('event_id'),
    eventType: text('event_type'),
    reason: text('reason').notNull(),
    // The message body as received, as JSON text (bounded by the queue's message size).
    body: text('body').notNull(),
    attempts: integer('attempts').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('dead_letters_time_idx').on(t.receivedAt)],
);

// ---------------------------------------------------------------- analytics read models

// Daily counters: one row per (site, UTC day, metric, dimension). A dimension is what the count is broken down by
// ('site' with id '' for the whole site, 'author', 'tag', 'user'); reader page views will arrive as metric
// 'page_views' with dimension 'post' without a new table.
export const analyticsDaily = sqliteTable(
  'analytics_daily',
  {
    siteId: text('site_id').notNull(),
    day: text('day').notNull(),
    metric: text('metric').notNull(),
    dimension: text('dimension').notNull(),
    dimensionId: text('dimension_id').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.metric, t.dimension, t.dimensionId, t.day] })],
);

// When each post was first submitted for review and first published: the time between is the review lead time.
// Both columns keep the earliest time seen, so events applied in any order give the same row.
export const analyticsPostTimeline = sqliteTable(
  'analytics_post_timeline',
  {
    siteId: text('site_id').notNull(),
    postId: text('post_id').notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.postId] }),
    index('analytics_timeline_published_idx').on(t.siteId, t.publishedAt),
  ],
);

// ---------------------------------------------------------------- notifications

export const NOTIFICATION_KINDS = ['post_submitted', 'post_published', 'post_scheduled', 'post_sent_back'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
// In-app is the only channel delivered today; email or push add a value here and a consumer of pending deliveries.
export const NOTIFICATION_CHANNELS = ['in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    eventId: text('event_id').notNull(),
    postId: text('post_id'),
    title: text('title').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('notifications_event_user_uq').on(t.eventId, t.userId, t.kind),
    index('notifications_inbox_idx').on(t.siteId, t.userId, t.createdAt),
  ],
);

// Where each notification was (or is to be) delivered; in-app rows are delivered when written.
export const notificationDeliveries = sqliteTable(
  'notification_deliveries',
  {
    notificationId: text('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.channel] })],
);

// A user's switch per kind and channel on one site; no row means on.
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    siteId: text('site_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.userId, t.kind, t.channel] })],
);

// Messages to people outside the app (email today), written in the batch of the change that sends them and picked up
// by a sender. No sender is bound yet: locally the message, link included, is read from this table.
export const OUTBOUND_MESSAGE_KINDS = ['invitation', 'password_reset', 'member_sign_in'] as const;
export type OutboundMessageKind = (typeof OUTBOUND_MESSAGE_KINDS)[number];
export const outboundMessages = sqliteTable(
  'outbound_messages',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email'] }).notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: OUTBOUND_MESSAGE_KINDS }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('outbound_messages_pending_idx').on(t.status, t.createdAt),
    index('outbound_messages_recipient_idx').on(t.siteId, t.recipient, t.createdAt),
  ],
);
