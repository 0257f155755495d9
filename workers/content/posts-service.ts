// Business rules for writing posts and pages. Routes call these; tests may call them directly.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import { POST_TEXT_COLUMNS } from '../../d1/post-text-fields';
import {
  applyPostChange,
  deletePost as deletePostRow,
  findPost,
  insertPost,
  type NewPostRow,
  type PostRow,
  type PostWithRelations,
  type RelationIds,
  slugsLike,
  findPostWithRelations,
} from '../../d1/repositories/posts';
import type { PostStatus } from '../../d1/schema';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { auditRow, recordAudit } from '../identity/audit';
import { authorize } from '../identity/policy';
import { slugify, uniqueSlug } from '../lib/slug';
import type { Outbox } from '../../queues/events/relay';
import { libraryImagesIn } from './inline-images';
import { renderMarkdown } from './markdown';
import type { SaveRequest, SaveResult } from '../../durable-objects/post-room/edits';
import { isPanelKey, type PanelFields } from '../../durable-objects/post-room/panel-layout';
import type { CreatePostInput, UpdatePostInput } from './post-input';
import { changedRows, createdRows, deletedRows, traceOf } from './post-events';
import { resolveAuthorIds, resolveCategoryIds, resolveTagIds } from './post-relations';
import { revisionFields } from '../../d1/revision-fields';
import { authorizeEdit, authorizeInitialStatus, authorizeMove } from './workflow';

export type PostType = 'post' | 'page';

export interface ContentDeps {
  db: Database;
  now: Date;
  /** Tells the site's scheduler that scheduled times may have changed. */
  reschedule: () => Promise<void>;
  /** Where the domain events of each write go once its batch committed (queues/events/relay.ts). */
  outbox: Outbox;
  /** The posts' collaboration rooms; without it (some tests) D1 alone holds title and body. */
  rooms?: RoomGateway;
}

/** What the post service asks of a post's room (durable-objects/post-room/room.ts). */
export interface RoomGateway {
  save(request: Omit<SaveRequest, 'siteId'>): Promise<SaveResult>;
  discard(postId: string): Promise<void>;
}

/**
 * Title and body go through the post's room when it has one, so live editors and the API never diverge: the
 * room applies the change as an edit its editors receive and answers with what the post now holds, which is what
 * gets saved, including what editors typed since the last flush. A restore replaces rather than merges.
 */
async function throughRoom(
  deps: ContentDeps,
  actor: Actor,
  current: PostRow,
  input: UpdatePostInput,
  replace: boolean,
  fields: Partial<PanelFields>,
): Promise<UpdatePostInput> {
  if (!deps.rooms) return input;
  const result = await deps.rooms.save({
    postId: current.id,
    userId: actor.userId,
    base: replace ? undefined : { title: current.title, markdown: current.markdown },
    title: input.title,
    markdown: input.markdown,
    fields: Object.keys(fields).length > 0 ? fields : undefined,
  });
  if ('refused' in result) {
    throw result.refused === 'conflict'
      ? new Problem(
          409,
          'LIVE_EDIT_CONFLICT',
          'Editors changed the same lines in the live draft since you read this post. Reload it and save again.',
        )
      : new Problem(413, 'DOCUMENT_TOO_LARGE', 'The live draft would pass its size limit; that change was refused.');
  }
  return result.content ? { ...input, title: result.content.title, markdown: result.content.markdown } : input;
}

/** The side-panel fields a PATCH sets, in the room map's shapes; `resolved` holds values the service settled. */
function panelFieldsIn(
  input: UpdatePostInput,
  resolved: { slug: string | undefined; authors: string[] },
): Partial<PanelFields> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (isPanelKey(key) && value !== undefined) out[key] = value;
  if (resolved.slug !== undefined) out.slug = resolved.slug;
  if (input.authors) out.authors = resolved.authors;
  if (input.categories) out.categories = [...new Set(input.categories)];
  return out as Partial<PanelFields>;
}

const isOwn = (actor: Actor, post: PostWithRelations) => post.authors.some((a) => a.id === actor.userId);

/** Loads a post the actor may read, or answers 404 (other site, other type, gone) / 403 (not theirs to see). */
export async function readPost(db: Database, actor: Actor, type: PostType, id: string): Promise<PostWithRelations> {
  const post = await findPostWithRelations(db, actor.siteId, id);
  assertReadable(actor, type, post, !!post && isOwn(actor, post));
  return post;
}

/**
 * 404 unless `post` was found and is of `type`, then 403 unless the actor may read it: the order every read of a post
 * keeps, whatever it loaded (the whole post, or the room's few columns). `own`: whether the post is the actor's.
 */
export function assertReadable<T extends { type: PostType }>(
  actor: Actor,
  type: PostType,
  post: T | undefined,
  own: boolean,
): asserts post is T {
  if (!post || post.type !== type) throw notFound(type === 'post' ? 'Post' : 'Page');
  authorize(actor, 'post:read', own);
}

async function chooseSlug(db: Database, siteId: string, wanted: string, selfId?: string): Promise<string> {
  const base = slugify(wanted) || 'untitled';
  const taken = await slugsLike(db, siteId, base);
  if (selfId) {
    const self = await findPost(db, siteId, selfId);
    if (self) taken.delete(self.slug);
  }
  return uniqueSlug(base, taken);
}

function parseTime(value: string | null | undefined): Date | null | undefined {
  return value === undefined ? undefined : value === null ? null : new Date(value);
}

/** Works out the scheduled/published times a status move implies. */
function statusTimes(
  status: PostStatus,
  input: { scheduled_at?: string | null; published_at?: string | null },
  current: Pick<PostRow, 'scheduledAt' | 'publishedAt'> | undefined,
  now: Date,
): Pick<NewPostRow, 'scheduledAt' | 'publishedAt'> {
  const scheduledAt = parseTime(input.scheduled_at);
  const publishedAt = parseTime(input.published_at);
  if (status === 'scheduled') {
    const at = scheduledAt ?? current?.scheduledAt;
    if (!at) throw new Problem(422, 'SCHEDULE_TIME_REQUIRED', 'A scheduled post needs scheduled_at.');
    // A new time must lie ahead; a kept one may have just passed, and the scheduler is about to publish it.
    if (scheduledAt && at.getTime() <= now.getTime()) {
      throw new Problem(422, 'SCHEDULE_TIME_IN_PAST', 'scheduled_at must be in the future; publish it instead.');
    }
    return { scheduledAt: at, publishedAt: current?.publishedAt ?? null };
  }
  if (scheduledAt) throw new Problem(422, 'NOT_SCHEDULED', 'scheduled_at is only for posts with status scheduled.');
  if (status === 'published') {
    return { scheduledAt: null, publishedAt: publishedAt ?? current?.publishedAt ?? now };
  }
  return { scheduledAt: null, publishedAt: publishedAt === undefined ? (current?.publishedAt ?? null) : publishedAt };
}

async function contentColumns(db: Database, siteId: string, input: UpdatePostInput): Promise<Partial<NewPostRow>> {
  const out: Partial<NewPostRow> = {};
  const map = {
    title: 'title',
    ...POST_TEXT_COLUMNS,
    content_format: 'contentFormat',
    visibility: 'visibility',
    custom_fields: 'customFields',
  } as const satisfies Partial<Record<keyof UpdatePostInput, keyof NewPostRow>>;
  for (const [key, column] of Object.entries(map) as [keyof typeof map, (typeof map)[keyof typeof map]][]) {
    if (input[key] !== undefined) (out as Record<string, unknown>)[column] = input[key];
  }
  if (input.markdown !== undefined) {
    // Library images get srcset and their size from the library's rows (./inline-images.ts).
    const rendered = renderMarkdown(input.markdown, await libraryImagesIn(db, siteId, input.markdown));
    Object.assign(out, {
      markdown: input.markdown,
      html: rendered.html,
      plaintext: rendered.plaintext,
      readingTime: rendered.readingTime,
    });
  }
  return out;
}

export async function createPost(
  deps: ContentDeps,
  actor: Actor,
  type: PostType,
  input: CreatePostInput,
): Promise<PostWithRelations> {
  const { db, now } = deps;
  authorize(actor, 'post:create');
  const status = input.status ?? 'draft';
  authorizeInitialStatus(actor, status);
  if (input.featured) authorize(actor, 'post:publish', true);
  // Choosing a publication date is a publishing decision, on a new post as on an existing one.
  if (input.published_at) authorize(actor, 'post:publish', true);
  const authorIds = await resolveAuthorIds(db, actor, input.authors ?? [actor.userId], [actor.userId]);
  const categoryIds = await resolveCategoryIds(db, actor.siteId, input.categories ?? []);
  const times = statusTimes(status, input, undefined, now);
  // Tags last: naming a new tag creates it, so every check that can refuse the request has run by now.
  const ids: RelationIds = { authorIds, tagIds: await resolveTagIds(db, actor, input.tags ?? [], now), categoryIds };
  const row: NewPostRow = {
    id: newId(),
    siteId: actor.siteId,
    type,
    slug: await chooseSlug(db, actor.siteId, input.slug ?? input.title),
    title: input.title,
    markdown: '',
    featured: input.featured ?? false,
    status,
    ...(await contentColumns(db, actor.siteId, { markdown: '', ...input })),
    ...times,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  let events = createdRows(traceOf(deps, actor), { ...row, version: 1 } as PostRow, ids, now);
  for (let attempt = 1; ; attempt++) {
    try {
      await insertPost(
        db,
        row,
        ids,
        {
          id: newId(),
          title: row.title,
          markdown: row.markdown ?? '',
          fields: revisionFields(row, ids),
          status,
          reason: 'created',
          authorId: actor.userId,
          createdAt: now,
        },
        events,
        status === 'published' ? [publishAudit(actor, { ...row, version: 1 } as PostRow, now, { from: null })] : [],
      );
      break;
    } catch (error) {
      const conflict = slugConflict(error);
      if (!conflict || attempt === 3) throw conflict ?? error;
      // A concurrent save took the slug after we chose it (the batch wrote nothing): choose again.
      row.slug = await chooseSlug(db, actor.siteId, input.slug ?? input.title);
      events = createdRows(traceOf(deps, actor), { ...row, version: 1 } as PostRow, ids, now);
    }
  }
  deps.outbox.committed(events);
  if (status === 'scheduled') await deps.reschedule();
  return readPost(db, actor, type, row.id);
}

function slugConflict(error: unknown): Problem | undefined {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  if (/UNIQUE constraint failed: posts\.site_id, posts\.slug/.test(text)) {
    return new Problem(409, 'SLUG_TAKEN', 'Another post or page already uses that slug.');
  }
  return undefined;
}

export interface UpdateOptions {
  /** The version from If-Match, when the client sent one. */
  ifMatch?: number;
  reason?: 'edited' | 'restored';
  /** The revision a restore brings back, for its revision.restored event. */
  restoredRevision?: { id: string; version: number };
}

export async function updatePost(
  deps: ContentDeps,
  actor: Actor,
  type: PostType,
  id: string,
  input: UpdatePostInput,
  options: UpdateOptions = {},
): Promise<PostWithRelations> {
  const { db, now } = deps;
  const current = await readPost(db, actor, type, id);
  if (options.ifMatch !== undefined && options.ifMatch !== current.version) throw stale(current.version);
  const own = isOwn(actor, current);
  authorizeEdit(actor, current.status, own);
  const status = input.status ?? current.status;
  authorizeMove(actor, current.status, status, own);
  if (input.featured !== undefined && input.featured !== current.featured) authorize(actor, 'post:publish', own);
  // Back-dating or moving a publication date is a publishing decision.
  if (input.published_at !== undefined) authorize(actor, 'post:publish', own);

  const currentIds: RelationIds = {
    authorIds: current.authors.map((a) => a.id),
    tagIds: current.tags.map((t) => t.id),
    categoryIds: current.categories.map((c) => c.id),
  };
  const authorIds = input.authors
    ? await resolveAuthorIds(db, actor, input.authors, currentIds.authorIds)
    : currentIds.authorIds;
  const categoryIds = input.categories
    ? await resolveCategoryIds(db, actor.siteId, input.categories)
    : currentIds.categoryIds;
  const times = statusTimes(status, input, current, now);
  // Tags last: naming a new tag creates it, so every check that can refuse the request has run by now.
  const tagIds = input.tags ? await resolveTagIds(db, actor, input.tags, now) : currentIds.tagIds;
  const ids: RelationIds = { authorIds, tagIds, categoryIds };
  const slug = input.slug !== undefined ? await chooseSlug(db, actor.siteId, input.slug, id) : undefined;
  // Last before the write: every check that can refuse the request has run, so a refused save never edits the room.
  // The side-panel fields it sets go into the room's map too, as D1 will hold them, so live editors see them.
  const fields = panelFieldsIn(input, { slug, authors: authorIds });
  input = await throughRoom(deps, actor, current, input, options.reason === 'restored', fields);
  const set: Partial<NewPostRow> = {
    ...(await contentColumns(db, actor.siteId, input)),
    ...(input.featured !== undefined ? { featured: input.featured } : {}),
    ...(slug !== undefined ? { slug } : {}),
    status,
    ...times,
    updatedAt: now,
  };
  const next = { ...current, ...set } as PostRow;
  const events = changedRows(
    traceOf(deps, actor),
    current,
    currentIds,
    set as Partial<PostRow>,
    ids,
    {
      reason: options.reason ?? 'edited',
      restoredRevision: options.restoredRevision,
    },
    now,
  );
  const applied = await applyPostChange(db, {
    siteId: actor.siteId,
    id,
    fromVersion: current.version,
    set,
    relations: input.authors || input.tags || input.categories ? ids : undefined,
    oldSlug: current.slug,
    events,
    // Publishing is security-relevant (it exposes content): audited in the same batch as the change.
    audit:
      status === 'published' && current.status !== 'published'
        ? [publishAudit(actor, current, now, { from: current.status })]
        : [],
    revision: {
      id: newId(),
      title: next.title,
      markdown: next.markdown,
      fields: revisionFields(next, ids),
      status,
      reason: options.reason ?? (status !== current.status ? 'status' : 'edited'),
      authorId: actor.userId,
      createdAt: now,
    },
  }).catch((error: unknown) => {
    throw slugConflict(error) ?? error;
  });
  if (!applied) {
    throw options.ifMatch !== undefined
      ? stale(current.version + 1)
      : new Problem(409, 'EDIT_CONFLICT', 'The post changed while this edit was saved; reload it and try again.');
  }
  deps.outbox.committed(events);
  if (status === 'scheduled' || current.status === 'scheduled') await deps.reschedule();
  return readPost(db, actor, type, id);
}

const publishAudit = (actor: Actor, post: PostRow, now: Date, detail: Record<string, unknown>) =>
  auditRow({
    siteId: actor.siteId,
    action: 'post.published',
    actor,
    target: { type: post.type, id: post.id },
    detail: { title: post.title, ...detail },
    at: now,
  });

function stale(version: number): Problem {
  return new Problem(
    412,
    'STALE_VERSION',
    'The post has changed since you read it. Reload it, merge your edit and send it with the new ETag.',
    { current_version: version },
  );
}

export async function removePost(deps: ContentDeps, actor: Actor, type: PostType, id: string): Promise<void> {
  const post = await readPost(deps.db, actor, type, id);
  const own = isOwn(actor, post);
  authorize(actor, 'post:delete', own);
  // A contributor's work that reached review or beyond is the editors' to discard.
  if (actor.role === 'contributor' && post.status !== 'draft') {
    throw new Problem(403, 'FORBIDDEN', 'Contributors may only delete their own drafts.');
  }
  const ids: RelationIds = {
    authorIds: post.authors.map((a) => a.id),
    tagIds: post.tags.map((t) => t.id),
    categoryIds: post.categories.map((c) => c.id),
  };
  const events = deletedRows(traceOf(deps, actor), post, ids, deps.now);
  if (await deletePostRow(deps.db, actor.siteId, id, events)) {
    deps.outbox.committed(events);
    // Written once the delete committed (so only a delete that happened is recorded), outside its batch.
    await recordAudit(deps.db, {
      siteId: actor.siteId,
      action: 'post.deleted',
      actor,
      target: { type: type, id },
      detail: { title: post.title, status: post.status },
      at: deps.now,
    });
  }
  await deps.rooms?.discard(id);
  if (post.status === 'scheduled') await deps.reschedule();
}
