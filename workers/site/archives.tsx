// Tag, category and author archives: the same route shape (/kind/:slug/ and /kind/:slug/page/:n/), each with its own
// lookup and header. A category lists its descendants' posts too.
import type { Child } from 'hono/jsx';
import type { Database } from '../../d1/db';
import type { TermKind } from '../../queues/cache/tags';
import { ArchiveHeader } from './pages';
import { type ArchivePage, loadAuthorArchive, loadCategoryArchive, loadTagArchive, type ReaderAuthor } from './reader';
import { socialLinkList } from '../lib/social';
import { paths, safeHref } from './urls';

export interface ArchiveKind<T extends ArchivePage> {
  prefix: string;
  pathOf: (slug: string, page?: number) => string;
  load: (db: Database, siteId: string, now: Date, slug: string, page: number) => Promise<T | undefined>;
  /** Whose archive it is, for its Cache-Tags. */
  subject: (found: T) => { kind: TermKind; id: string };
  /** What the page is about, for its head and its header. */
  describe: (found: T) => {
    name: string;
    description: string | null;
    author?: ReaderAuthor;
    header: Child;
  };
}

function define<T extends ArchivePage>(kind: ArchiveKind<T>): ArchiveKind<T> {
  return kind;
}

export const tagArchive = define({
  prefix: '/tag',
  pathOf: paths.tag,
  load: loadTagArchive,
  subject: ({ tag }) => ({ kind: 'tag', id: tag.id }),
  describe: ({ tag, total, page }) => ({
    name: tag.metaTitle || tag.name,
    description: tag.metaDescription || tag.description,
    header: <ArchiveHeader kind="Tag" name={tag.name} description={tag.description} total={total} page={page} />,
  }),
});

export const categoryArchive = define({
  prefix: '/category',
  pathOf: paths.category,
  load: loadCategoryArchive,
  subject: ({ category }) => ({ kind: 'category', id: category.id }),
  describe: ({ category, total, page }) => ({
    name: category.name,
    description: category.description,
    header: (
      <ArchiveHeader
        kind="Category"
        name={category.name}
        description={category.description}
        total={total}
        page={page}
      />
    ),
  }),
});

export const authorArchive = define({
  prefix: '/author',
  pathOf: paths.author,
  load: loadAuthorArchive,
  subject: ({ author }) => ({ kind: 'author', id: author.id }),
  describe: ({ author, total, page }) => {
    const website = safeHref(author.website);
    const links = (
      <>
        {author.location && <> · {author.location}</>}
        {website && (
          <>
            {' · '}
            <a href={website} rel="me nofollow">
              Website
            </a>
          </>
        )}
        {socialLinkList(author.socialLinks).map((link) => (
          <>
            {' · '}
            <a href={link.href} rel="me nofollow">
              {link.label}
            </a>
          </>
        ))}
      </>
    );
    return {
      name: author.name,
      description: author.bio,
      author,
      header: (
        <ArchiveHeader
          kind="Author"
          name={author.name}
          description={author.bio}
          image={author.profileImage}
          links={links}
          total={total}
          page={page}
        />
      ),
    };
  },
});
