// What each page tells search engines and link previews: title, description, canonical URL, OpenGraph, Twitter
// cards and schema.org JSON-LD. Builders here return plain data; the layout renders (and escapes) it.
import type { Site } from '../../d1/repositories/sites';
import type { ArchivePage, ReaderAuthor, ReaderPost } from './reader';
import { socialLinkList } from '../lib/social';
import { absoluteUrl, paths, safeHref } from './urls';

/** The profile's other homes, for search engines: the website, then the social links. */
function sameAs(author: Pick<ReaderAuthor, 'website' | 'socialLinks'>) {
  const links = [safeHref(author.website), ...socialLinkList(author.socialLinks).map((l) => l.href)].filter(
    (href): href is string => !!href,
  );
  return links.length > 0 ? { sameAs: links } : {};
}

export interface PageMeta {
  /** The <title>. */
  title: string;
  description: string;
  /** Absolute; error pages have none. */
  canonical?: string;
  ogType: 'website' | 'article' | 'profile';
  ogTitle?: string;
  ogDescription?: string;
  twitterTitle?: string;
  twitterDescription?: string;
  /** Absolute URLs. */
  image?: string;
  twitterImage?: string;
  imageAlt?: string;
  article?: { publishedTime: string; modifiedTime: string; tags: string[] };
  /** Neighbouring pages of a paginated archive. */
  prev?: string;
  next?: string;
  noindex?: boolean;
  jsonLd?: Record<string, unknown>;
}

// Inside <script>, "</script>" or "<!--" would end or change the element, and U+2028/U+2029 end lines in older
// JavaScript parsers. JSON allows every character to be written as \uXXXX, so these are, and the data is unchanged.
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

/** JSON for a <script type="application/ld+json"> element: no character in it can break out of the element. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(UNSAFE_IN_SCRIPT, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const publisher = (site: Site, origin: string) => ({
  '@type': 'Organization',
  name: site.title,
  url: `${origin}/`,
  ...(site.logo && safeHref(site.logo)
    ? { logo: { '@type': 'ImageObject', url: absoluteUrl(origin, site.logo) } }
    : {}),
});

const person = (author: ReaderAuthor, origin: string) => ({
  '@type': 'Person',
  name: author.name,
  url: `${origin}${paths.author(author.slug)}`,
});

export function homeMeta(site: Site, origin: string, archive: ArchivePage): PageMeta {
  const title = archive.page > 1 ? `${site.title} (Page ${archive.page})` : site.title;
  const canonical = `${origin}${paths.home(archive.page)}`;
  return {
    title,
    description: site.description,
    canonical,
    ogType: 'website',
    ...neighbours(archive, (page) => `${origin}${paths.home(page)}`),
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: site.title,
      url: `${origin}/`,
      ...(site.description ? { description: site.description } : {}),
      publisher: publisher(site, origin),
    },
  };
}

/** Tag, category and author archives. */
export function archiveMeta(
  site: Site,
  origin: string,
  archive: ArchivePage,
  subject: { name: string; description: string | null; url: (page: number) => string; author?: ReaderAuthor },
): PageMeta {
  const named = archive.page > 1 ? `${subject.name} (Page ${archive.page})` : subject.name;
  const canonical = `${origin}${subject.url(archive.page)}`;
  const description = subject.description || `Posts from ${subject.name} on ${site.title}.`;
  const { author } = subject;
  return {
    title: `${named} – ${site.title}`,
    description,
    canonical,
    ogType: author ? 'profile' : 'website',
    ...(author?.profileImage ? { image: absoluteUrl(origin, author.profileImage) } : {}),
    ...neighbours(archive, (page) => `${origin}${subject.url(page)}`),
    jsonLd: author
      ? {
          '@context': 'https://schema.org',
          '@type': 'ProfilePage',
          url: canonical,
          mainEntity: {
            ...person(author, origin),
            ...(author.bio ? { description: author.bio } : {}),
            ...(author.profileImage ? { image: absoluteUrl(origin, author.profileImage) } : {}),
            ...sameAs(author),
          },
        }
      : {
          '@context': 'https://schema.org',
          '@type': 'CollectionPage',
          name: subject.name,
          url: canonical,
          description,
        },
  };
}

function neighbours(archive: ArchivePage, url: (page: number) => string) {
  return {
    ...(archive.page > 1 ? { prev: url(archive.page - 1) } : {}),
    ...(archive.page < archive.pages ? { next: url(archive.page + 1) } : {}),
  };
}

export function postMeta(site: Site, origin: string, post: ReaderPost): PageMeta {
  const own = `${origin}${paths.post(post.slug)}`;
  const canonical = post.canonicalUrl ? absoluteUrl(origin, post.canonicalUrl) : own;
  const description = post.metaDescription || post.excerpt;
  const image = post.ogImage ?? post.featureImage;
  const twitterImage = post.twitterImage ?? image;
  const published = post.publishedAt.toISOString();
  const modified = post.updatedAt.toISOString();
  const isPost = post.type === 'post';
  return {
    title: post.metaTitle || post.title,
    description,
    canonical,
    ogType: 'article',
    ogTitle: post.ogTitle || post.metaTitle || post.title,
    ogDescription: post.ogDescription || description,
    twitterTitle: post.twitterTitle || post.ogTitle || post.metaTitle || post.title,
    twitterDescription: post.twitterDescription || post.ogDescription || description,
    ...(image ? { image: absoluteUrl(origin, image) } : {}),
    ...(twitterImage ? { twitterImage: absoluteUrl(origin, twitterImage) } : {}),
    // The alt text describes the feature image, so it goes along only when that is the image shared.
    ...(image && image === post.featureImage && post.featureImageAlt ? { imageAlt: post.featureImageAlt } : {}),
    article: { publishedTime: published, modifiedTime: modified, tags: post.tags.map((t) => t.name) },
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': isPost ? 'BlogPosting' : 'Article',
      headline: post.title,
      description,
      url: own,
      datePublished: published,
      dateModified: modified,
      // Author archives list posts only, so a page's authors are named without a link that would 404.
      author: post.authors.map((a) => (isPost ? person(a, origin) : { '@type': 'Person', name: a.name })),
      publisher: publisher(site, origin),
      ...(image ? { image: absoluteUrl(origin, image) } : {}),
      ...(post.tags.length > 0 ? { keywords: post.tags.map((t) => t.name).join(', ') } : {}),
      mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
      // Google's markup for paywalled content: the body is withheld on purpose, not cloaked (a member's page says
      // the same, so the two never disagree).
      ...(post.visibility !== 'public' ? { isAccessibleForFree: false } : {}),
    },
  };
}

export function errorMeta(site: Pick<Site, 'title' | 'description'> | undefined, heading: string): PageMeta {
  return {
    title: site ? `${heading} – ${site.title}` : heading,
    description: site?.description ?? '',
    ogType: 'website',
    noindex: true,
  };
}
