// The published site: Ghost's URL scheme, server-rendered, no script. Mounted last, it answers every path the APIs
// do not. Every response but the member pages (./members.tsx, never cached) is publicly cacheable with a strong ETag,
// and every miss is a styled HTML 404.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Site } from '../../d1/repositories/sites';
import { type AppEnv, createApp } from '../app';
import { handleError } from '../http/errors';
import { notFound } from '../http/problem';
import { REVALIDATE_CACHE_CONTROL, publicCache } from '../http/public-cache';
import { cacheTag } from '../../queues/cache/tags';
import { tagResponse } from '../cache/edge-cache';
import { shownTags } from './cache-tags';
import { resolveReaderSite } from '../middleware/site';
import { type ArchiveKind, authorArchive, categoryArchive, tagArchive } from './archives';
import { atomFeed, jsonFeed, rssFeed } from './feeds';
import { ErrorPage, ListPage, type PageContext, PostPage } from './pages';
import { type ArchivePage, loadHomePage, loadFeed, loadPost, loadSitemap } from './reader';
import { archiveMeta, homeMeta, postMeta } from './seo';
import { paths } from './urls';
import { robotsTxt, sitemapXml } from './xml';
import { memberPages } from './members';
import { audienceOf, resolveReaderMember } from './reader-member';

// Nothing on a reader page runs script or loads from elsewhere but images and media. JSON-LD is a data block, which
// `script-src` does not govern, so if the sanitizer ever let something through it still could not execute.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src http: https: data:; media-src http: https:; style-src 'unsafe-inline'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** Ghost's canonical form: a path without a trailing slash (and without a file extension) 301s to the one with. */
const trailingSlash = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const isFile = /\.[^/]*$/.test(url.pathname);
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !url.pathname.endsWith('/') && !isFile) {
    url.pathname += '/';
    // Absolute, so a path such as "//evil.example" can never turn into a protocol-relative redirect.
    return c.redirect(url.href, 301);
  }
  await next();
});

const PageNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/)
  .transform(Number);
const Slug = z.string().min(1).max(191);

/** Route params are checked like any input; a malformed one names no page, so it is a 404 rather than a 400. */
function paramOf<T>(schema: z.ZodType<T, string>, value: string | undefined): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw notFound('Page');
  return parsed.data;
}

function contextOf(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url);
  return { site: c.var.site, origin: url.origin, path: url.pathname, signedIn: c.var.member !== undefined };
}

export const siteApp = createApp();

siteApp.use('*', publicCache);
siteApp.use('*', async (c, next) => {
  await next();
  c.header('content-security-policy', CONTENT_SECURITY_POLICY);
});
siteApp.use('*', resolveReaderSite);
// A signed-in member reads members-only posts and gets the members' copy of each page from the edge cache.
siteApp.use('*', resolveReaderMember);
siteApp.use('*', trailingSlash);

siteApp.onError((error, c) => {
  // c.var.site is unset when the Host named no site; the page then shows nothing of any site.
  const site: Site | undefined = c.var.site;
  const url = new URL(c.req.url);
  // handleError logs anything unexpected with the request id; a reader gets a page instead of its problem+json.
  const missing = handleError(error, c).status === 404;
  const page = (
    <ErrorPage
      site={site}
      origin={url.origin}
      path={url.pathname}
      status={missing ? 404 : 500}
      signedIn={c.var.member !== undefined}
    />
  );
  return missing ? c.html(page, 404) : c.html(page, 500, { 'cache-control': 'no-store' });
});

// Sign-up, sign-in by emailed link and sign-out for readers; never cached (./members.tsx).
siteApp.route('/members', memberPages);

siteApp.get('/robots.txt', (c) => c.text(robotsTxt(contextOf(c).origin)));

siteApp.get('/sitemap.xml', async (c) => {
  const entries = await loadSitemap(c.var.db, c.var.site.id, new Date());
  tagResponse(c, [cacheTag.sitemap(c.var.site.id)]);
  return c.body(sitemapXml(contextOf(c).origin, entries), 200, { 'content-type': 'application/xml; charset=utf-8' });
});

for (const [path, type, render] of [
  ['/rss', 'application/rss+xml', rssFeed],
  ['/atom.xml', 'application/atom+xml', atomFeed],
  ['/feed.json', 'application/feed+json', jsonFeed],
] as const) {
  siteApp.get(path, async (c) => {
    const posts = await loadFeed(c.var.db, c.var.site.id, new Date());
    tagResponse(c, [cacheTag.feeds(c.var.site.id), ...shownTags(c.var.site.id, posts)]);
    return c.body(render(contextOf(c), posts), 200, { 'content-type': `${type}; charset=utf-8` });
  });
}

/** The page number of a paginated route; "/page/1/" is the archive itself, so it answers with a redirect. */
function pageOf(c: Context<AppEnv>, firstPage: string): number | Response {
  const n = c.req.param('n');
  if (n === undefined) return 1;
  if (n === '1') return c.redirect(`${new URL(c.req.url).origin}${firstPage}`, 301);
  return paramOf(PageNumber, n);
}

for (const path of ['/', '/page/:n']) {
  siteApp.get(path, async (c) => {
    const ctx = contextOf(c);
    const page = pageOf(c, paths.home());
    if (page instanceof Response) return page;
    const archive = await loadHomePage(c.var.db, ctx.site.id, new Date(), page);
    if (!archive) throw notFound('Page');
    tagResponse(c, [cacheTag.home(ctx.site.id), ...shownTags(ctx.site.id, archive.posts)]);
    const heading = page > 1 ? `${ctx.site.title}, page ${page}` : ctx.site.title;
    const meta = homeMeta(ctx.site, ctx.origin, archive);
    const header = <h1 class="sr-only">{heading}</h1>;
    return c.html(<ListPage ctx={ctx} meta={meta} archive={archive} url={paths.home} header={header} />);
  });
}

function archiveRoutes<T extends ArchivePage>(kind: ArchiveKind<T>) {
  for (const path of [`${kind.prefix}/:slug`, `${kind.prefix}/:slug/page/:n`]) {
    siteApp.get(path, async (c) => {
      const ctx = contextOf(c);
      const slug = paramOf(Slug, c.req.param('slug'));
      const page = pageOf(c, kind.pathOf(slug));
      if (page instanceof Response) return page;
      const found = await kind.load(c.var.db, ctx.site.id, new Date(), slug, page);
      if (!found) throw notFound('Page');
      const { kind: termKind, id } = kind.subject(found);
      tagResponse(c, [
        cacheTag.archive(ctx.site.id, termKind, id),
        cacheTag.term(ctx.site.id, termKind, id),
        ...shownTags(ctx.site.id, found.posts),
      ]);
      const { header, ...subject } = kind.describe(found);
      const url = (n: number) => kind.pathOf(slug, n);
      const meta = archiveMeta(ctx.site, ctx.origin, found, { ...subject, url });
      return c.html(<ListPage ctx={ctx} meta={meta} archive={found} url={url} header={header} />);
    });
  }
}
archiveRoutes(tagArchive);
archiveRoutes(categoryArchive);
archiveRoutes(authorArchive);

siteApp.get('/:slug', async (c) => {
  const ctx = contextOf(c);
  const slug = paramOf(Slug, c.req.param('slug'));
  const found = await loadPost(c.var.db, ctx.site.id, slug, new Date(), audienceOf(c));
  if (!found) throw notFound('Post');
  if (found.kind === 'moved') {
    // Where an old slug points changes with the post's next edit, and this answer names no post id to purge by.
    c.header('cache-control', REVALIDATE_CACHE_CONTROL);
    return c.redirect(`${ctx.origin}${paths.post(found.slug)}`, 301);
  }
  tagResponse(c, shownTags(ctx.site.id, [found.post]));
  return c.html(<PostPage ctx={ctx} meta={postMeta(ctx.site, ctx.origin, found.post)} post={found.post} />);
});

siteApp.all('*', () => {
  throw notFound('Page');
});
