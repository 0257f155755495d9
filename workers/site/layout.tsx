// The frame of every reader page: the head (SEO, feeds, the inline stylesheet, JSON-LD) and the site's header,
// navigation and footer. Hono JSX escapes every text and attribute; the only raw insertions are the doctype, the
// stylesheet (built from constants and a checked colour) and JSON-LD (escaped by jsonLdText).
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Site } from '../../d1/repositories/sites';
import { jsonLdText, type PageMeta } from './seo';
import { stylesheet } from './styles';
import { absoluteUrl, languageOf, paths, safeHref } from './urls';

export interface LayoutProps {
  /** Absent only when the Host names no site: the page then shows nothing of any site. */
  site: Site | undefined;
  origin: string;
  /** The request path, to mark the current navigation entry. */
  path: string;
  meta: PageMeta;
  /** A signed-in member reads the page: the header offers their account instead of signing up. */
  signedIn?: boolean;
  children: Child;
}

/** OpenGraph and Twitter card tags, for pages worth sharing (error pages have no canonical URL and get none). */
function Social({ meta }: { meta: PageMeta }) {
  const twitterImage = meta.twitterImage ?? meta.image;
  return (
    <>
      <meta property="og:type" content={meta.ogType} />
      <meta property="og:title" content={meta.ogTitle ?? meta.title} />
      {meta.description && <meta property="og:description" content={meta.ogDescription ?? meta.description} />}
      <meta property="og:url" content={meta.canonical} />
      {meta.image && <meta property="og:image" content={meta.image} />}
      {meta.image && meta.imageAlt && <meta property="og:image:alt" content={meta.imageAlt} />}
      {meta.article && (
        <>
          <meta property="article:published_time" content={meta.article.publishedTime} />
          <meta property="article:modified_time" content={meta.article.modifiedTime} />
          {meta.article.tags.map((tag) => (
            <meta property="article:tag" content={tag} />
          ))}
        </>
      )}
      <meta name="twitter:card" content={twitterImage ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={meta.twitterTitle ?? meta.ogTitle ?? meta.title} />
      {meta.description && (
        <meta name="twitter:description" content={meta.twitterDescription ?? meta.ogDescription ?? meta.description} />
      )}
      {twitterImage && <meta name="twitter:image" content={twitterImage} />}
      <meta name="twitter:url" content={meta.canonical} />
    </>
  );
}

function Head({ site, origin, meta }: Omit<LayoutProps, 'children' | 'path'>) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{meta.title}</title>
      {meta.description && <meta name="description" content={meta.description} />}
      {meta.canonical && <link rel="canonical" href={meta.canonical} />}
      {meta.prev && <link rel="prev" href={meta.prev} />}
      {meta.next && <link rel="next" href={meta.next} />}
      {meta.noindex && <meta name="robots" content="noindex" />}
      <meta name="color-scheme" content="light dark" />
      <meta name="generator" content="Lede" />
      {site && (
        <>
          <link
            rel="alternate"
            type="application/rss+xml"
            title={`${site.title} (RSS)`}
            href={`${origin}${paths.rss}`}
          />
          <link
            rel="alternate"
            type="application/atom+xml"
            title={`${site.title} (Atom)`}
            href={`${origin}${paths.atom}`}
          />
          <link
            rel="alternate"
            type="application/feed+json"
            title={`${site.title} (JSON Feed)`}
            href={`${origin}${paths.jsonFeed}`}
          />
          <meta property="og:site_name" content={site.title} />
          <meta property="og:locale" content={languageOf(site.locale).replace('-', '_')} />
        </>
      )}
      {meta.canonical && <Social meta={meta} />}
      <style dangerouslySetInnerHTML={{ __html: stylesheet(site?.accentColor) }} />
      {meta.jsonLd && (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(meta.jsonLd) }} />
      )}
    </head>
  );
}

function SiteHeader({
  site,
  origin,
  path,
  signedIn,
}: {
  site: Site;
  origin: string;
  path: string;
  signedIn?: boolean;
}) {
  const logo = safeHref(site.logo);
  const links = site.navigation.flatMap((item) => {
    const href = safeHref(item.url);
    return href && item.label ? [{ label: item.label, href }] : [];
  });
  return (
    <header class="site-header">
      <div class="wrap">
        <a class="site-title" href="/" rel="home">
          {logo ? <img src={absoluteUrl(origin, logo)} alt={site.title} /> : site.title}
        </a>
        {site.description && <p class="site-description">{site.description}</p>}
        {links.length > 0 && (
          <nav class="site-nav" aria-label="Main">
            <ul>
              {links.map((link) => (
                <li>
                  <a href={link.href} aria-current={link.href === path ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <p class="site-members">
          {/* The same address: it shows a signed-in member their account (./members.tsx). */}
          <a href={paths.signUp}>{signedIn ? 'Account' : 'Sign up'}</a>
        </p>
      </div>
    </header>
  );
}

export function Layout({ site, origin, path, meta, signedIn, children }: LayoutProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={site ? languageOf(site.locale) : 'en'}>
        <Head site={site} origin={origin} meta={meta} />
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          {site && <SiteHeader site={site} origin={origin} path={path} signedIn={signedIn} />}
          <main id="main" tabindex={-1}>
            <div class="wrap">{children}</div>
          </main>
          {site && (
            <footer class="site-footer">
              <div class="wrap">
                <p>© {site.title} · Published with Lede</p>
                <nav aria-label="Feeds">
                  <ul>
                    <li>
                      <a href={paths.rss}>RSS</a>
                    </li>
                    <li>
                      <a href={paths.atom}>Atom</a>
                    </li>
                    <li>
                      <a href={paths.jsonFeed}>JSON Feed</a>
                    </li>
                  </ul>
                </nav>
              </div>
            </footer>
          )}
        </body>
      </html>
    </>
  );
}
