// Reading tags and authors for the Content API, with Ghost's defaults: tags browse shows public tags unless the
// filter names a visibility; authors are the people who have published on the site.
import type { Database } from '../../d1/db';
import {
  type Counted,
  findContentAuthor,
  findContentTag,
  listContentAuthors,
  listContentTags,
  type Lookup,
  type PublicAuthor,
  type PublicTag,
} from '../../d1/repositories/content-api-taxonomy';
import { notFound } from '../http/problem';
import { mentionsField, type PageWindow, parseFilter, splitList, withQueryProblems } from './query';

export interface TaxonomyQuery {
  filter?: string;
  order?: string;
  include?: string;
}

const withCounts = (include: string | undefined) => splitList(include).includes('count.posts');

export async function browseTags(
  db: Database,
  siteId: string,
  now: Date,
  query: TaxonomyQuery,
  window: PageWindow,
): Promise<{ rows: Counted<PublicTag>[]; total: number }> {
  const nql = await parseFilter(query.filter);
  return withQueryProblems(() =>
    listContentTags(db, siteId, now, {
      nql,
      publicOnly: !mentionsField(nql, 'visibility'),
      order: query.order,
      defaultOrder: 'name asc',
      limit: window.limit,
      offset: window.offset,
      withCounts: withCounts(query.include),
    }),
  );
}

export async function readTag(
  db: Database,
  siteId: string,
  now: Date,
  by: Lookup,
  include: string | undefined,
): Promise<Counted<PublicTag>> {
  const tag = await findContentTag(db, siteId, now, by, withCounts(include));
  if (!tag) throw notFound('Tag');
  return tag;
}

export async function browseAuthors(
  db: Database,
  siteId: string,
  now: Date,
  query: TaxonomyQuery,
  window: PageWindow,
): Promise<{ rows: Counted<PublicAuthor>[]; total: number }> {
  const nql = await parseFilter(query.filter);
  return withQueryProblems(() =>
    listContentAuthors(db, siteId, now, {
      nql,
      order: query.order,
      defaultOrder: 'name asc',
      limit: window.limit,
      offset: window.offset,
      withCounts: withCounts(query.include),
    }),
  );
}

export async function readAuthor(
  db: Database,
  siteId: string,
  now: Date,
  by: Lookup,
  include: string | undefined,
): Promise<Counted<PublicAuthor>> {
  const author = await findContentAuthor(db, siteId, now, by, withCounts(include));
  if (!author) throw notFound('Author');
  return author;
}
