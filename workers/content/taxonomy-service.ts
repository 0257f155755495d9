// Tags and categories: editors and above manage them; everyone on staff can list them.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import {
  type CategoryRow,
  categorySubtreeIds,
  deleteCategory,
  deleteTag,
  findCategory,
  findTag,
  findTagBySlug,
  findCategoryBySlug,
  insertCategory,
  insertTags,
  type TagRow,
  updateCategory,
  updateTag,
} from '../../d1/repositories/taxonomy';
import type { NewEventRow } from '../../d1/repositories/events';
import { buildEvent, eventRow } from '../../queues/events/build';
import type { Outbox } from '../../queues/events/relay';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { authorize } from '../identity/policy';
import { slugify } from '../lib/slug';
import { traceOf } from './post-events';
import { tagSlugFor } from './post-relations';

/** term.changed, written in the batch of the change: readers' caches of pages that show the term are purged by it. */
function termChanged(
  outbox: Outbox,
  actor: Actor,
  kind: 'tag' | 'category',
  id: string,
  change: 'updated' | 'deleted',
  now: Date,
): NewEventRow[] {
  const spec = { type: 'term.changed' as const, siteId: actor.siteId, aggregate: { type: kind, id, version: 0 } };
  return [eventRow(buildEvent(traceOf({ outbox }, actor), { ...spec, payload: { kind, change } }, now))];
}

export interface TagInput {
  name?: string;
  slug?: string;
  description?: string | null;
  feature_image?: string | null;
  meta_title?: string | null;
  meta_description?: string | null;
}

function tagColumns(input: TagInput) {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.feature_image !== undefined ? { featureImage: input.feature_image } : {}),
    ...(input.meta_title !== undefined ? { metaTitle: input.meta_title } : {}),
    ...(input.meta_description !== undefined ? { metaDescription: input.meta_description } : {}),
  };
}

async function assertSlugFree<T extends { id: string }>(
  find: () => Promise<T | undefined>,
  selfId: string | undefined,
  what: string,
) {
  const other = await find();
  if (other && other.id !== selfId) throw new Problem(409, 'SLUG_TAKEN', `Another ${what} already uses that slug.`);
}

export async function createTag(db: Database, actor: Actor, input: TagInput & { name: string }, now: Date) {
  authorize(actor, 'tag:write');
  const slug = input.slug ? slugify(input.slug) : tagSlugFor(input.name);
  if (!slug) throw new Problem(422, 'INVALID_SLUG', 'The slug needs at least one letter or digit.');
  await assertSlugFree(() => findTagBySlug(db, actor.siteId, slug), undefined, 'tag');
  const id = newId();
  await insertTags(db, [
    {
      id,
      siteId: actor.siteId,
      slug,
      visibility: input.name.startsWith('#') ? 'internal' : 'public',
      ...tagColumns(input),
      name: input.name,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  return (await findTag(db, actor.siteId, id))!;
}

export async function changeTag(
  db: Database,
  actor: Actor,
  id: string,
  input: TagInput,
  now: Date,
  outbox: Outbox,
): Promise<TagRow> {
  authorize(actor, 'tag:write');
  if (!(await findTag(db, actor.siteId, id))) throw notFound('Tag');
  const slug = input.slug !== undefined ? slugify(input.slug) : undefined;
  if (slug === '') throw new Problem(422, 'INVALID_SLUG', 'The slug needs at least one letter or digit.');
  if (slug) await assertSlugFree(() => findTagBySlug(db, actor.siteId, slug), id, 'tag');
  const events = termChanged(outbox, actor, 'tag', id, 'updated', now);
  const updated = await updateTag(
    db,
    actor.siteId,
    id,
    {
      ...tagColumns(input),
      ...(slug ? { slug } : {}),
      ...(input.name !== undefined ? { visibility: input.name.startsWith('#') ? 'internal' : 'public' } : {}),
      updatedAt: now,
    },
    events,
  );
  if (!updated) throw notFound('Tag');
  outbox.committed(events);
  return updated;
}

export async function removeTag(db: Database, actor: Actor, id: string, now: Date, outbox: Outbox): Promise<void> {
  authorize(actor, 'tag:write');
  const events = termChanged(outbox, actor, 'tag', id, 'deleted', now);
  if (!(await deleteTag(db, actor.siteId, id, events))) throw notFound('Tag');
  outbox.committed(events);
}

export interface CategoryInput {
  name?: string;
  slug?: string;
  description?: string | null;
  parent_id?: string | null;
}

async function checkParent(db: Database, siteId: string, selfId: string | undefined, parentId: string | null) {
  if (parentId === null) return;
  if (!(await findCategory(db, siteId, parentId))) {
    throw new Problem(422, 'UNKNOWN_CATEGORY', 'parent_id names no category of this site.');
  }
  // A category cannot sit under itself or under one of its own descendants.
  if (selfId && (await categorySubtreeIds(db, siteId, selfId)).includes(parentId)) {
    throw new Problem(422, 'CATEGORY_CYCLE', 'A category cannot be placed under itself or its descendants.');
  }
}

export async function createCategory(
  db: Database,
  actor: Actor,
  input: CategoryInput & { name: string },
  now: Date,
): Promise<CategoryRow> {
  authorize(actor, 'category:write');
  const slug = slugify(input.slug ?? input.name);
  if (!slug) throw new Problem(422, 'INVALID_SLUG', 'The slug needs at least one letter or digit.');
  await assertSlugFree(() => findCategoryBySlug(db, actor.siteId, slug), undefined, 'category');
  await checkParent(db, actor.siteId, undefined, input.parent_id ?? null);
  return insertCategory(db, {
    id: newId(),
    siteId: actor.siteId,
    slug,
    name: input.name,
    description: input.description ?? null,
    parentId: input.parent_id ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

export async function changeCategory(
  db: Database,
  actor: Actor,
  id: string,
  input: CategoryInput,
  now: Date,
  outbox: Outbox,
): Promise<CategoryRow> {
  authorize(actor, 'category:write');
  if (!(await findCategory(db, actor.siteId, id))) throw notFound('Category');
  const slug = input.slug !== undefined ? slugify(input.slug) : undefined;
  if (slug === '') throw new Problem(422, 'INVALID_SLUG', 'The slug needs at least one letter or digit.');
  if (slug) await assertSlugFree(() => findCategoryBySlug(db, actor.siteId, slug), id, 'category');
  if (input.parent_id !== undefined) await checkParent(db, actor.siteId, id, input.parent_id);
  const events = termChanged(outbox, actor, 'category', id, 'updated', now);
  const updated = await updateCategory(
    db,
    actor.siteId,
    id,
    {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(slug ? { slug } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.parent_id !== undefined ? { parentId: input.parent_id } : {}),
      updatedAt: now,
    },
    events,
  );
  if (!updated) throw notFound('Category');
  outbox.committed(events);
  return updated;
}

export async function removeCategory(db: Database, actor: Actor, id: string, now: Date, outbox: Outbox): Promise<void> {
  authorize(actor, 'category:write');
  const events = termChanged(outbox, actor, 'category', id, 'deleted', now);
  if (!(await deleteCategory(db, actor.siteId, id, events))) throw notFound('Category');
  outbox.committed(events);
}
