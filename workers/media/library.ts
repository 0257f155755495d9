// What the library knows about a file: its keys in R2, its public URL, its JSON shape, and the limits on uploads.
import type { MediaRow } from '../../d1/repositories/media';
import type { Database } from '../../d1/db';
import { siteMediaBytes } from '../../d1/repositories/media';
import { normalizeHost } from '../../d1/repositories/sites';
import type { Outbox } from '../../queues/events/relay';
import { Problem } from '../http/problem';
import { hasVariants, VARIANT_WIDTHS } from './image-formats';

export interface MediaDeps {
  db: Database;
  bucket: R2Bucket;
  limits: MediaLimits;
  /** Where the library's domain events go once their batch committed (queues/events/relay.ts). */
  outbox: Outbox;
}

export interface MediaLimits {
  maxFileBytes: number;
  quotaBytes: number;
}

/** The limits configured in wrangler.toml's [vars]. */
export function mediaLimits(env: Pick<Env, 'MEDIA_MAX_FILE_BYTES' | 'MEDIA_SITE_QUOTA_BYTES'>): MediaLimits {
  return { maxFileBytes: Number(env.MEDIA_MAX_FILE_BYTES), quotaBytes: Number(env.MEDIA_SITE_QUOTA_BYTES) };
}

/** Every object of a file lives under this prefix; a site's prefixes never overlap another site's. */
export const mediaPrefix = (siteId: string, mediaId: string) => `sites/${siteId}/media/${mediaId}/`;
export const originalKey = (siteId: string, mediaId: string, name: string) => `${mediaPrefix(siteId, mediaId)}${name}`;
export const variantKey = (siteId: string, mediaId: string, width: number) =>
  `${mediaPrefix(siteId, mediaId)}variants/${width}.webp`;

/** The site-relative URL of a file (or of one of its variants); posts reference files by it. */
export const mediaPath = (row: Pick<MediaRow, 'id' | 'name'>, width?: number) =>
  `/media/${row.id}/${width ? `w${width}/` : ''}${encodeURIComponent(row.name)}`;

export function mediaJson(row: MediaRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    content_type: row.contentType,
    size: row.size,
    url: mediaPath(row),
    width: row.width,
    height: row.height,
    format: row.format,
    dominant_color: row.dominantColor,
    alt: row.alt,
    caption: row.caption,
    uploaded_by: row.uploadedBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Refuses a file over the per-file limit (413) or one that would take the site over its quota (507). */
export async function assertFits(deps: MediaDeps, siteId: string, size: number, fileTotal = size): Promise<void> {
  if (fileTotal > deps.limits.maxFileBytes) {
    throw new Problem(413, 'FILE_TOO_LARGE', `Files are limited to ${deps.limits.maxFileBytes} bytes.`, {
      max_bytes: deps.limits.maxFileBytes,
    });
  }
  const used = await siteMediaBytes(deps.db, siteId);
  if (used + size > deps.limits.quotaBytes) {
    throw new Problem(507, 'QUOTA_EXCEEDED', "This file would take the site's media over its storage quota.", {
      quota_bytes: deps.limits.quotaBytes,
      used_bytes: used,
    });
  }
}

const MEDIA_URL =
  /^(?:https?:\/\/[^/]+)?\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^/?#]+$/i;

/** The library id an image URL names, when it is a media URL (absolute or site-relative) of an original. */
export const mediaIdOf = (url: string) => MEDIA_URL.exec(url)?.[1]?.toLowerCase();

export interface ResponsiveImage {
  width: number;
  height: number;
  srcset: string;
}

/** The attributes a page needs to let the browser pick a variant and reserve the image's box before it loads. */
export function responsiveImage(
  row: Pick<MediaRow, 'id' | 'name' | 'kind' | 'contentType' | 'size' | 'width' | 'height'>,
): ResponsiveImage | undefined {
  if (row.kind !== 'image' || !row.width || !row.height) return undefined;
  const widths = hasVariants(row) ? VARIANT_WIDTHS.filter((w) => w < row.width!) : [];
  const srcset = [...widths.map((w) => `${mediaPath(row, w)} ${w}w`), `${mediaPath(row)} ${row.width}w`].join(', ');
  return { width: row.width, height: row.height, srcset };
}

const LIBRARY_PATH = /^\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([^/?#]+)$/i;

/**
 * The file an image URL names when it is the URL of an original in this site's library: site-relative, or absolute
 * on one of the site's `hosts`. A URL on any other host, with a query or fragment, or of a variant is not.
 */
export function libraryFileOf(src: string, hosts: ReadonlySet<string>): { id: string; name: string } | undefined {
  let path = src;
  if (src.startsWith('//') || !src.startsWith('/')) {
    let url: URL;
    try {
      url = new URL(src.startsWith('//') ? `https:${src}` : src);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (!hosts.has(normalizeHost(url.host)) || url.search || url.hash) return undefined;
    path = url.pathname;
  }
  const match = LIBRARY_PATH.exec(path);
  if (!match) return undefined;
  try {
    return { id: match[1]!.toLowerCase(), name: decodeURIComponent(match[2]!) };
  } catch {
    return undefined; // a malformed escape names no file
  }
}

/** The article column (workers/site/styles.ts): 44rem less 2.5rem of padding, about 666 CSS pixels. */
const ARTICLE_COLUMN_PX = 666;

/**
 * `sizes` for an image in the article column shown `width` CSS pixels wide: the column's width on narrow screens,
 * its own width once the column is wider (images are never stretched: `max-width: 100%`).
 */
export function articleImageSizes(width: number): string {
  if (width >= ARTICLE_COLUMN_PX) return `(max-width: 44rem) calc(100vw - 2.5rem), ${ARTICLE_COLUMN_PX}px`;
  return `(max-width: ${width + 40}px) calc(100vw - 2.5rem), ${width}px`;
}
