// The side-panel fields a room's editors typed, turned into a post write by the rules a PATCH of them would meet:
// the Admin API's zod schema, slug uniqueness, tags, categories and authors resolved within the site, and the role
// of whoever changed each field. Each field stands alone: a bad one is reported and left out, the others are written.
import type { Database } from '../../d1/db';
import { POST_TEXT_COLUMNS } from '../../d1/post-text-fields';
import { type NewPostRow, type PostWithRelations, type RelationIds, slugsLike } from '../../d1/repositories/posts';
import {
  isPanelKey,
  type PanelFields,
  type PanelKey,
  panelFieldsOf,
} from '../../durable-objects/post-room/panel-layout';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { authorize } from '../identity/policy';
import { slugify, uniqueSlug } from '../lib/slug';
import { UpdatePostBody } from './post-input';
import { resolveAuthorIds, resolveCategoryIds, resolveTagIds, tagSlugFor } from './post-relations';
import { authorizeEdit } from './workflow';

/** A field the flush left out, and why, with the code a PATCH of it would have been answered with. */
export interface FieldProblem {
  field: PanelKey;
  code: string;
  message: string;
}

export interface RoomFieldsWrite {
  /** Post columns to set (empty when no field changed validly). */
  set: Partial<NewPostRow>;
  /** The post's relations after the write; `relationsChanged` says whether to write them. */
  ids: RelationIds;
  relationsChanged: boolean;
  /** Fields whose stored value differs from what was typed (a slug made unique), to write back into the room. */
  normalized: Partial<PanelFields>;
  problems: FieldProblem[];
}

const COLUMNS = {
  ...POST_TEXT_COLUMNS,
  featured: 'featured',
  visibility: 'visibility',
  custom_fields: 'customFields',
} as const satisfies Partial<Record<PanelKey, keyof NewPostRow>>;

/** Tags are the same when their slugs are ("News" and "news" name one tag). */
function unchanged(key: PanelKey, stored: unknown, typed: unknown): boolean {
  if (key === 'tags' && Array.isArray(typed) && Array.isArray(stored)) {
    return JSON.stringify(stored.map(String).map(tagSlugFor)) === JSON.stringify(typed.map(String).map(tagSlugFor));
  }
  return JSON.stringify(stored ?? null) === JSON.stringify(typed ?? null);
}

/**
 * Compares the room's panel fields (`typed`, as panel-layout.ts reads them) with the post and resolves each change
 * as the post service resolves a PATCH, checked against the role of the person who made it (`actorOf`).
 */
export async function resolveRoomFields(
  db: Database,
  post: PostWithRelations,
  typed: Partial<Record<PanelKey, unknown>>,
  actorOf: (field: PanelKey) => Promise<Actor | undefined>,
  now: Date,
): Promise<RoomFieldsWrite> {
  const stored = panelFieldsOf(post);
  const ids: RelationIds = {
    authorIds: post.authors.map((a) => a.id),
    tagIds: post.tags.map((t) => t.id),
    categoryIds: post.categories.map((c) => c.id),
  };
  const out: RoomFieldsWrite = { set: {}, ids, relationsChanged: false, normalized: {}, problems: [] };
  // Tags last, as in a PATCH: naming a new tag creates it, so it waits until nothing else can fail before it.
  const changed = Object.keys(typed)
    .filter(isPanelKey)
    .filter((key) => !unchanged(key, stored[key], typed[key]))
    .sort((a, b) => Number(a === 'tags') - Number(b === 'tags'));
  for (const field of changed) {
    try {
      const parsed = UpdatePostBody.safeParse({ [field]: typed[field] });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Problem(422, 'VALIDATION_FAILED', issue?.message ?? 'Invalid value.');
      }
      const value = (parsed.data as Record<string, unknown>)[field];
      const actor = await actorOf(field);
      if (!actor) throw new Problem(403, 'FORBIDDEN', 'Whoever changed this is no longer on the staff of this site.');
      const own = post.authors.some((a) => a.id === actor.userId);
      authorizeEdit(actor, post.status, own);
      await apply(db, post, out, field, value, actor, own, now);
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      out.problems.push({ field, code: error.code, message: error.detail });
    }
  }
  return out;
}

async function apply(
  db: Database,
  post: PostWithRelations,
  out: RoomFieldsWrite,
  field: PanelKey,
  value: unknown,
  actor: Actor,
  own: boolean,
  now: Date,
): Promise<void> {
  if (field === 'slug') {
    // As a PATCH does: made URL-safe, and unique within the site.
    const base = slugify(String(value)) || 'untitled';
    const taken = await slugsLike(db, post.siteId, base);
    taken.delete(post.slug);
    const slug = uniqueSlug(base, taken);
    if (slug !== post.slug) out.set.slug = slug;
    if (slug !== value) out.normalized.slug = slug;
    return;
  }
  if (field === 'tags') {
    out.ids = { ...out.ids, tagIds: await resolveTagIds(db, actor, value as string[], now) };
    out.relationsChanged = true;
    return;
  }
  if (field === 'categories') {
    out.ids = { ...out.ids, categoryIds: await resolveCategoryIds(db, post.siteId, value as string[]) };
    out.relationsChanged = true;
    return;
  }
  if (field === 'authors') {
    const current = post.authors.map((a) => a.id);
    out.ids = { ...out.ids, authorIds: await resolveAuthorIds(db, actor, value as string[], current) };
    out.relationsChanged = true;
    return;
  }
  if (field === 'featured') authorize(actor, 'post:publish', own);
  (out.set as Record<string, unknown>)[COLUMNS[field]] = value;
}
