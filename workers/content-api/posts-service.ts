// Reading live posts and pages for the Content API: one page of rows, then the relations asked for, loaded for the
// whole page at once (never one query per post).
import type { Database } from '../../d1/db';
import {
  findLivePost,
  type LiveScope,
  listLivePosts,
  loadLiveRelations,
} from '../../d1/repositories/content-api-posts';
import type { Lookup } from '../../d1/repositories/content-api-taxonomy';
import { notFound } from '../http/problem';
import { type PageWindow, parseFilter, withQueryProblems } from './query';
import { type LivePost, type PostView, wantsFormat } from './serialize';

async function withRelations(db: Database, rows: LivePost[], view: PostView): Promise<LivePost[]> {
  if (rows.length === 0 || (!view.tags && !view.authors)) return rows;
  const relations = await loadLiveRelations(
    db,
    rows.map((r) => r.id),
    { tags: view.tags, authors: view.authors },
  );
  return rows.map((row) => ({ ...row, ...relations.get(row.id) }));
}

const bodyColumns = (view: PostView) => ({
  html: wantsFormat(view, 'html'),
  plaintext: wantsFormat(view, 'plaintext'),
});

export async function browseLivePosts(
  db: Database,
  scope: LiveScope,
  view: PostView,
  query: { filter?: string; order?: string },
  window: PageWindow,
): Promise<{ posts: LivePost[]; total: number }> {
  const nql = await parseFilter(query.filter);
  const { rows, total } = await withQueryProblems(() =>
    listLivePosts(db, scope, {
      nql,
      order: query.order,
      defaultOrder: 'published_at desc',
      limit: window.limit,
      offset: window.offset,
      body: bodyColumns(view),
    }),
  );
  return { posts: await withRelations(db, rows, view), total };
}

/** One live post or page; anything else (draft, scheduled, other type, other site) is the same 404. */
export async function readLivePost(db: Database, scope: LiveScope, view: PostView, by: Lookup): Promise<LivePost> {
  const row = await findLivePost(db, scope, by, bodyColumns(view));
  if (!row) throw notFound(scope.type === 'post' ? 'Post' : 'Page');
  const [post] = await withRelations(db, [row], view);
  return post!;
}
