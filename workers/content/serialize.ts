// The Admin API's representation of posts and pages: snake_case, ISO times, relations inline.
import type { PostWithRelations, RevisionRow } from '../../d1/repositories/posts';
import type { Site } from '../../d1/repositories/sites';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function postUrl(site: Pick<Site, 'host'>, slug: string, origin?: string): string {
  return `${origin ?? `https://${site.host}`}/${encodeURIComponent(slug)}/`;
}

export function adminPost(post: PostWithRelations, origin: string) {
  return {
    id: post.id,
    type: post.type,
    slug: post.slug,
    title: post.title,
    markdown: post.markdown,
    html: post.html,
    custom_excerpt: post.customExcerpt,
    feature_image: post.featureImage,
    feature_image_alt: post.featureImageAlt,
    feature_image_caption: post.featureImageCaption,
    featured: post.featured,
    content_format: post.contentFormat,
    status: post.status,
    visibility: post.visibility,
    meta_title: post.metaTitle,
    meta_description: post.metaDescription,
    og_title: post.ogTitle,
    og_description: post.ogDescription,
    og_image: post.ogImage,
    twitter_title: post.twitterTitle,
    twitter_description: post.twitterDescription,
    twitter_image: post.twitterImage,
    canonical_url: post.canonicalUrl,
    custom_fields: post.customFields,
    reading_time: post.readingTime,
    version: post.version,
    url: `${origin}/${encodeURIComponent(post.slug)}/`,
    tags: post.tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name, visibility: t.visibility })),
    categories: post.categories.map((c) => ({ id: c.id, slug: c.slug, name: c.name, parent_id: c.parentId })),
    authors: post.authors.map((a) => ({ id: a.id, slug: a.slug, name: a.name })),
    scheduled_at: iso(post.scheduledAt),
    published_at: iso(post.publishedAt),
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
  };
}

export function adminRevision(revision: RevisionRow, withBody: boolean) {
  return {
    id: revision.id,
    post_id: revision.postId,
    version: revision.version,
    title: revision.title,
    status: revision.status,
    reason: revision.reason,
    author_id: revision.authorId,
    created_at: iso(revision.createdAt),
    ...(withBody ? { markdown: revision.markdown, fields: revision.fields } : {}),
  };
}

/** The ETag of a post version; If-Match takes it back. */
export const versionTag = (version: number) => `"${version}"`;

/** The version an If-Match header names, undefined when absent or `*` (any version), NaN when unusable. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  return match ? Number(match[1]) : Number.NaN;
}
