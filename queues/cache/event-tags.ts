// Which cached responses a domain event makes stale, as Cache-Tags (queues/cache/tags.ts). A post that readers could
// not see before and cannot see now changes nothing cached, so draft edits purge nothing.
import type { Database } from '../../d1/db';
import { postCacheFacts } from '../../d1/repositories/cache-facts';
import type { DomainEvent } from '../events/catalog';
import { cacheTag, type TermKind } from './tags';

/** Fields whose change can move a post in or out of a list, or change how a list shows it. */
const LISTED_FIELDS = new Set([
  'slug',
  'title',
  'type',
  'status',
  'custom_excerpt',
  'plaintext',
  'markdown',
  'feature_image',
  'feature_image_alt',
  'featured',
  'visibility',
  'published_at',
  'tags',
  'authors',
  'categories',
]);

interface Listing {
  type: 'post' | 'page';
  tagIds: readonly string[];
  authorIds: readonly string[];
  categoryIds: readonly string[];
}

/** Everything a post appears in besides its own page: its archives, the home pages, feeds, sitemap, API lists. */
function listingTags(siteId: string, postId: string, listing: Listing): string[] {
  const tags = [cacheTag.post(siteId, postId), cacheTag.sitemap(siteId)];
  if (listing.type === 'page') return [...tags, cacheTag.api(siteId, 'pages')];
  const archives = (kind: TermKind, ids: readonly string[]) => ids.map((id) => cacheTag.archive(siteId, kind, id));
  return [
    ...tags,
    cacheTag.api(siteId, 'posts'),
    cacheTag.home(siteId),
    cacheTag.feeds(siteId),
    // Tag and author lists of the Content API carry post counts.
    cacheTag.api(siteId, 'tags'),
    cacheTag.api(siteId, 'authors'),
    ...archives('tag', listing.tagIds),
    ...archives('author', listing.authorIds),
    ...archives('category', listing.categoryIds),
  ];
}

const wasOrIsLive = (...statuses: (string | undefined)[]) => statuses.includes('published');

export async function tagsForEvent(db: Database, event: DomainEvent): Promise<string[]> {
  const siteId = event.site_id;
  const postId = event.aggregate.id;
  switch (event.type) {
    case 'post.status_changed':
    case 'post.published':
    case 'post.unpublished': {
      const from = event.type === 'post.status_changed' ? event.payload.from : undefined;
      const to = event.type === 'post.status_changed' ? event.payload.to : undefined;
      if (event.type === 'post.status_changed' && !wasOrIsLive(from, to)) return [];
      const facts = await postCacheFacts(db, siteId, postId);
      return listingTags(siteId, postId, {
        type: event.payload.post_type,
        // The payload's ids are the post's at the change; the current ones cover later edits.
        tagIds: union('tag_ids' in event.payload ? event.payload.tag_ids : [], facts?.tagIds),
        authorIds: union(event.payload.author_ids, facts?.authorIds),
        categoryIds: facts?.categoryIds ?? [],
      });
    }
    case 'post.deleted':
      if (event.payload.status !== 'published') return [];
      // The post and its category links are gone; the pages that showed it carry its tag, and category archives
      // lose one entry each, so the site's lists are purged through the post's own tag and the common lists.
      return listingTags(siteId, postId, {
        type: event.payload.post_type,
        tagIds: event.payload.tag_ids ?? [],
        authorIds: event.payload.author_ids,
        categoryIds: [],
      });
    case 'post.updated':
    case 'revision.restored': {
      const facts = await postCacheFacts(db, siteId, postId);
      if (!facts || facts.status !== 'published') return [];
      const changed = event.type === 'post.updated' ? event.payload.changed : ['markdown'];
      if (!changed.some((field) => LISTED_FIELDS.has(field))) return [cacheTag.post(siteId, postId)];
      return listingTags(siteId, postId, facts);
    }
    case 'site.changed':
      return [cacheTag.site(siteId)];
    case 'term.changed': {
      const kind = event.payload.kind;
      const id = event.aggregate.id;
      const resource = kind === 'author' ? 'authors' : 'tags';
      // The sitemap lists every tag, author and category archive by slug.
      const archive = cacheTag.archive(siteId, kind, id);
      return [cacheTag.term(siteId, kind, id), archive, cacheTag.api(siteId, resource), cacheTag.sitemap(siteId)];
    }
    default:
      return [];
  }
}

function union(a: readonly string[], b: readonly string[] | undefined): string[] {
  return [...new Set([...a, ...(b ?? [])])];
}
