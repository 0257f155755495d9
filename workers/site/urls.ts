// Reader-facing URLs in Ghost's scheme: trailing slashes are canonical, and slugs are percent-encoded because they
// may be written in any script ("hello-世界").
const seg = encodeURIComponent;

const paged = (base: string, page = 1) => (page > 1 ? `${base}page/${page}/` : base);

export const paths = {
  home: (page = 1) => paged('/', page),
  post: (slug: string) => `/${seg(slug)}/`,
  tag: (slug: string, page = 1) => paged(`/tag/${seg(slug)}/`, page),
  category: (slug: string, page = 1) => paged(`/category/${seg(slug)}/`, page),
  author: (slug: string, page = 1) => paged(`/author/${seg(slug)}/`, page),
  rss: '/rss/',
  atom: '/atom.xml',
  jsonFeed: '/feed.json',
  sitemap: '/sitemap.xml',
  // Members (workers/site/members.tsx).
  signUp: '/members/signup/',
  signIn: '/members/sign-in/',
  signInCode: '/members/sign-in/code/',
  signOut: '/members/sign-out/',
};

/** Makes a site path absolute; URLs saved with posts are either http(s) or a "/path" (checked on save). */
export function absoluteUrl(origin: string, url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? `${origin}${url}` : url;
}

/**
 * A link target that is safe to render from data no schema checked on its way in (the site's navigation, an
 * author's website): http(s), mailto, or a site path. javascript:, data: and protocol-relative URLs are dropped.
 */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (trimmed.startsWith('/')) return trimmed.startsWith('//') || trimmed.startsWith('/\\') ? undefined : trimmed;
  try {
    const parsed = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A reader-friendly date in the site's language and time zone; bad settings fall back rather than fail the page. */
export function formatDate(date: Date, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    }
    formats.set(key, format);
  }
  return format.format(date);
}

/** The html lang attribute: the site's locale when it is a valid language tag. */
export function languageOf(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
