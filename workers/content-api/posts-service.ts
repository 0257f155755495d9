// Reading live posts and pages for the Content API: one page of rows with the relations asked for in the same
// statement (d1/repositories/content-api-posts.ts), never one query per post.
import type { Database } from '../../d1/db';
import { findLivePost, type LivePost, type LiveScope, listLivePosts } from '../../d1/repositories/content-api-posts';
import type { Lookup } from '../../d1/repositories/content-api-taxonomy';
import { notFound } from '../http/problem';
import { type PageWindow, parseFilter, withQueryProblems } from './query';
import { type PostView, wantsFormat } from './serialize';

const bodyColumns = (view: PostView) => ({
  html: wantsFormat(view, 'html'),
  plaintext: wantsFormat(view, 'plaintext'),
});

const relationColumns = (view: PostView) => ({ tags: view.tags, authors: view.authors });

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
      include: relationColumns(view),
    }),
  );
  return { posts: rows, total };
}

/** One live post or page; anything else (draft, scheduled, other type, other site) is the same 404. */
export async function readLivePost(db: Database, scope: LiveScope, view: PostView, by: Lookup): Promise<LivePost> {
  const post = await findLivePost(db, scope, by, bodyColumns(view), relationColumns(view));
  if (!post) throw notFound(scope.type === 'post' ? 'Post' : 'Page');
  return post;
}
