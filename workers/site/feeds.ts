// RSS 2.0, Atom 1.0 and JSON Feed 1.1 over the same newest posts. A members-only post appears with its excerpt and a
// link, never its body. No value depends on the clock, so an unchanged feed keeps its ETag and readers get 304s.
import type { Site } from '../../d1/repositories/sites';
import type { FeedPost } from './reader';
import { absoluteUrl, languageOf, paths } from './urls';
import { html, xml, XML_DECLARATION } from './xml';

export interface FeedContext {
  site: Site;
  origin: string;
}

const postUrl = (origin: string, post: FeedPost) => `${origin}${paths.post(post.slug)}`;

/** When the feed last changed: its newest edit, or the site's own when nothing is published. */
function lastChange(site: Site, posts: FeedPost[]): Date {
  return posts.reduce((at, p) => (p.updatedAt > at ? p.updatedAt : at), site.updatedAt);
}

/** The HTML a feed carries for a post: the feature image, then the body, or the excerpt and a link when gated. */
function feedBody(origin: string, post: FeedPost): string {
  const image = post.featureImage
    ? `<p><img src="${html(absoluteUrl(origin, post.featureImage))}" alt="${html(post.featureImageAlt ?? '')}"></p>`
    : '';
  if (!post.gated) return image + post.html;
  return (
    `${image}<p>${html(post.excerpt)}</p>` +
    `<p>This post is for members only. <a href="${html(postUrl(origin, post))}">Read it on the site</a>.</p>`
  );
}

export function rssFeed({ site, origin }: FeedContext, posts: FeedPost[]): string {
  const items = posts.map((post) =>
    [
      '<item>',
      `<title>${xml(post.title)}</title>`,
      `<link>${xml(postUrl(origin, post))}</link>`,
      `<guid isPermaLink="false">${xml(post.id)}</guid>`,
      ...post.tags.map((t) => `<category>${xml(t.name)}</category>`),
      ...post.authors.map((a) => `<dc:creator>${xml(a.name)}</dc:creator>`),
      `<pubDate>${post.publishedAt.toUTCString()}</pubDate>`,
      `<description>${xml(post.excerpt)}</description>`,
      `<content:encoded>${xml(feedBody(origin, post))}</content:encoded>`,
      '</item>',
    ].join('\n'),
  );
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xml(site.title)}</title>`,
    `<link>${xml(`${origin}/`)}</link>`,
    `<description>${xml(site.description || site.title)}</description>`,
    `<language>${xml(languageOf(site.locale))}</language>`,
    `<generator>Lede</generator>`,
    `<lastBuildDate>${lastChange(site, posts).toUTCString()}</lastBuildDate>`,
    `<atom:link href="${xml(`${origin}${paths.rss}`)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function atomFeed({ site, origin }: FeedContext, posts: FeedPost[]): string {
  const entries = posts.map((post) =>
    [
      '<entry>',
      // Post ids are UUIDs and never change, unlike URLs, which follow the slug.
      `<id>urn:uuid:${xml(post.id)}</id>`,
      `<title type="text">${xml(post.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(postUrl(origin, post))}"/>`,
      `<published>${post.publishedAt.toISOString()}</published>`,
      `<updated>${post.updatedAt.toISOString()}</updated>`,
      ...post.authors.map(
        (a) => `<author><name>${xml(a.name)}</name><uri>${xml(`${origin}${paths.author(a.slug)}`)}</uri></author>`,
      ),
      ...post.tags.map((t) => `<category term="${xml(t.slug)}" label="${xml(t.name)}"/>`),
      `<summary type="text">${xml(post.excerpt)}</summary>`,
      `<content type="html">${xml(feedBody(origin, post))}</content>`,
      '</entry>',
    ].join('\n'),
  );
  return [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(languageOf(site.locale))}">`,
    `<id>${xml(`${origin}/`)}</id>`,
    `<title type="text">${xml(site.title)}</title>`,
    ...(site.description ? [`<subtitle type="text">${xml(site.description)}</subtitle>`] : []),
    `<link rel="alternate" type="text/html" href="${xml(`${origin}/`)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xml(`${origin}${paths.atom}`)}"/>`,
    `<updated>${lastChange(site, posts).toISOString()}</updated>`,
    // Atom requires an author on the feed unless every entry has one.
    `<author><name>${xml(site.title)}</name></author>`,
    '<generator>Lede</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function jsonFeed({ site, origin }: FeedContext, posts: FeedPost[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    home_page_url: `${origin}/`,
    feed_url: `${origin}${paths.jsonFeed}`,
    ...(site.description ? { description: site.description } : {}),
    language: languageOf(site.locale),
    items: posts.map((post) => ({
      id: post.id,
      url: postUrl(origin, post),
      title: post.title,
      content_html: feedBody(origin, post),
      summary: post.excerpt,
      ...(post.featureImage ? { image: absoluteUrl(origin, post.featureImage) } : {}),
      date_published: post.publishedAt.toISOString(),
      date_modified: post.updatedAt.toISOString(),
      authors: post.authors.map((a) => ({ name: a.name, url: `${origin}${paths.author(a.slug)}` })),
      tags: post.tags.map((t) => t.name),
    })),
  });
}
