// Listing posts for staff: contributors see only their own; filters and ordering are whitelisted by the repository.
import { FilterError, type PostFilter } from '../../d1/repositories/post-queries';
import { listPosts, withRelations } from '../../d1/repositories/posts';
import { findCategoryBySlug } from '../../d1/repositories/taxonomy';
import type { Database } from '../../d1/db';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { allows, authorize } from '../identity/policy';
import type { ListPostsInput } from './post-input';
import type { PostType } from './posts-service';

export async function browsePosts(db: Database, actor: Actor, type: PostType, query: ListPostsInput) {
  // Every role may list at least its own posts; an integration key without a posts scope may not list any.
  authorize(actor, 'post:browse', true);
  const page = query.page ?? 1;
  const limit = query.limit ?? 15;
  const filter: PostFilter = {
    type,
    ...(query.status ? { statuses: [query.status] } : {}),
    ...(allows(actor, 'post:browse') ? {} : { authoredBy: actor.userId }),
    ...(query.tag ? { tagSlug: query.tag } : {}),
    ...(query.author ? { authorSlug: query.author } : {}),
    ...(query.featured ? { featured: query.featured === 'true' } : {}),
    ...(query.q ? { titleContains: query.q } : {}),
  };
  if (query.category) {
    const category = await findCategoryBySlug(db, actor.siteId, query.category);
    filter.category = category ? { siteId: actor.siteId, id: category.id } : null;
  }
  try {
    const { rows, total } = await listPosts(db, actor.siteId, {
      filter,
      order: query.order,
      defaultOrder: 'updated_at desc',
      limit,
      offset: (page - 1) * limit,
    });
    return { posts: await withRelations(db, rows), page, limit, total };
  } catch (error) {
    if (error instanceof FilterError) throw new Problem(400, 'INVALID_FILTER', error.message);
    throw error;
  }
}
