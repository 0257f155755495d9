// The Cache-Tags of reader pages: every post a page shows, and every tag, author and category whose name it prints.
import { cacheTag } from '../../queues/cache/tags';
import type { ReaderSummary } from './reader';

type Shown = Pick<ReaderSummary, 'id' | 'tags' | 'authors' | 'categories'>;

export function shownTags(siteId: string, posts: readonly Shown[]): string[] {
  return posts.flatMap((post) => [
    cacheTag.post(siteId, post.id),
    ...post.tags.map((t) => cacheTag.term(siteId, 'tag', t.id)),
    ...post.authors.map((a) => cacheTag.term(siteId, 'author', a.id)),
    ...post.categories.map((c) => cacheTag.term(siteId, 'category', c.id)),
  ]);
}
