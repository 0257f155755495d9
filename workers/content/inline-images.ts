// Library images inside a post's Markdown get what a library feature image gets on the site: `srcset` over the
// WebP variants, `sizes` for the article column, `width`/`height` so the page does not shift while they load, and
// lazy loading, as Ghost does for its image cards. Post HTML is rendered once, at save time, so the library rows
// are looked up first and handed to the (pure) renderer; the dimensions come from the row written at upload, so
// variants that do not exist yet change nothing.
import type { Element, Root, RootContent } from 'hast';
import type { Database } from '../../d1/db';
import { findMediaByIds, type MediaRow } from '../../d1/repositories/media';
import { hostsOfSite } from '../../d1/repositories/sites';
import { articleImageSizes, libraryFileOf, responsiveImage } from '../media/library';

export interface LibraryImages {
  /** The site's library images the Markdown may name, by id. */
  byId: ReadonlyMap<string, MediaRow>;
  /** The site's hostnames: an absolute URL on one of them is as much the library's as a site-relative one. */
  hosts: ReadonlySet<string>;
}

export const NO_LIBRARY_IMAGES: LibraryImages = { byId: new Map(), hosts: new Set() };

const MEDIA_ID = /\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//gi;
/** Enough for any real post; past it, further images simply stay plain. */
const MAX_IDS = 500;

/** The library images a Markdown source mentions (a cheap scan of the text; the renderer decides what is an image). */
export async function libraryImagesIn(db: Database, siteId: string, markdown: string): Promise<LibraryImages> {
  const ids = [...new Set(Array.from(markdown.matchAll(MEDIA_ID), (m) => m[1]!.toLowerCase()))].slice(0, MAX_IDS);
  if (ids.length === 0) return NO_LIBRARY_IMAGES;
  const [rows, hosts] = await Promise.all([findMediaByIds(db, siteId, ids), hostsOfSite(db, siteId)]);
  return { byId: new Map(rows.filter((r) => r.kind === 'image').map((r) => [r.id, r])), hosts: new Set(hosts) };
}

/**
 * Adds the responsive attributes to every `<img>` of a sanitized tree whose `src` is one of `images`. It runs after
 * the sanitizer, which lets no `srcset` or `sizes` through, so these attributes can only ever be ours.
 */
export function addResponsiveImages(tree: Root, images: LibraryImages): void {
  if (images.byId.size > 0) visit(tree, images);
}

function visit(node: Root | RootContent, images: LibraryImages): void {
  if (node.type === 'element' && node.tagName === 'img') decorate(node, images);
  if ('children' in node) for (const child of node.children) visit(child, images);
}

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

function decorate(img: Element, images: LibraryImages): void {
  const src = img.properties.src;
  const file = typeof src === 'string' ? libraryFileOf(src, images.hosts) : undefined;
  const row = file && images.byId.get(file.id);
  // The name is part of the URL: a wrong one is a 404 on the site, so it is no library image either.
  if (!row || row.name !== file.name) return;
  const responsive = responsiveImage(row);
  if (!responsive) return;
  // An author who sized the image keeps that size; the other dimension follows the image's own aspect ratio.
  const { width: w, height: h } = img.properties;
  const aspect = responsive.height / responsive.width;
  const [width, height] = positive(w)
    ? [w, Math.max(1, Math.round(w * aspect))]
    : positive(h)
      ? [Math.max(1, Math.round(h / aspect)), h]
      : [responsive.width, responsive.height];
  Object.assign(img.properties, {
    width,
    height,
    srcSet: responsive.srcset,
    sizes: articleImageSizes(width),
    loading: 'lazy',
    decoding: 'async',
  });
}
