// The free-text fields of a post besides its title, body and slug (excerpt, feature image texts, SEO and social
// meta), by the Admin API's name, with the post row's column for each: one list for the room's side panel, revisions
// and the post service.
import type { NewPostRow } from './repositories/posts';

export const POST_TEXT_COLUMNS = {
  custom_excerpt: 'customExcerpt',
  feature_image: 'featureImage',
  feature_image_alt: 'featureImageAlt',
  feature_image_caption: 'featureImageCaption',
  meta_title: 'metaTitle',
  meta_description: 'metaDescription',
  og_title: 'ogTitle',
  og_description: 'ogDescription',
  og_image: 'ogImage',
  twitter_title: 'twitterTitle',
  twitter_description: 'twitterDescription',
  twitter_image: 'twitterImage',
  canonical_url: 'canonicalUrl',
} as const satisfies Record<string, keyof NewPostRow>;

export type PostTextField = keyof typeof POST_TEXT_COLUMNS;
export const POST_TEXT_FIELDS = Object.keys(POST_TEXT_COLUMNS) as PostTextField[];
