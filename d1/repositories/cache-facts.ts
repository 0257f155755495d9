// What a purge needs to know about a post: whether readers can see it, and every archive it is listed in (a category
// archive lists its descendants' posts, so the categories' ancestors count too).
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { postAuthors, posts, postTags } from '../schema';

export interface PostCacheFacts {
  type: 'post' | 'page';
  status: string;
  tagIds: string[];
  authorIds: string[];
  categoryIds: string[];
}

export async function postCacheFacts(
  db: Database,
  siteId: string,
  postId: string,
): Promise<PostCacheFacts | undefined> {
  const [post, tagRows, authorRows] = await db.batch([
    db
      .select({ type: posts.type, status: posts.status })
      .from(posts)
      .where(and(eq(posts.siteId, siteId), eq(posts.id, postId))),
    db.select({ id: postTags.tagId }).from(postTags).where(eq(postTags.postId, postId)),
    db.select({ id: postAuthors.userId }).from(postAuthors).where(eq(postAuthors.postId, postId)),
  ]);
  // A raw statement cannot join drizzle's batch; categories are few, and this runs only for live posts' purges.
  const categoryRows = post[0]
    ? await db.all<{ id: string }>(sql`
        WITH RECURSIVE up(id, parent_id) AS (
          SELECT c.id, c.parent_id FROM categories c
            JOIN post_categories pc ON pc.category_id = c.id
            WHERE pc.post_id = ${postId} AND c.site_id = ${siteId}
          UNION
          SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id
        )
        SELECT id FROM up`)
    : [];
  const row = post[0];
  if (!row) return undefined;
  return {
    type: row.type,
    status: row.status,
    tagIds: tagRows.map((r) => r.id),
    authorIds: authorRows.map((r) => r.id),
    categoryIds: categoryRows.map((r) => r.id),
  };
}
