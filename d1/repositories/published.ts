// Read-only queries behind the published site. Every query here applies the one rule of what readers may see:
// status 'published' and a publication time that has come. Listings read a short head of the plaintext instead of
// whole bodies, and the body of a members-only post leaves D1 only for a post page asked for by a signed-in member,
// so no other template or feed can render it by mistake.
import { and, count, desc, eq, exists, getTableColumns, max, param, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { inCategoryTree } from './category-tree';
import { publicAuthorColumns } from './content-api-taxonomy';
import { isLive } from './live';
import type { MediaRow } from './media';
import { type AuthorRef, type CategoryRef, type PostRelations, type TagRef } from './posts';
import {
  categories,
  media,
  postAuthors,
  postCategories,
  posts,
  postTags,
  slugRedirects,
  tags,
  users,
  type VISIBILITIES,
} from '../schema';

type Visibility = (typeof VISIBILITIES)[number];

/** Enough characters for a 300-character excerpt once runs of whitespace are collapsed. */
const EXCERPT_SOURCE_CHARS = 1000;
/** The sitemap protocol's limit for one file. */
const SITEMAP_LIMIT = 50_000;

const live = (siteId: string, now: Date) => and(eq(posts.siteId, siteId), isLive(now));

const plaintextHead = sql<string>`substr(${posts.plaintext}, 1, ${EXCERPT_SOURCE_CHARS})`;

/** Who a page is rendered for: anyone, or a signed-in member of the site (workers/site/reader-member.ts). */
export type Audience = 'public' | 'members';
/** What each audience may read in full. Paid posts wait for paid tiers (billing), so nobody reads them here yet. */
const READABLE: Record<Audience, readonly Visibility[]> = { public: ['public'], members: ['public', 'members'] };

export const readableBy = (audience: Audience, visibility: Visibility) => READABLE[audience].includes(visibility);

// Built once: the post page's statement is on the reader's hot path.
const HTML_FOR = Object.fromEntries(
  Object.entries(READABLE).map(([audience, visibilities]) => [
    audience,
    sql<string>`CASE WHEN ${posts.visibility} IN (${sql.join(
      visibilities.map((v) => sql`${v}`),
      sql`, `,
    )}) THEN ${posts.html} ELSE '' END`,
  ]),
) as Record<Audience, SQL<string>>;
const htmlFor = (audience: Audience) => HTML_FOR[audience];

// A post's authors, tags and categories as JSON arrays in the post's own row, in the order relationQueries gives
// them: a post page that misses the edge cache is then one statement instead of four, a list one round trip instead
// of two. Keys match AuthorRef, TagRef and CategoryRef. `posts.id` is written out: drizzle leaves columns of a
// one-table select unqualified, and a bare "id" inside these subqueries would name the joined table's.
const authorsJson = sql<string>`(SELECT json_group_array(json_object('id', u.id, 'slug', u.slug, 'name', u.name,
  'email', u.email, 'bio', u.bio, 'profileImage', u.profile_image, 'website', u.website, 'location', u.location)
  ORDER BY pa.sort_order) FROM ${postAuthors} pa JOIN ${users} u ON u.id = pa.user_id WHERE pa.post_id = posts.id)`;
const tagsJson = sql<string>`(SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name,
  'visibility', t.visibility) ORDER BY pt.sort_order)
  FROM ${postTags} pt JOIN ${tags} t ON t.id = pt.tag_id WHERE pt.post_id = posts.id)`;
const categoriesJson = sql<string>`(SELECT json_group_array(json_object('id', c.id, 'slug', c.slug, 'name', c.name,
  'parentId', c.parent_id) ORDER BY c.name)
  FROM ${postCategories} pc JOIN ${categories} c ON c.id = pc.category_id WHERE pc.post_id = posts.id)`;

const relationColumns = { authorsJson, tagsJson, categoriesJson };
type RelationsJson = { authorsJson: string; tagsJson: string; categoriesJson: string };

/** A row read with relationColumns, its JSON parsed into the post's relations. */
function parseRelations<T extends RelationsJson>(
  found: T,
): Omit<T, keyof RelationsJson> & { relations: PostRelations } {
  const { authorsJson: authors, tagsJson: tagList, categoriesJson: categoryList, ...row } = found;
  const relations: PostRelations = {
    authors: JSON.parse(authors) as AuthorRef[],
    tags: JSON.parse(tagList) as TagRef[],
    categories: JSON.parse(categoryList) as CategoryRef[],
  };
  return { ...row, relations };
}

const summaryColumns = {
  id: posts.id,
  slug: posts.slug,
  title: posts.title,
  customExcerpt: posts.customExcerpt,
  featureImage: posts.featureImage,
  featureImageAlt: posts.featureImageAlt,
  featured: posts.featured,
  visibility: posts.visibility,
  readingTime: posts.readingTime,
  publishedAt: posts.publishedAt,
  updatedAt: posts.updatedAt,
  plaintextHead,
};

// A post page needs every column but the Markdown source and the full plaintext.
const { markdown: _markdown, plaintext: _plaintext, html: _html, ...pageColumns } = getTableColumns(posts);

export type LiveSummaryRow = Awaited<ReturnType<typeof listLivePosts>>['rows'][number];
export type LiveFeedRow = Awaited<ReturnType<typeof listFeedPosts>>[number];
export type LivePostRow = NonNullable<Awaited<ReturnType<typeof findLivePostWithRelations>>>['row'];
type LiveAuthorRow = NonNullable<Awaited<ReturnType<typeof listAuthorArchive>>['term']>;
/** An author as readers see them; social links are only read for the author's own archive page. */
export type PublicAuthorRow = Omit<LiveAuthorRow, 'socialLinks'> & Partial<Pick<LiveAuthorRow, 'socialLinks'>>;

/**
 * Which posts an archive lists, naming the term by its slug: the term and its posts are then read in one batch, one
 * round trip on a miss. A category includes the posts of all its descendants.
 */
type ArchiveScope = { kind: 'all' } | { kind: 'tag' | 'author' | 'category'; slug: string };
type Page = { limit: number; offset: number };

function scopeSql(db: Database, siteId: string, scope: ArchiveScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'tag':
      return exists(
        db
          .select({ one: sql`1` })
          .from(postTags)
          .innerJoin(tags, eq(tags.id, postTags.tagId))
          .where(and(eq(postTags.postId, posts.id), eq(tags.siteId, siteId), eq(tags.slug, scope.slug))),
      );
    case 'author':
      return exists(
        db
          .select({ one: sql`1` })
          .from(postAuthors)
          .innerJoin(users, eq(users.id, postAuthors.userId))
          .where(and(eq(postAuthors.postId, posts.id), eq(users.slug, scope.slug))),
      );
    case 'category':
      return inCategoryTree(siteId, { slug: scope.slug });
  }
}

/** One page of an archive's live posts (never pages), newest first, with their relations; and the total. */
function archiveQueries(db: Database, siteId: string, now: Date, scope: ArchiveScope, page: Page) {
  const where = and(live(siteId, now), eq(posts.type, 'post'), scopeSql(db, siteId, scope));
  return [
    db
      .select({ ...summaryColumns, ...relationColumns })
      .from(posts)
      .where(where)
      .orderBy(desc(posts.publishedAt), desc(posts.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(posts).where(where),
  ] as const;
}

function archiveOf<T extends RelationsJson>(rows: T[], totals: { n: number }[]) {
  return { rows: rows.map(parseRelations), total: totals[0]?.n ?? 0 };
}

/** One page of the site's live posts (the home page), with the total. */
export async function listLivePosts(db: Database, siteId: string, now: Date, page: Page) {
  const [rows, totals] = await db.batch(archiveQueries(db, siteId, now, { kind: 'all' }, page));
  return archiveOf(rows, totals);
}

/** A tag by slug (any visibility: the caller decides) and one page of its live posts, in one batch. */
export async function listTagArchive(db: Database, siteId: string, now: Date, slug: string, page: Page) {
  const [found, rows, totals] = await db.batch([
    db
      .select()
      .from(tags)
      .where(and(eq(tags.siteId, siteId), eq(tags.slug, slug)))
      .limit(1),
    ...archiveQueries(db, siteId, now, { kind: 'tag', slug }, page),
  ]);
  return { term: found[0], ...archiveOf(rows, totals) };
}

/** A category by slug and one page of the live posts of it and its descendants, in one batch. */
export async function listCategoryArchive(db: Database, siteId: string, now: Date, slug: string, page: Page) {
  const [found, rows, totals] = await db.batch([
    db
      .select()
      .from(categories)
      .where(and(eq(categories.siteId, siteId), eq(categories.slug, slug)))
      .limit(1),
    ...archiveQueries(db, siteId, now, { kind: 'category', slug }, page),
  ]);
  return { term: found[0], ...archiveOf(rows, totals) };
}

/** An author with a live post on the site, by slug, and one page of their live posts, in one batch. */
export async function listAuthorArchive(db: Database, siteId: string, now: Date, slug: string, page: Page) {
  const [found, rows, totals] = await db.batch([
    liveAuthorQuery(db, siteId, slug, now).limit(1),
    ...archiveQueries(db, siteId, now, { kind: 'author', slug }, page),
  ]);
  return { term: found[0], ...archiveOf(rows, totals) };
}

/** The newest live posts with their HTML (empty for members-only posts) and relations, for the feeds. */
export async function listFeedPosts(db: Database, siteId: string, now: Date, limit: number) {
  const rows = await db
    .select({ ...summaryColumns, ...relationColumns, html: htmlFor('public') })
    .from(posts)
    .where(and(live(siteId, now), eq(posts.type, 'post')))
    .orderBy(desc(posts.publishedAt), desc(posts.id))
    .limit(limit)
    .all();
  return rows.map(parseRelations);
}

/** What a page needs of its feature image's file to offer the variants and reserve the image's box. */
export type FeatureMedia = Pick<MediaRow, 'id' | 'name' | 'kind' | 'contentType' | 'size' | 'width' | 'height'>;

// The file of a feature image in the site's library, by the id its URL holds (/media/<uuid>/<name>, relative or
// absolute), in the post's row, so a post with a feature image is one query too. A candidate only: the page keeps it
// when the URL is a library URL of that id (workers/site/reader.ts), which SQL's substr cannot tell.
const featureMediaJson = sql<string | null>`(SELECT json_object('id', m.id, 'name', m.name, 'kind', m.kind,
  'contentType', m.content_type, 'size', m.size, 'width', m.width, 'height', m.height)
  FROM ${media} m WHERE m.site_id = posts.site_id
  AND m.id = lower(substr(posts.feature_image, instr(posts.feature_image, '/media/') + 7, 36)))`;

/**
 * The post page's statement for one audience, with its site, time and slug left as placeholders. It is built and
 * prepared once per handle: drizzle otherwise assembles the same SQL from the builder on every reader's miss.
 */
function preparePostPage(db: Database, audience: Audience) {
  return db
    .select({
      ...pageColumns,
      html: htmlFor(audience),
      plaintextHead,
      ...relationColumns,
      featureMediaJson,
    })
    .from(posts)
    .where(
      and(
        eq(posts.siteId, sql.placeholder('siteId')),
        // Encoded as the column encodes a Date, as a literal time would be.
        isLive(param(sql.placeholder('now'), posts.publishedAt)),
        eq(posts.slug, sql.placeholder('slug')),
      ),
    )
    .prepare();
}
const postPages = new WeakMap<Database, Partial<Record<Audience, ReturnType<typeof preparePostPage>>>>();

/**
 * A live post or page by its current slug (its HTML empty when it is not public) with its authors, tags and
 * categories and its feature image's file, in one statement: a reader's post page that misses the edge cache costs
 * one D1 query.
 */
export async function findLivePostWithRelations(
  db: Database,
  siteId: string,
  slug: string,
  now: Date,
  audience: Audience = 'public',
) {
  let prepared = postPages.get(db);
  if (!prepared) postPages.set(db, (prepared = {}));
  const statement = (prepared[audience] ??= preparePostPage(db, audience));
  const found = await statement.get({ siteId, now, slug });
  if (!found) return undefined;
  const { featureMediaJson: file, relations, ...row } = parseRelations(found);
  return { row, relations, featureMedia: file === null ? undefined : (JSON.parse(file) as FeatureMedia) };
}

/** The current slug of the live post an old slug used to name; nothing for drafts and the like. */
export async function findLiveRedirect(
  db: Database,
  siteId: string,
  slug: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .select({ slug: posts.slug })
    .from(slugRedirects)
    .innerJoin(posts, eq(posts.id, slugRedirects.postId))
    .where(and(eq(slugRedirects.siteId, siteId), eq(slugRedirects.slug, slug), live(siteId, now)))
    .get();
  return row?.slug;
}

/** A user's public profile, only if they are an author of a live post of this site. */
function liveAuthorQuery(db: Database, siteId: string, slug: string, now: Date) {
  return db
    .select({ ...publicAuthorColumns, socialLinks: users.socialLinks })
    .from(users)
    .where(
      and(
        eq(users.slug, slug),
        exists(
          db
            .select({ one: sql`1` })
            .from(postAuthors)
            .innerJoin(posts, eq(posts.id, postAuthors.postId))
            .where(and(eq(postAuthors.userId, users.id), live(siteId, now), eq(posts.type, 'post'))),
        ),
      ),
    )
    .$dynamic();
}

/**
 * What the sitemap lists: live posts and pages, and the public tags and authors of live posts with the time their
 * newest post changed. Categories come as the whole tree plus those with live posts of their own, because an
 * ancestor's archive shows its descendants' posts too.
 */
export async function sitemapRows(db: Database, siteId: string, now: Date) {
  const livePost = and(live(siteId, now), eq(posts.type, 'post'));
  const [entries, tagRows, authorRows, categoryTree, categoryRows] = await db.batch([
    db
      .select({ slug: posts.slug, type: posts.type, updatedAt: posts.updatedAt })
      .from(posts)
      .where(live(siteId, now))
      .orderBy(desc(posts.publishedAt), desc(posts.id))
      .limit(SITEMAP_LIMIT),
    db
      .select({ slug: tags.slug, lastmod: max(posts.updatedAt) })
      .from(tags)
      .innerJoin(postTags, eq(postTags.tagId, tags.id))
      .innerJoin(posts, eq(posts.id, postTags.postId))
      .where(and(eq(tags.siteId, siteId), eq(tags.visibility, 'public'), livePost))
      .groupBy(tags.id),
    db
      .select({ slug: users.slug, lastmod: max(posts.updatedAt) })
      .from(users)
      .innerJoin(postAuthors, eq(postAuthors.userId, users.id))
      .innerJoin(posts, eq(posts.id, postAuthors.postId))
      .where(livePost)
      .groupBy(users.id),
    db
      .select({ id: categories.id, slug: categories.slug, parentId: categories.parentId })
      .from(categories)
      .where(eq(categories.siteId, siteId)),
    db
      .select({ id: postCategories.categoryId, lastmod: max(posts.updatedAt) })
      .from(postCategories)
      .innerJoin(posts, eq(posts.id, postCategories.postId))
      .where(livePost)
      .groupBy(postCategories.categoryId),
  ]);
  return { entries, tagRows, authorRows, categoryTree, categoryRows };
}
