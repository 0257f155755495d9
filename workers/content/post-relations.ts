// Resolves the tags, categories and authors named in a post write into ids, creating tags where allowed.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import { findCategoriesBySlugs, findTagsBySlugs, insertTags } from '../../d1/repositories/taxonomy';
import { staffIdsAmong } from '../../d1/repositories/users';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { authorize } from '../identity/policy';
import { slugify } from '../lib/slug';

/** Ghost's convention: "#name" is an internal tag, slugged "hash-name", never shown to readers. */
export function tagSlugFor(name: string): string {
  if (!name.startsWith('#')) return slugify(name);
  // "#" alone (or "#!?") names nothing: no slug, so callers refuse it rather than store "hash-".
  const rest = slugify(name.slice(1));
  return rest ? `hash-${rest}` : '';
}

export async function resolveTagIds(db: Database, actor: Actor, names: string[], now: Date): Promise<string[]> {
  const wanted = new Map<string, string>();
  for (const name of names) {
    const slug = tagSlugFor(name);
    if (!slug || slug === 'hash-') throw new Problem(422, 'INVALID_TAG', `"${name}" is not a usable tag name.`);
    if (!wanted.has(slug)) wanted.set(slug, name);
  }
  const slugs = [...wanted.keys()];
  const existing = new Map((await findTagsBySlugs(db, actor.siteId, slugs)).map((t) => [t.slug, t.id]));
  const missing = slugs.filter((slug) => !existing.has(slug));
  if (missing.length > 0) {
    authorize(actor, 'tag:create_inline');
    await insertTags(
      db,
      missing.map((slug) => {
        const name = wanted.get(slug) ?? slug;
        return {
          id: newId(),
          siteId: actor.siteId,
          slug,
          name,
          visibility: name.startsWith('#') ? ('internal' as const) : ('public' as const),
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
    // Re-read: a concurrent request may have created some of them first.
    for (const t of await findTagsBySlugs(db, actor.siteId, missing)) existing.set(t.slug, t.id);
  }
  return slugs.map((slug) => existing.get(slug)).filter((id): id is string => id !== undefined);
}

export async function resolveCategoryIds(db: Database, siteId: string, slugs: string[]): Promise<string[]> {
  const unique = [...new Set(slugs)];
  const found = new Map((await findCategoriesBySlugs(db, siteId, unique)).map((c) => [c.slug, c.id]));
  const unknown = unique.filter((s) => !found.has(s));
  if (unknown.length > 0) {
    throw new Problem(422, 'UNKNOWN_CATEGORY', `No category with slug ${unknown.map((s) => `"${s}"`).join(', ')}.`);
  }
  return unique.map((s) => found.get(s)!);
}

/** Checks the authors are staff of this site and that the actor may name them. */
export async function resolveAuthorIds(
  db: Database,
  actor: Actor,
  ids: string[],
  current: string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  const staff = await staffIdsAmong(db, actor.siteId, unique);
  const unknown = unique.filter((id) => !staff.has(id));
  if (unknown.length > 0) throw new Problem(422, 'UNKNOWN_AUTHOR', `No staff member with id ${unknown.join(', ')}.`);
  const unchanged = unique.length === current.length && unique.every((id, i) => id === current[i]);
  if (!unchanged) authorize(actor, 'post:assign_authors');
  return unique;
}
