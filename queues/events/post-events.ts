// The events a change to a post implies. Producers (the content service, the publish scheduler) describe the post
// before and after; these functions decide which events that is, so every producer emits the same ones.
import type { DomainEvent } from './catalog';
import { buildEvent, type EventTrace, shortTitle } from './build';

type Status = 'draft' | 'review' | 'scheduled' | 'published' | 'archived';

/** What the events need to know about a post at one version. */
export interface PostSnapshot {
  id: string;
  siteId: string;
  type: 'post' | 'page';
  status: Status;
  title: string;
  slug: string;
  version: number;
  authorIds: string[];
  tagIds: string[];
  scheduledAt: Date | null;
  publishedAt: Date | null;
}

/** A snapshot from a post row (or the row a write is about to produce) and its relation ids. */
export function postSnapshot(
  post: Omit<PostSnapshot, 'authorIds' | 'tagIds' | 'scheduledAt' | 'publishedAt'> & {
    scheduledAt?: Date | null;
    publishedAt?: Date | null;
  },
  ids: { authorIds: string[]; tagIds: string[] },
): PostSnapshot {
  return {
    id: post.id,
    siteId: post.siteId,
    type: post.type,
    status: post.status,
    title: post.title,
    slug: post.slug,
    version: post.version,
    authorIds: ids.authorIds,
    tagIds: ids.tagIds,
    scheduledAt: post.scheduledAt ?? null,
    publishedAt: post.publishedAt ?? null,
  };
}

const facts = (p: PostSnapshot) => ({ post_type: p.type, title: shortTitle(p.title), author_ids: p.authorIds });
const aggregate = (p: PostSnapshot) => ({ type: 'post' as const, id: p.id, version: p.version });

/** The event that says what a status means (submitted, scheduled, published, unpublished), if it says more. */
function statusEvent(
  trace: EventTrace,
  from: Status | null,
  post: PostSnapshot,
  causationId: string | null,
  now: Date,
  scheduledPublish: boolean,
): DomainEvent | undefined {
  const base = { siteId: post.siteId, aggregate: aggregate(post), causationId };
  if (post.status === 'review') {
    return buildEvent(trace, { ...base, type: 'post.submitted_for_review', payload: facts(post) }, now);
  }
  if (post.status === 'scheduled' && post.scheduledAt) {
    const payload = { ...facts(post), scheduled_at: post.scheduledAt.toISOString() };
    return buildEvent(trace, { ...base, type: 'post.scheduled', payload }, now);
  }
  if (post.status === 'published') {
    const payload = {
      ...facts(post),
      tag_ids: post.tagIds,
      published_at: (post.publishedAt ?? now).toISOString(),
      scheduled: scheduledPublish,
    };
    return buildEvent(trace, { ...base, type: 'post.published', payload }, now);
  }
  if (from === 'published') {
    return buildEvent(trace, { ...base, type: 'post.unpublished', payload: { ...facts(post), to: post.status } }, now);
  }
  return undefined;
}

/** post.created, and for a post that starts beyond draft, what its status means. */
export function postCreatedEvents(trace: EventTrace, post: PostSnapshot, now: Date): DomainEvent[] {
  const created = buildEvent(
    trace,
    {
      type: 'post.created',
      siteId: post.siteId,
      aggregate: aggregate(post),
      payload: { ...facts(post), status: post.status, slug: post.slug, tag_ids: post.tagIds },
    },
    now,
  );
  const follow = post.status === 'draft' ? undefined : statusEvent(trace, null, post, created.id, now, false);
  return follow ? [created, follow] : [created];
}

export interface PostChangeFacts {
  /** API field names whose values changed (status and its times excluded). */
  changed: string[];
  reason: 'edited' | 'restored' | 'live';
  restoredRevision?: { id: string; version: number };
  /** The scheduler published it at its scheduled time. */
  scheduledPublish?: boolean;
}

/** post.updated when content changed, revision.restored, and post.status_changed with what the move means. */
export function postChangedEvents(
  trace: EventTrace,
  before: PostSnapshot,
  after: PostSnapshot,
  change: PostChangeFacts,
  now: Date,
): DomainEvent[] {
  const out: DomainEvent[] = [];
  const base = { siteId: after.siteId, aggregate: aggregate(after) };
  if (change.changed.length > 0) {
    const payload = { post_type: after.type, changed: change.changed, reason: change.reason, status: after.status };
    out.push(buildEvent(trace, { ...base, type: 'post.updated', payload }, now));
  }
  if (change.restoredRevision) {
    const payload = { revision_id: change.restoredRevision.id, revision_version: change.restoredRevision.version };
    out.push(buildEvent(trace, { ...base, type: 'revision.restored', payload }, now));
  }
  const rescheduled = after.status === 'scheduled' && before.scheduledAt?.getTime() !== after.scheduledAt?.getTime();
  if (before.status !== after.status || rescheduled) {
    const moved = buildEvent(
      trace,
      {
        ...base,
        type: 'post.status_changed',
        payload: { ...facts(after), from: before.status, to: after.status, tag_ids: after.tagIds },
      },
      now,
    );
    out.push(moved);
    const meaning = statusEvent(trace, before.status, after, moved.id, now, change.scheduledPublish ?? false);
    if (meaning) out.push(meaning);
  }
  return out;
}

export function postDeletedEvents(trace: EventTrace, post: PostSnapshot, now: Date): DomainEvent[] {
  return [
    buildEvent(
      trace,
      {
        type: 'post.deleted',
        siteId: post.siteId,
        aggregate: aggregate(post),
        payload: { post_type: post.type, status: post.status, author_ids: post.authorIds, tag_ids: post.tagIds },
      },
      now,
    ),
  ];
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const IGNORED = new Set([
  'updatedAt',
  'version',
  'status',
  'scheduledAt',
  'publishedAt',
  'html',
  'plaintext',
  'readingTime',
]);

/** API names of the columns in `set` whose values differ from `before` (status and its times are events of their own). */
export function changedFields(before: Record<string, unknown>, set: Record<string, unknown>): string[] {
  return Object.keys(set)
    .filter((k) => !IGNORED.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(set[k] ?? null))
    .map(snake);
}
