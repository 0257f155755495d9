// The Cache-Tag vocabulary. Every cacheable public response names what it shows; a change purges exactly the tags it
// touches (queues/cache/event-tags.ts). Tags start with the site id because Cloudflare purges by tag per zone, and
// one zone serves many sites.

export type TermKind = 'tag' | 'author' | 'category';
export type ApiResource = 'posts' | 'pages' | 'tags' | 'authors' | 'settings';

const prefix = (siteId: string) => `lede:${siteId}`;

export const cacheTag = {
  /** Every response of the site: settings and navigation appear on all of them. */
  site: (siteId: string) => prefix(siteId),
  /** Any response that shows the post: its page, every list, feed and API answer it appears in. */
  post: (siteId: string, postId: string) => `${prefix(siteId)}:post:${postId}`,
  /** Every page of the home archive (a new post shifts them all). */
  home: (siteId: string) => `${prefix(siteId)}:home`,
  /** Every page of one tag's, author's or category's archive. */
  archive: (siteId: string, kind: TermKind, id: string) => `${prefix(siteId)}:${kind}-archive:${id}`,
  /** Any response that shows a tag's, author's or category's name or details. */
  term: (siteId: string, kind: TermKind, id: string) => `${prefix(siteId)}:${kind}:${id}`,
  feeds: (siteId: string) => `${prefix(siteId)}:feeds`,
  sitemap: (siteId: string) => `${prefix(siteId)}:sitemap`,
  /** Every Content API browse of a resource, whatever its filter (a new post may match any of them). */
  api: (siteId: string, resource: ApiResource) => `${prefix(siteId)}:api:${resource}`,
} as const;

/** The site a tag belongs to (for purges that arrive as bare tags). */
export function siteOfTag(tag: string): string | undefined {
  return /^lede:([^:]+)/.exec(tag)?.[1];
}

/** Cloudflare's limit on one Cache-Tag header (16 KB, comma-separated). */
export const MAX_CACHE_TAG_HEADER = 16 * 1024;

/**
 * The Cache-Tag header for a set of tags, or undefined when they do not fit: a response missing one of its tags
 * would outlive a purge, so such a response is not cached at all.
 */
export function cacheTagHeader(tags: Iterable<string>): string | undefined {
  const header = [...new Set(tags)].join(',');
  return header.length <= MAX_CACHE_TAG_HEADER ? header : undefined;
}
