// Writing a room's draft back to D1, so the site, the APIs and search see what editors typed. The room stays the
// authority for title and body; D1 holds the latest flushed copy and every flush is a revision.
import type { Database } from '../../d1/db';
import type { NewEventRow } from '../../d1/repositories/events';
import { newId } from '../../d1/ids';
import { applyPostChange, findPost, loadRelations, type NewPostRow } from '../../d1/repositories/posts';
import { revisionFields } from '../../d1/revision-fields';
import type { PostStatus } from '../../d1/schema';
import { libraryImagesIn } from '../../workers/content/inline-images';
import { renderMarkdown } from '../../workers/content/markdown';
import type { RoomContent } from './edits';
import { eventRow } from '../../queues/events/build';
import { changedFields, postChangedEvents, postSnapshot } from '../../queues/events/post-events';

/**
 * Statuses whose post row follows the room on idle. A scheduled or published post's live copy changes only when
 * someone saves or publishes it (as in Ghost, half-typed edits never reach readers); until then the room holds them.
 */
export const FLUSHED_ON_IDLE: readonly PostStatus[] = ['draft', 'review'];

/** The post columns a title and Markdown body imply, rendered as a save through the API renders them. */
export async function contentColumns(db: Database, siteId: string, content: RoomContent): Promise<Partial<NewPostRow>> {
  const rendered = renderMarkdown(content.markdown, await libraryImagesIn(db, siteId, content.markdown));
  return {
    title: content.title,
    markdown: content.markdown,
    html: rendered.html,
    plaintext: rendered.plaintext,
    readingTime: rendered.readingTime,
  };
}

export type FlushOutcome = 'saved' | 'unchanged' | 'held' | 'gone' | 'conflict';

export interface FlushRequest {
  siteId: string;
  postId: string;
  content: RoomContent;
  /** Who typed last: the revision is theirs. */
  editorId: string | null;
  now: Date;
  /** Hands the committed events to the relay; without it they wait for the outbox sweeper. */
  relay?: (rows: NewEventRow[]) => void;
}

/** Saves the room's content as the post's next version when the post is a draft and the content differs. */
export async function flushDraft(db: Database, request: FlushRequest): Promise<FlushOutcome> {
  const { siteId, postId, content, now } = request;
  const post = await findPost(db, siteId, postId);
  if (!post) return 'gone';
  if (post.title === content.title && post.markdown === content.markdown) return 'unchanged';
  if (!FLUSHED_ON_IDLE.includes(post.status)) return 'held';
  const rel = (await loadRelations(db, [postId])).get(postId);
  const ids = {
    authorIds: rel?.authors.map((a) => a.id) ?? [],
    tagIds: rel?.tags.map((t) => t.id) ?? [],
    categoryIds: rel?.categories.map((c) => c.id) ?? [],
  };
  const set = { ...(await contentColumns(db, siteId, content)), updatedAt: now };
  // Its post.updated event (reason "live") is written with the flush, in the same batch.
  const events = postChangedEvents(
    {
      actor: request.editorId ? { type: 'user', id: request.editorId } : { type: 'system', id: 'post-room' },
      correlationId: crypto.randomUUID(),
    },
    postSnapshot(post, ids),
    postSnapshot({ ...post, ...set, version: post.version + 1 }, ids),
    { changed: changedFields(post, set), reason: 'live' },
    now,
  ).map(eventRow);
  const applied = await applyPostChange(db, {
    siteId,
    id: postId,
    fromVersion: post.version,
    set,
    events,
    revision: {
      id: newId(),
      title: content.title,
      markdown: content.markdown,
      fields: revisionFields({ ...post, ...set }, ids),
      status: post.status,
      reason: 'live',
      authorId: request.editorId,
      createdAt: now,
    },
  });
  // Someone saved through the API in between: the caller tries again on the next round.
  if (!applied) return 'conflict';
  request.relay?.(events);
  return 'saved';
}
