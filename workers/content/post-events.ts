// The outbox rows of a post write, built from the post before and after it. posts-service hands them to the
// repository (same batch as the write) and, once that batch committed, to the outbox relay.
import type { NewEventRow } from '../../d1/repositories/events';
import type { PostRow, RelationIds } from '../../d1/repositories/posts';
import { eventRow, type EventTrace } from '../../queues/events/build';
import {
  changedFields,
  type PostChangeFacts,
  postChangedEvents,
  postCreatedEvents,
  postDeletedEvents,
  postSnapshot,
} from '../../queues/events/post-events';
import type { Actor } from '../app';
import type { ContentDeps } from './posts-service';

type PostFields = Pick<
  PostRow,
  'id' | 'siteId' | 'type' | 'status' | 'title' | 'slug' | 'version' | 'scheduledAt' | 'publishedAt'
>;

export function traceOf(deps: Pick<ContentDeps, 'outbox'>, actor: Pick<Actor, 'userId'>): EventTrace {
  return { actor: { type: 'user', id: actor.userId }, correlationId: deps.outbox.correlationId };
}

const snapshot = postSnapshot;

export function createdRows(trace: EventTrace, post: PostFields, ids: RelationIds, now: Date): NewEventRow[] {
  return postCreatedEvents(trace, snapshot(post, ids), now).map(eventRow);
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function changedRows(
  trace: EventTrace,
  before: PostFields,
  beforeIds: RelationIds,
  set: Partial<PostRow>,
  afterIds: RelationIds,
  facts: Omit<PostChangeFacts, 'changed'>,
  now: Date,
): NewEventRow[] {
  const after = { ...before, ...set, version: before.version + 1 } as PostFields;
  const changed = changedFields(before as Record<string, unknown>, set as Record<string, unknown>);
  if (!sameIds(beforeIds.authorIds, afterIds.authorIds)) changed.push('authors');
  if (!sameIds(beforeIds.tagIds, afterIds.tagIds)) changed.push('tags');
  if (!sameIds(beforeIds.categoryIds, afterIds.categoryIds)) changed.push('categories');
  return postChangedEvents(
    trace,
    snapshot(before, beforeIds),
    snapshot(after, afterIds),
    { ...facts, changed },
    now,
  ).map(eventRow);
}

export function deletedRows(trace: EventTrace, post: PostFields, ids: RelationIds, now: Date): NewEventRow[] {
  return postDeletedEvents(trace, snapshot(post, ids), now).map(eventRow);
}
