// The reader pages: home and archives (lists of post cards), a post or page, and the error page.
import type { Child } from 'hono/jsx';
import type { Site } from '../../d1/repositories/sites';
import { articleImageSizes } from '../media/library';
import { Layout } from './layout';
import type { ArchivePage, ReaderAuthor, ReaderPost, ReaderSummary, ReaderTerm } from './reader';
import { errorMeta, type PageMeta } from './seo';
import { absoluteUrl, formatDate, paths, safeHref } from './urls';

export interface PageContext {
  site: Site;
  origin: string;
  path: string;
  /** A signed-in member reads the page (./reader-member.ts). */
  signedIn?: boolean;
}

function Authors({ authors }: { authors: ReaderAuthor[] }) {
  return (
    <>
      {authors.map((author, i) => (
        <>
          {i > 0 && (i === authors.length - 1 ? ' and ' : ', ')}
          <a href={paths.author(author.slug)} rel="author">
            {author.name}
          </a>
        </>
      ))}
    </>
  );
}

function Byline({ post, site }: { post: ReaderSummary; site: Site }) {
  return (
    <p class="meta">
      {post.authors.length > 0 && (
        <>
          By <Authors authors={post.authors} /> ·{' '}
        </>
      )}
      <time datetime={post.publishedAt.toISOString()}>{formatDate(post.publishedAt, site.locale, site.timezone)}</time>
      {post.readingTime > 0 && <> · {post.readingTime} min read</>}
    </p>
  );
}

function PostCard({ post, site }: { post: ReaderSummary; site: Site }) {
  return (
    <article class="post-card">
      {post.featured && <span class="label">Featured</span>}
      <h2>
        <a href={paths.post(post.slug)}>{post.title}</a>
      </h2>
      <Byline post={post} site={site} />
      {post.excerpt && <p>{post.excerpt}</p>}
      {post.gated && <p class="label">Members only</p>}
    </article>
  );
}

function Pagination({ archive, url }: { archive: ArchivePage; url: (page: number) => string }) {
  const { page, pages } = archive;
  return (
    <nav class="pagination" aria-label="Pagination">
      {page > 1 ? (
        <a href={url(page - 1)} rel="prev">
          ← Newer posts
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={url(page + 1)} rel="next">
          Older posts →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** The home page and every archive: a heading, the cards of one page, and the way to the others. */
export function ListPage(props: {
  ctx: PageContext;
  meta: PageMeta;
  archive: ArchivePage;
  url: (page: number) => string;
  header: Child;
}) {
  const { ctx, archive } = props;
  return (
    <Layout {...ctx} meta={props.meta}>
      {props.header}
      {archive.posts.length === 0 ? (
        <p>Nothing has been published yet.</p>
      ) : (
        <div class="post-list">
          {archive.posts.map((post) => (
            <PostCard post={post} site={ctx.site} />
          ))}
        </div>
      )}
      {archive.pages > 1 && <Pagination archive={archive} url={props.url} />}
    </Layout>
  );
}

export function ArchiveHeader(props: {
  kind: string;
  name: string;
  description: string | null;
  total: number;
  page: number;
  image?: string | null;
  links?: Child;
}) {
  const image = safeHref(props.image);
  return (
    <header class="archive-header">
      {image && <img src={image} alt="" width="80" height="80" />}
      <p class="label">{props.kind}</p>
      <h1>
        {props.name}
        {props.page > 1 && <span class="sr-only"> (page {props.page})</span>}
      </h1>
      {props.description && <p class="lede">{props.description}</p>}
      <p class="meta">
        {props.total} {props.total === 1 ? 'post' : 'posts'}
        {props.links}
      </p>
    </header>
  );
}

function Terms({ label, terms, url }: { label: string; terms: ReaderTerm[]; url: (slug: string) => string }) {
  if (terms.length === 0) return null;
  const id = `terms-${label.toLowerCase()}`;
  return (
    <>
      <h2 id={id}>{label}</h2>
      <ul class="terms" aria-labelledby={id}>
        {terms.map((term) => (
          <li>
            <a href={url(term.slug)}>{term.name}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** In place of a body the reader may not read: how to get it, as far as the site can offer that today. */
function MembersNotice({ post, ctx }: { post: ReaderPost; ctx: PageContext }) {
  const paid = post.visibility === 'paid';
  return (
    <section class="notice" aria-labelledby="members-only">
      <h2 id="members-only">This post is for {paid ? 'paying subscribers' : 'members'} only</h2>
      {paid ? (
        // Paid tiers come with billing; until then no membership includes these posts.
        <p>Paid subscriptions to {ctx.site.title} are not open yet. Please check back soon.</p>
      ) : (
        // One form both signs up and signs in: it emails a link either way.
        <p>
          <a href={paths.signUp}>Sign up for free</a> to read it. Already a member? The same form emails you a link to
          sign in.
        </p>
      )}
    </section>
  );
}

export function PostPage({ ctx, meta, post }: { ctx: PageContext; meta: PageMeta; post: ReaderPost }) {
  const isPost = post.type === 'post';
  const [primaryTag] = post.tags;
  const lede = post.customExcerpt?.trim() || (post.gated ? post.excerpt : '');
  return (
    <Layout {...ctx} meta={meta}>
      <article class="post">
        <header class="post-header">
          {isPost && primaryTag && (
            <a class="label" href={paths.tag(primaryTag.slug)}>
              {primaryTag.name}
            </a>
          )}
          <h1>{post.title}</h1>
          {lede && <p class="lede">{lede}</p>}
          {isPost && <Byline post={post} site={ctx.site} />}
        </header>
        {post.featureImage && (
          <figure>
            {post.featureImageSizes ? (
              // A library image: the browser picks a WebP variant for its width, and the box is reserved up front.
              <img
                src={absoluteUrl(ctx.origin, post.featureImage)}
                srcset={post.featureImageSizes.srcset}
                sizes={articleImageSizes(post.featureImageSizes.width)}
                width={post.featureImageSizes.width}
                height={post.featureImageSizes.height}
                alt={post.featureImageAlt ?? ''}
              />
            ) : (
              <img src={absoluteUrl(ctx.origin, post.featureImage)} alt={post.featureImageAlt ?? ''} />
            )}
            {post.featureImageCaption && <figcaption>{post.featureImageCaption}</figcaption>}
          </figure>
        )}
        {post.gated ? (
          <MembersNotice post={post} ctx={ctx} />
        ) : (
          // Sanitized when the post was saved (workers/content/markdown.ts); never rendered from anything else.
          <div class="content" dangerouslySetInnerHTML={{ __html: post.html }} />
        )}
        {isPost && post.tags.length + post.categories.length > 0 && (
          <footer class="post-footer">
            <Terms label="Tags" terms={post.tags} url={(slug) => paths.tag(slug)} />
            <Terms label="Categories" terms={post.categories} url={(slug) => paths.category(slug)} />
          </footer>
        )}
      </article>
    </Layout>
  );
}

/** A 404 or 500 page. Without a site (an unknown host) it shows nothing of any site. */
export function ErrorPage(props: {
  site: Site | undefined;
  origin: string;
  path: string;
  status: number;
  signedIn?: boolean;
}) {
  const { status, ...page } = props;
  const missing = status === 404;
  const heading = missing ? 'Page not found' : 'Something went wrong';
  return (
    <Layout {...page} meta={errorMeta(page.site, heading)}>
      <h1>{heading}</h1>
      <p>
        {missing
          ? 'There is nothing at this address. It may have moved, or it may never have existed.'
          : 'The page could not be shown. Please try again in a moment.'}
      </p>
      {props.site && (
        <p>
          <a href="/">Go to the front page</a>
        </p>
      )}
    </Layout>
  );
}
