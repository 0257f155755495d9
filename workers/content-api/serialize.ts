// Ghost's Content API object shapes (snake_case, ISO times, absolute URLs). Members Lede has no data for are null,
// as Ghost sends them, so clients that read them find the key. Emails and password hashes are never selected.
import type { LivePost } from '../../d1/repositories/content-api-posts';
import type { Counted, PublicAuthor, PublicTag } from '../../d1/repositories/content-api-taxonomy';
import type { Site } from '../../d1/repositories/sites';
import { excerptOf } from '../content/excerpt';
import { splitList } from './query';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
// Ghost standardised on null for empty values in the Content API.
const orNull = (value: string | null) => (value === '' ? null : value);
const absolute = (origin: string, ...segments: string[]) =>
  `${origin}/${segments.map((s) => encodeURIComponent(s)).join('/')}/`;

/** Keeps only the requested members, plus the relations the caller included (Ghost keeps those too). */
function pick<T extends object>(
  value: T,
  fields: ReadonlySet<string> | undefined,
  keep: readonly string[],
): Partial<T> {
  if (!fields) return value;
  // A subset of T's own entries is a Partial<T>; fromEntries cannot say so itself.
  return Object.fromEntries(Object.entries(value).filter(([k]) => fields.has(k) || keep.includes(k))) as Partial<T>;
}

/** What the caller asked a post to look like, decided once per request. */
export interface PostView {
  tags: boolean;
  authors: boolean;
  /** html and/or plaintext; naming one in `fields` asks for it too. */
  formats: ReadonlySet<string>;
  fields?: ReadonlySet<string>;
}

export function postView(query: { include?: string; fields?: string; formats?: string }): PostView {
  const include = new Set(splitList(query.include));
  // An empty `fields=` or `formats=` is read as absent, not as "nothing".
  const fields = query.fields ? new Set(splitList(query.fields)) : undefined;
  const formats = new Set(query.formats ? splitList(query.formats) : ['html']);
  for (const format of ['html', 'plaintext']) if (fields?.has(format)) formats.add(format);
  return { tags: include.has('tags'), authors: include.has('authors'), formats, fields };
}

/** Whether a body format is both requested and kept by `fields`: if not, the column is not read at all. */
export const wantsFormat = (view: PostView, format: 'html' | 'plaintext') =>
  view.formats.has(format) && (!view.fields || view.fields.has(format));

export function contentTag(tag: Counted<PublicTag>, origin: string) {
  return {
    id: tag.id,
    name: tag.name,
    slug: tag.slug,
    description: orNull(tag.description),
    feature_image: tag.featureImage,
    visibility: tag.visibility,
    og_image: null,
    og_title: null,
    og_description: null,
    twitter_image: null,
    twitter_title: null,
    twitter_description: null,
    meta_title: orNull(tag.metaTitle),
    meta_description: orNull(tag.metaDescription),
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: absolute(origin, 'tag', tag.slug),
    ...(tag.postCount === undefined ? {} : { count: { posts: tag.postCount } }),
  };
}

export function contentAuthor(author: Counted<PublicAuthor>, origin: string) {
  return {
    id: author.id,
    name: author.name,
    slug: author.slug,
    profile_image: author.profileImage,
    cover_image: null,
    bio: orNull(author.bio),
    website: orNull(author.website),
    location: orNull(author.location),
    facebook: null,
    twitter: null,
    meta_title: null,
    meta_description: null,
    url: absolute(origin, 'author', author.slug),
    ...(author.postCount === undefined ? {} : { count: { posts: author.postCount } }),
  };
}

export const pickTag = (tag: Counted<PublicTag>, origin: string, fields: ReadonlySet<string> | undefined) =>
  pick(contentTag(tag, origin), fields, ['count']);
export const pickAuthor = (author: Counted<PublicAuthor>, origin: string, fields: ReadonlySet<string> | undefined) =>
  pick(contentAuthor(author, origin), fields, ['count']);

export function contentPost(post: LivePost, view: PostView, origin: string) {
  // Members-only and paid posts are listed, but their body stays with the members (Ghost's content gating).
  const gated = post.visibility !== 'public';
  // Internal tags are for theming and automation, never shown to readers; the primary tag is the first tag, if public.
  const firstTag = post.tags?.[0];
  const tags = view.tags
    ? {
        tags: (post.tags ?? []).filter((t) => t.visibility === 'public').map((t) => contentTag(t, origin)),
        primary_tag: firstTag?.visibility === 'public' ? contentTag(firstTag, origin) : null,
      }
    : {};
  const authors = view.authors
    ? {
        authors: (post.authors ?? []).map((a) => contentAuthor(a, origin)),
        primary_author: post.authors?.[0] ? contentAuthor(post.authors[0], origin) : null,
      }
    : {};
  const full = {
    id: post.id,
    uuid: post.id,
    title: post.title,
    slug: post.slug,
    ...(view.formats.has('html') ? { html: gated ? '' : post.html } : {}),
    ...(view.formats.has('plaintext') ? { plaintext: gated ? '' : post.plaintext } : {}),
    comment_id: post.id,
    feature_image: post.featureImage,
    feature_image_alt: post.featureImageAlt,
    feature_image_caption: post.featureImageCaption,
    featured: post.featured,
    visibility: post.visibility,
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
    published_at: iso(post.publishedAt),
    custom_excerpt: post.customExcerpt,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: post.canonicalUrl,
    ...tags,
    ...authors,
    url: absolute(origin, post.slug),
    excerpt: gated ? '' : post.customExcerpt || excerptOf(post.plaintext),
    reading_time: post.readingTime,
    access: !gated,
    comments: false,
    og_image: post.ogImage,
    og_title: orNull(post.ogTitle),
    og_description: orNull(post.ogDescription),
    twitter_image: post.twitterImage,
    twitter_title: orNull(post.twitterTitle),
    twitter_description: orNull(post.twitterDescription),
    meta_title: orNull(post.metaTitle),
    meta_description: orNull(post.metaDescription),
    email_subject: null,
    frontmatter: null,
    content_format: post.contentFormat,
    custom_fields: post.customFields,
  };
  return pick(full, view.fields, ['tags', 'primary_tag', 'authors', 'primary_author']);
}

/** Ghost's public settings, from the site row; keys Lede has no data for are null (or off). */
export function contentSettings(site: Site, origin: string) {
  return {
    title: site.title,
    description: site.description,
    logo: site.logo,
    icon: null,
    accent_color: site.accentColor,
    cover_image: null,
    facebook: null,
    twitter: null,
    lang: site.locale,
    locale: site.locale,
    timezone: site.timezone,
    codeinjection_head: null,
    codeinjection_foot: null,
    navigation: site.navigation,
    secondary_navigation: [],
    meta_title: null,
    meta_description: null,
    og_image: null,
    og_title: null,
    og_description: null,
    twitter_image: null,
    twitter_title: null,
    twitter_description: null,
    members_support_address: null,
    members_enabled: false,
    members_invite_only: false,
    paid_members_enabled: false,
    comments_enabled: 'off',
    recommendations_enabled: false,
    url: `${origin}/`,
  };
}
