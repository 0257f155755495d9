import { type SQL, sql } from 'drizzle-orm';
import { postCategories, posts } from '../schema';

/**
 * Posts filed under a category (by id, or by slug so a statement can name it before it is read) or any of its
 * descendants. The subtree is walked inside the statement: binding its ids could pass D1's 100-parameter cap. UNION
 * (not UNION ALL) ends the walk even if parent_ids ever formed a cycle.
 */
export function inCategoryTree(siteId: string, root: { id: string } | { slug: string }): SQL {
  const start = 'id' in root ? sql`id = ${root.id}` : sql`slug = ${root.slug}`;
  return sql`${posts.id} IN (
    SELECT ${postCategories.postId} FROM ${postCategories} WHERE ${postCategories.categoryId} IN (
      WITH RECURSIVE subtree(id) AS (
        SELECT id FROM categories WHERE ${start} AND site_id = ${siteId}
        UNION
        SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id WHERE c.site_id = ${siteId}
      )
      SELECT id FROM subtree))`;
}
