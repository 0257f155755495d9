// Writing a room's draft back to D1, so the site, the APIs and search see what editors typed. The room stays the
// authority for title and body; D1 holds the latest flushed copy and every flush is a revision.
import type { Database } from '../../d1/db';
import type { NewEventRow } from '../../d1/repositories/events';
import { newId } from '../../d1/ids';
import { applyPostChange, findPost, loadRelations, type NewPostRow } from '../../d1/repositories/posts';
import { findStaffMember } from '../../d1/repositories/users';
import { revisionFields } from '../../d1/revision-fields';
import type { PostStatus } from '../../d1/schema';
import { libraryImagesIn } from '../../workers/content/inline-images';
import { renderMarkdown } from '../../workers/content/markdown';
import { type FieldProblem, resolveRoomFields } from '../../workers/content/room-fields';
import type { RoomContent } from './edits';
import type { PanelFields, PanelKey } from './panel-layout';
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

/** What a flush did; `problems` lists panel fields it left out, `normalized` what to write back into the room. */
export interface FlushResult {
  outcome: FlushOutcome;
  problems: FieldProblem[];
  normalized: Partial<PanelFields>;
}

export interface FlushRequest {
  siteId: string;
  postId: string;
  content: RoomContent;
  /** The side-panel fields the room's map holds (panel-layout.ts readPanel), unvalidated. */
  fields?: Partial<Record<PanelKey, unknown>>;
  /** Who changed a panel field last (their role decides whether the change may be written). */
  fieldEditor?: (field: PanelKey) => string | null;
  /** Who typed last: the revision is theirs. */
  editorId: string | null;
  now: Date;
  /** Hands the committed events to the relay; without it they wait for the outbox sweeper. */
  relay?: (rows: NewEventRow[]) => void;
}

/**
 * Saves the room's content and side-panel fields as the post's next version when the post is a draft and something
 * differs. A panel field that a PATCH would refuse is left out and reported; the rest is written.
 */
export async function flushDraft(db: Database, request: FlushRequest): Promise<FlushResult> {
  const { siteId, postId, content, now } = request;
  const result = (outcome: FlushOutcome, problems: FieldProblem[] = [], normalized = {}): FlushResult => ({
    outcome,
    problems,
    normalized,
  });
  const post = await findPost(db, siteId, postId);
  if (!post) return result('gone');
  const rel = (await loadRelations(db, [postId])).get(postId) ?? { authors: [], tags: [], categories: [] };
  const contentChanged = post.title !== content.title || post.markdown !== content.markdown;
  if (!FLUSHED_ON_IDLE.includes(post.status)) return result(contentChanged ? 'held' : 'unchanged');
  const fields = await resolveRoomFields(
    db,
    { ...post, ...rel },
    request.fields ?? {},
    async (field) => {
      const userId = request.fieldEditor?.(field) ?? request.editorId;
      const member = userId ? await findStaffMember(db, siteId, userId) : undefined;
      return member && { userId: member.id, siteId, role: member.role, name: member.name, email: member.email };
    },
    now,
  );
  if (!contentChanged && Object.keys(fields.set).length === 0 && !fields.relationsChanged) {
    return result('unchanged', fields.problems, fields.normalized);
  }
  const ids = {
    authorIds: rel.authors.map((a) => a.id),
    tagIds: rel.tags.map((t) => t.id),
    categoryIds: rel.categories.map((c) => c.id),
  };
  const set = {
    ...(contentChanged ? await contentColumns(db, siteId, content) : {}),
    ...fields.set,
    updatedAt: now,
  };
  // Its post.updated event (reason "live") is written with the flush, in the same batch.
  const events = postChangedEvents(
    {
      actor: request.editorId ? { type: 'user', id: request.editorId } : { type: 'system', id: 'post-room' },
      correlationId: crypto.randomUUID(),
    },
    postSnapshot(post, ids),
    postSnapshot({ ...post, ...set, version: post.version + 1 }, fields.ids),
    { changed: changedFields(post, set), reason: 'live' },
    now,
  ).map(eventRow);
  const applied = await applyPostChange(db, {
    siteId,
    id: postId,
    fromVersion: post.version,
    set,
    relations: fields.relationsChanged ? fields.ids : undefined,
    oldSlug: post.slug,
    events,
    revision: {
      id: newId(),
      title: content.title,
      markdown: content.markdown,
      fields: revisionFields({ ...post, ...set }, fields.ids),
      status: post.status,
      reason: 'live',
      authorId: request.editorId,
      createdAt: now,
    },
  });
  // Someone saved through the API in between: the caller tries again on the next round.
  if (!applied) return result('conflict', fields.problems);
  request.relay?.(events);
  return result('saved', fields.problems, fields.normalized);
}
