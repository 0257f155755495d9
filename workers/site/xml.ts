// XML text for the feeds and the sitemap, plus robots.txt. Feed readers are strict parsers: one unescaped "&" or
// one control character from a pasted title makes the whole feed unreadable, so every value passes through xml().
import type { SitemapEntry } from './reader';
import { paths } from './urls';

// Characters XML 1.0 does not allow at all, not even escaped: C0 controls other than tab, LF and CR, lone
// surrogates, and U+FFFE/U+FFFF.
const ILLEGAL_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML element content and attribute values, dropping characters XML cannot carry. */
export function xml(value: string): string {
  return value.replace(ILLEGAL_IN_XML, '').replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Escapes text for HTML that a feed carries as escaped markup (the same five characters). */
export const html = xml;

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function sitemapXml(origin: string, entries: SitemapEntry[]): string {
  const urls = entries.map(
    (e) =>
      `<url><loc>${xml(`${origin}${e.path}`)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  );
  return `${XML_DECLARATION}\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** Crawlers may read everything but the APIs, and learn where the sitemap is. */
export function robotsTxt(origin: string): string {
  return `User-agent: *\nDisallow: /api/\n\nSitemap: ${origin}${paths.sitemap}\n`;
}
