// The post's side-panel fields in the room's `meta` map (docs/COLLABORATION.md, "Document layout"), named as the
// Admin API names them. Pure Yjs, no D1: the room, the post service and the editor app all read it.
import * as Y from 'yjs';
import { POST_TEXT_FIELDS } from '../../d1/post-text-fields';

/**
 * Free-text fields, each a `Y.Text`, so two people typing in one field merge by character as the body does. Empty
 * text means null (a slug is never null). The title stays a plain string under `title`, as it always was.
 */
export const TEXT_KEYS = ['slug', ...POST_TEXT_FIELDS] as const;
/** Lists, each a `Y.Array<string>`: tag names, category slugs, author user ids (primary first). */
export const LIST_KEYS = ['tags', 'categories', 'authors'] as const;
/** Whole values, last writer wins: `featured` (boolean), `visibility` (string), `custom_fields` (a JSON object). */
export const VALUE_KEYS = ['featured', 'visibility', 'custom_fields'] as const;

export type TextKey = (typeof TEXT_KEYS)[number];
export type ListKey = (typeof LIST_KEYS)[number];
export type ValueKey = (typeof VALUE_KEYS)[number];
export type PanelKey = TextKey | ListKey | ValueKey;
export const PANEL_KEYS: readonly PanelKey[] = [...TEXT_KEYS, ...LIST_KEYS, ...VALUE_KEYS];

/** The panel as the API shapes it. */
export type PanelFields = { slug: string } & { [K in Exclude<TextKey, 'slug'>]: string | null } & {
  [K in ListKey]: string[];
} & { featured: boolean; visibility: string; custom_fields: Record<string, unknown> };

export const isTextKey = (key: string): key is TextKey => (TEXT_KEYS as readonly string[]).includes(key);
export const isListKey = (key: string): key is ListKey => (LIST_KEYS as readonly string[]).includes(key);
export const isPanelKey = (key: string): key is PanelKey => (PANEL_KEYS as readonly string[]).includes(key);

/** Whether the map already holds the panel (rooms opened before it was shared hold only the title). */
export const hasPanel = (meta: Y.Map<unknown>) => meta.has('slug');

/**
 * What the map holds for each panel key it has, in the API's shapes but not validated: a peer may have typed
 * anything, and the flush validates it as the Admin API validates a PATCH.
 */
export function readPanel(meta: Y.Map<unknown>): Partial<Record<PanelKey, unknown>> {
  const out: Partial<Record<PanelKey, unknown>> = {};
  for (const key of PANEL_KEYS) {
    if (!meta.has(key)) continue;
    const value = meta.get(key);
    if (value instanceof Y.Text) {
      const text = value.toString();
      out[key] = text === '' && key !== 'slug' ? null : text;
    } else if (value instanceof Y.Array) out[key] = value.toArray();
    else out[key] = value;
  }
  return out;
}

/** Sets a panel key whose map has no value yet (seeding), as the type its kind uses. */
export function panelValue(key: PanelKey, value: unknown): unknown {
  if (isTextKey(key)) return new Y.Text(typeof value === 'string' ? value : '');
  if (isListKey(key)) {
    const list = new Y.Array<string>();
    list.push(Array.isArray(value) ? value.map(String) : []);
    return list;
  }
  return value;
}

/** Rewrites a list in place: the common head and tail are kept, the middle replaced. */
export function rewriteList(list: Y.Array<string>, wanted: readonly string[]): void {
  const current = list.toArray();
  let start = 0;
  while (start < current.length && start < wanted.length && current[start] === wanted[start]) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < wanted.length - start &&
    current[current.length - 1 - end] === wanted[wanted.length - 1 - end]
  ) {
    end++;
  }
  if (current.length - end > start) list.delete(start, current.length - end - start);
  if (wanted.length - end > start) list.insert(start, wanted.slice(start, wanted.length - end));
}

/** A post's panel as D1 holds it, in the map's shapes: what a room is seeded with. */
export function panelFieldsOf(post: {
  slug: string;
  customExcerpt: string | null;
  featureImage: string | null;
  featureImageAlt: string | null;
  featureImageCaption: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  ogTitle: string | null;
  ogDescription: string | null;
  ogImage: string | null;
  twitterTitle: string | null;
  twitterDescription: string | null;
  twitterImage: string | null;
  canonicalUrl: string | null;
  featured: boolean;
  visibility: string;
  customFields: Record<string, unknown> | null;
  tags: { name: string }[];
  categories: { slug: string }[];
  authors: { id: string }[];
}): PanelFields {
  return {
    slug: post.slug,
    custom_excerpt: post.customExcerpt,
    feature_image: post.featureImage,
    feature_image_alt: post.featureImageAlt,
    feature_image_caption: post.featureImageCaption,
    meta_title: post.metaTitle,
    meta_description: post.metaDescription,
    og_title: post.ogTitle,
    og_description: post.ogDescription,
    og_image: post.ogImage,
    twitter_title: post.twitterTitle,
    twitter_description: post.twitterDescription,
    twitter_image: post.twitterImage,
    canonical_url: post.canonicalUrl,
    tags: post.tags.map((t) => t.name),
    categories: post.categories.map((c) => c.slug),
    authors: post.authors.map((a) => a.id),
    featured: post.featured,
    visibility: post.visibility,
    custom_fields: post.customFields ?? {},
  };
}
