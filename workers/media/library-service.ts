// The media library: browse, read, describe (alt text, caption), see where a file is used, delete.
import type { Database } from '../../d1/db';
import {
  deleteMedia,
  findMedia,
  listMedia,
  type MediaFilter,
  type MediaRow,
  postsReferencing,
  updateMedia,
} from '../../d1/repositories/media';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { authorize } from '../identity/policy';
import { type MediaDeps, mediaPrefix } from './library';
import { deletedRows, mediaTrace } from './media-events';

export async function browseMedia(db: Database, actor: Actor, filter: MediaFilter, page: number, limit: number) {
  authorize(actor, 'media:browse');
  return listMedia(db, actor.siteId, filter, { limit, offset: (page - 1) * limit });
}

export async function readMedia(db: Database, actor: Actor, id: string): Promise<MediaRow> {
  authorize(actor, 'media:browse');
  const row = await findMedia(db, actor.siteId, id);
  if (!row) throw notFound('Media');
  return row;
}

export async function describeMedia(
  db: Database,
  actor: Actor,
  id: string,
  input: { alt?: string | null; caption?: string | null },
  now: Date,
): Promise<MediaRow> {
  const row = await readMedia(db, actor, id);
  authorize(actor, 'media:edit', row.uploadedBy === actor.userId);
  const updated = await updateMedia(db, actor.siteId, id, { ...input, updatedAt: now });
  if (!updated) throw notFound('Media');
  return updated;
}

/** Posts and pages of the site that reference the file by its URL (absolute or site-relative). */
export async function mediaUsage(db: Database, actor: Actor, id: string) {
  const row = await readMedia(db, actor, id);
  // The id is a UUID, so "/media/{id}/" matches the file and its variants, and nothing else.
  return postsReferencing(db, actor.siteId, `/media/${row.id}/`);
}

/** Deletes the file, its variants and its row; refused while posts reference it unless forced. */
export async function removeMedia(deps: MediaDeps, actor: Actor, id: string, force: boolean): Promise<void> {
  const row = await readMedia(deps.db, actor, id);
  authorize(actor, 'media:delete', row.uploadedBy === actor.userId);
  if (!force) {
    const users = await postsReferencing(deps.db, actor.siteId, `/media/${row.id}/`);
    if (users.length > 0) {
      throw new Problem(
        409,
        'MEDIA_IN_USE',
        `The file is used by ${users.length} post(s); add ?force=true to delete it.`,
        {
          posts: users.map((p) => ({ id: p.id, type: p.type, slug: p.slug, title: p.title })),
        },
      );
    }
  }
  const prefix = mediaPrefix(actor.siteId, row.id);
  let cursor: string | undefined;
  do {
    const listed = await deps.bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    if (listed.objects.length > 0) await deps.bucket.delete(listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
  const events = deletedRows(mediaTrace(deps, actor), row, new Date());
  if (await deleteMedia(deps.db, actor.siteId, row.id, events)) deps.outbox.committed(events);
}
