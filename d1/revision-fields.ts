// What a revision keeps besides title and Markdown: every other field an editor can change, as the API names them.
import { POST_TEXT_FIELDS } from './post-text-fields';
import type { NewPostRow, RelationIds } from './repositories/posts';

export const RESTORABLE_FIELDS = [...POST_TEXT_FIELDS, 'custom_fields', 'content_format', 'visibility'] as const;

export function revisionFields(row: Partial<NewPostRow>, ids: RelationIds): Record<string, unknown> {
  return {
    slug: row.slug,
    custom_excerpt: row.customExcerpt ?? null,
    feature_image: row.featureImage ?? null,
    feature_image_alt: row.featureImageAlt ?? null,
    feature_image_caption: row.featureImageCaption ?? null,
    meta_title: row.metaTitle ?? null,
    meta_description: row.metaDescription ?? null,
    og_title: row.ogTitle ?? null,
    og_description: row.ogDescription ?? null,
    og_image: row.ogImage ?? null,
    twitter_title: row.twitterTitle ?? null,
    twitter_description: row.twitterDescription ?? null,
    twitter_image: row.twitterImage ?? null,
    canonical_url: row.canonicalUrl ?? null,
    custom_fields: row.customFields ?? {},
    content_format: row.contentFormat ?? 'article',
    visibility: row.visibility ?? 'public',
    featured: row.featured ?? false,
    scheduled_at: row.scheduledAt?.toISOString() ?? null,
    published_at: row.publishedAt?.toISOString() ?? null,
    author_ids: ids.authorIds,
    tag_ids: ids.tagIds,
    category_ids: ids.categoryIds,
  };
}
