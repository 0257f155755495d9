// What readers may see, shaped for the templates: live posts only, public tags only, no staff emails, and no body
// for members-only posts. Routes call these with the request's database, site id and clock.
import type { Database } from '../../d1/db';
import type { PostRelations } from '../../d1/repositories/posts';
import {
  type Audience,
  findLivePostWithRelations,
  findLiveRedirect,
  listAuthorArchive,
  listCategoryArchive,
  listFeedPosts,
  listLivePosts,
  listTagArchive,
  type LivePostRow,
  type LiveSummaryRow,
  type PublicAuthorRow,
  readableBy,
  sitemapRows,
} from '../../d1/repositories/published';
import { excerptOf } from '../content/excerpt';
import { mediaIdOf, type ResponsiveImage, responsiveImage } from '../media/library';
import { paths } from './urls';

export const PAGE_SIZE = 10;
export const FEED_SIZE = 20;

export interface ReaderTerm {
  /** For Cache-Tags only; templates show slugs and names. */
  id: string;
  slug: string;
  name: string;
}
export type ReaderAuthor = PublicAuthorRow;

export interface ReaderSummary {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  featureImage: string | null;
  featureImageAlt: string | null;
  featured: boolean;
  visibility: 'public' | 'members' | 'paid';
  /** Withheld from this page's audience (members-only from the public, paid from everyone): excerpt and notice only. */
  gated: boolean;
  readingTime: number;
  publishedAt: Date;
  updatedAt: Date;
  authors: ReaderAuthor[];
  tags: ReaderTerm[];
  categories: ReaderTerm[];
}

export type ReaderPost = ReaderSummary &
  Omit<LivePostRow, keyof ReaderSummary | 'plaintextHead'> & {
    /** The sanitized HTML saved with the post; empty when gated. */
    html: string;
    /** Size and variants of the feature image, when it is a file of the site's media library. */
    featureImageSizes?: ResponsiveImage;
  };
export type FeedPost = ReaderSummary & { html: string };

function readerRelations(relations: PostRelations | undefined) {
  return {
    authors: (relations?.authors ?? []).map(({ id, slug, name, bio, profileImage, website, location }) => ({
      id,
      slug,
      name,
      bio,
      profileImage,
      website,
      location,
    })),
    tags: (relations?.tags ?? [])
      .filter((t) => t.visibility === 'public')
      .map(({ id, slug, name }) => ({ id, slug, name })),
    categories: (relations?.categories ?? []).map(({ id, slug, name }) => ({ id, slug, name })),
  };
}

function summaryOf(
  row: Omit<LiveSummaryRow, 'relations'>,
  relations: PostRelations | undefined,
  audience: Audience,
): ReaderSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.customExcerpt?.trim() || excerptOf(row.plaintextHead),
    featureImage: row.featureImage,
    featureImageAlt: row.featureImageAlt,
    featured: row.featured,
    visibility: row.visibility,
    gated: !readableBy(audience, row.visibility),
    readingTime: row.readingTime,
    // Live posts always have a publication time; the fallback only satisfies the column's type.
    publishedAt: row.publishedAt ?? row.updatedAt,
    updatedAt: row.updatedAt,
    ...readerRelations(relations),
  };
}

// Lists and feeds are the same for every reader: they show no body, and gated posts keep their label.
const listed = (row: LiveSummaryRow) => summaryOf(row, row.relations, 'public');

export interface ArchivePage {
  posts: ReaderSummary[];
  page: number;
  pages: number;
  total: number;
}

const pageOf = (page: number) => ({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

/**
 * One page of an archive's list. Undefined when the page is past the end, or when a tag, author or category archive
 * has no live posts at all (so an archive never reveals a name used only by drafts). The home page may be empty.
 */
function archivePage(
  { rows, total }: { rows: LiveSummaryRow[]; total: number },
  page: number,
  home: boolean,
): ArchivePage | undefined {
  if (rows.length === 0 && (page > 1 || !home)) return undefined;
  return { posts: rows.map(listed), page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
}

/** A page of the home page's list of live posts. */
export async function loadHomePage(db: Database, siteId: string, now: Date, page: number) {
  return archivePage(await listLivePosts(db, siteId, now, pageOf(page)), page, true);
}

export type PostLookup = { kind: 'post'; post: ReaderPost } | { kind: 'moved'; slug: string } | undefined;

/** A live post or page by slug, as its audience may read it, or where an old slug of a live post moved to. */
export async function loadPost(
  db: Database,
  siteId: string,
  slug: string,
  now: Date,
  audience: Audience = 'public',
): Promise<PostLookup> {
  const found = await findLivePostWithRelations(db, siteId, slug, now, audience);
  if (!found) {
    const moved = await findLiveRedirect(db, siteId, slug, now);
    return moved === undefined ? undefined : { kind: 'moved', slug: moved };
  }
  const { row, relations, featureMedia } = found;
  // The statement found the file by the id in the URL; it counts only when the URL is a library URL of that file.
  const ours = featureMedia && row.featureImage && mediaIdOf(row.featureImage) === featureMedia.id;
  const sizes = ours ? responsiveImage(featureMedia) : undefined;
  const { plaintextHead: _head, ...rest } = row;
  return {
    kind: 'post',
    post: { ...rest, ...summaryOf(row, relations, audience), ...(sizes ? { featureImageSizes: sizes } : {}) },
  };
}

export async function loadTagArchive(db: Database, siteId: string, now: Date, slug: string, page: number) {
  const { term: tag, ...list } = await listTagArchive(db, siteId, now, slug, pageOf(page));
  if (tag?.visibility !== 'public') return undefined;
  const archive = archivePage(list, page, false);
  return archive && { ...archive, tag };
}

/** A category's archive lists the posts of its descendants too. */
export async function loadCategoryArchive(db: Database, siteId: string, now: Date, slug: string, page: number) {
  const { term: category, ...list } = await listCategoryArchive(db, siteId, now, slug, pageOf(page));
  if (!category) return undefined;
  const archive = archivePage(list, page, false);
  return archive && { ...archive, category };
}

export async function loadAuthorArchive(db: Database, siteId: string, now: Date, slug: string, page: number) {
  const { term: author, ...list } = await listAuthorArchive(db, siteId, now, slug, pageOf(page));
  if (!author) return undefined;
  const archive = archivePage(list, page, false);
  return archive && { ...archive, author };
}

/** The newest live posts with their HTML, for RSS, Atom and JSON Feed. */
export async function loadFeed(db: Database, siteId: string, now: Date): Promise<FeedPost[]> {
  const rows = await listFeedPosts(db, siteId, now, FEED_SIZE);
  return rows.map((row) => ({ ...listed(row), html: row.html }));
}

export interface SitemapEntry {
  path: string;
  lastmod: Date | null;
}

/** Every URL a crawler should know, with the time it last changed. */
export async function loadSitemap(db: Database, siteId: string, now: Date): Promise<SitemapEntry[]> {
  const { entries, tagRows, authorRows, categoryTree, categoryRows } = await sitemapRows(db, siteId, now);
  const newest = entries.reduce<Date | null>((at, e) => (at && at > e.updatedAt ? at : e.updatedAt), null);
  return [
    { path: paths.home(), lastmod: newest },
    ...entries.map((e) => ({ path: paths.post(e.slug), lastmod: e.updatedAt })),
    ...tagRows.map((t) => ({ path: paths.tag(t.slug), lastmod: t.lastmod })),
    ...categoryLastmods(categoryTree, categoryRows).map((c) => ({ path: paths.category(c.slug), lastmod: c.lastmod })),
    ...authorRows.map((a) => ({ path: paths.author(a.slug), lastmod: a.lastmod })),
  ];
}

/** A category's archive changes when a post of it or of any descendant does, so times flow up the tree. */
function categoryLastmods(
  tree: { id: string; slug: string; parentId: string | null }[],
  own: { id: string; lastmod: Date | null }[],
): { slug: string; lastmod: Date | null }[] {
  const byId = new Map(tree.map((c) => [c.id, c]));
  const lastmod = new Map<string, Date | null>();
  for (const { id, lastmod: at } of own) {
    const seen = new Set<string>();
    for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) {
      seen.add(c.id);
      const current = lastmod.get(c.id);
      if (current === undefined || (at && (!current || at > current))) lastmod.set(c.id, at);
    }
  }
  return tree.filter((c) => lastmod.has(c.id)).map((c) => ({ slug: c.slug, lastmod: lastmod.get(c.id) ?? null }));
}
