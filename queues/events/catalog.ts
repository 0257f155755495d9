// The catalog of domain events: every message on the events Queue is one of these, validated with zod when it is
// built and again when a consumer receives it. Payloads carry ids and small facts, never post bodies (a queue
// message is capped near 128 KB). Adding a field is a new optional field; changing one is a new `version`.
import { z } from 'zod';

const id = z.string().min(1).max(64);
const ids = z.array(id).max(100);
const title = z.string().max(300);
const time = z.iso.datetime({ offset: true });
// 'member' is a reader who signed up (no staff rights); adding an enum value is backward compatible for consumers.
const role = z.enum(['owner', 'admin', 'editor', 'author', 'contributor', 'member']);
const postStatus = z.enum(['draft', 'review', 'scheduled', 'published', 'archived']);
const postType = z.enum(['post', 'page']);

export const Actor = z.object({ type: z.enum(['user', 'system']), id: z.string().min(1).max(64) }).strict();
export type EventActor = z.infer<typeof Actor>;

/** The fields every event carries, whatever its type. */
const envelope = {
  id: z.uuid(),
  site_id: id,
  // Tags, categories and sites keep no version: their events carry 0.
  aggregate: z
    .object({
      type: z.enum(['user', 'post', 'media', 'tag', 'category', 'site']),
      id,
      version: z.number().int().min(0),
    })
    .strict(),
  actor: Actor,
  occurred_at: time,
  correlation_id: z.string().min(1).max(128),
  causation_id: z.string().min(1).max(128).nullable(),
};

const event = <T extends string, P extends z.ZodRawShape>(type: T, payload: P) =>
  z.object({ ...envelope, type: z.literal(type), version: z.literal(1), payload: z.object(payload).strict() }).strict();

const postFacts = { post_type: postType, title, author_ids: ids };

export const UserCreated = event('user.created', { role, name: z.string().max(200) });
export const UserInvited = event('user.invited', { email: z.email().max(320), role, invited_by: id });
export const PostCreated = event('post.created', {
  ...postFacts,
  status: postStatus,
  slug: z.string().max(300),
  tag_ids: ids,
});
export const PostUpdated = event('post.updated', {
  post_type: postType,
  changed: z.array(z.string().max(64)).max(64),
  reason: z.enum(['edited', 'restored', 'live']),
  // The status after the change (absent from events stored before it was added): a purge skips drafts.
  status: postStatus.optional(),
});
export const PostStatusChanged = event('post.status_changed', {
  ...postFacts,
  from: postStatus,
  to: postStatus,
  tag_ids: ids,
});
export const PostSubmittedForReview = event('post.submitted_for_review', postFacts);
export const PostScheduled = event('post.scheduled', { ...postFacts, scheduled_at: time });
export const PostPublished = event('post.published', {
  ...postFacts,
  tag_ids: ids,
  published_at: time,
  // True when the scheduler published it at its scheduled time.
  scheduled: z.boolean(),
});
export const PostUnpublished = event('post.unpublished', { ...postFacts, to: postStatus });
export const PostDeleted = event('post.deleted', {
  post_type: postType,
  status: postStatus,
  author_ids: ids,
  // Absent from events stored before it was added.
  tag_ids: ids.optional(),
});
export const RevisionRestored = event('revision.restored', { revision_id: id, revision_version: z.number().int() });
export const MediaUploaded = event('media.uploaded', {
  kind: z.enum(['image', 'audio', 'video', 'file']),
  content_type: z.string().max(200),
  size: z.number().int().nonnegative(),
  name: z.string().max(300),
});
export const MediaProcessed = event('media.processed', {
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  format: z.string().max(40).nullable(),
});
export const MediaDeleted = event('media.deleted', { kind: z.enum(['image', 'audio', 'video', 'file']) });

/** A tag, category or author (a user's public profile) was renamed, re-slugged, described anew or deleted. */
export const TermChanged = event('term.changed', {
  kind: z.enum(['tag', 'category', 'author']),
  change: z.enum(['updated', 'deleted']),
});
/** The site's title, description, logo, navigation or another setting shown on every page changed. */
export const SiteChanged = event('site.changed', { changed: z.array(z.string().max(64)).max(64) });

export const DomainEvent = z.discriminatedUnion('type', [
  UserCreated,
  UserInvited,
  PostCreated,
  PostUpdated,
  PostStatusChanged,
  PostSubmittedForReview,
  PostScheduled,
  PostPublished,
  PostUnpublished,
  PostDeleted,
  RevisionRestored,
  MediaUploaded,
  MediaProcessed,
  MediaDeleted,
  TermChanged,
  SiteChanged,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
export const EVENT_TYPES = DomainEvent.options.map((o) => o.shape.type.value) as [EventType, ...EventType[]];
