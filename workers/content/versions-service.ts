// Version history of a post's live document (docs/COLLABORATION.md): whoever may read the post may list and preview
// its versions; whoever may edit it may save a named version and restore one. Saving and restoring happen in the
// post's room, which holds the document; a restore there is a forward edit live editors receive.
import { structuredPatch } from 'diff';
import type { Database } from '../../d1/db';
import { findVersion, listVersions, type VersionRow } from '../../d1/repositories/versions';
import type { RoomContent } from '../../durable-objects/post-room/edits';
import { readSnapshot, snapshotContent } from '../../durable-objects/post-room/versions';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { type PostType, readPost } from './posts-service';
import { roomName } from './room-service';
import { authorizeEdit } from './workflow';

export interface VersionDeps {
  db: Database;
  rooms: Env['POST_ROOM'];
  bucket: R2Bucket;
}

const roomOf = (deps: VersionDeps, siteId: string, postId: string) =>
  deps.rooms.get(deps.rooms.idFromName(roomName(siteId, postId)));

/** Reads the post (404/403 as reading it would) and, for writes, checks the same edit rule as the room's editors. */
async function postFor(deps: VersionDeps, actor: Actor, type: PostType, postId: string, write: boolean) {
  const post = await readPost(deps.db, actor, type, postId);
  if (write)
    authorizeEdit(
      actor,
      post.status,
      post.authors.some((a) => a.id === actor.userId),
    );
  return post;
}

export async function versionsOf(deps: VersionDeps, actor: Actor, type: PostType, postId: string) {
  const post = await postFor(deps, actor, type, postId, false);
  return listVersions(deps.db, actor.siteId, post.id);
}

/** A version's row and its snapshot's bytes; 404 for a version of another post or site. */
async function versionWithSnapshot(deps: VersionDeps, siteId: string, postId: string, versionId: string) {
  const row = await findVersion(deps.db, siteId, postId, versionId);
  if (!row) throw notFound('Version');
  const snapshot = await readSnapshot(deps.bucket, row);
  // The row is written after its object and deleted before it, so a missing object is a fault, not a user error.
  if (!snapshot) throw new Error(`version ${row.id} has no snapshot at ${row.r2Key}`);
  return { row, snapshot };
}

/** What restoring `to` over `from` would change: the title, and a line diff of the Markdown. */
function compare(from: RoomContent, to: RoomContent) {
  const patch = structuredPatch('current', 'version', from.markdown, to.markdown, '', '', { context: 3 });
  const lines = patch.hunks.flatMap((h) => h.lines);
  return {
    title: from.title === to.title ? null : { from: from.title, to: to.title },
    markdown: {
      lines_added: lines.filter((l) => l.startsWith('+')).length,
      lines_removed: lines.filter((l) => l.startsWith('-')).length,
      hunks: patch.hunks,
    },
  };
}

/** The version's title and Markdown, and how they differ from the live draft (the room's, else the post's). */
export async function previewVersion(
  deps: VersionDeps,
  actor: Actor,
  type: PostType,
  postId: string,
  versionId: string,
) {
  const post = await postFor(deps, actor, type, postId, false);
  const { row, snapshot } = await versionWithSnapshot(deps, actor.siteId, post.id, versionId);
  const content = snapshotContent(snapshot);
  const current = (await roomOf(deps, actor.siteId, post.id).draft(actor.siteId, post.id)) ?? {
    title: post.title,
    markdown: post.markdown,
  };
  return { row, content, changes: compare(current, content) };
}

export async function saveNamedVersion(
  deps: VersionDeps,
  actor: Actor,
  type: PostType,
  postId: string,
  name: string,
): Promise<VersionRow> {
  const post = await postFor(deps, actor, type, postId, true);
  const row = await roomOf(deps, actor.siteId, post.id).saveVersion(
    { siteId: actor.siteId, postId: post.id },
    name,
    actor.userId,
  );
  if (!row) throw new Error(`room ${roomName(actor.siteId, post.id)} belongs to another post`);
  return row;
}

/** Restores a version in the room; answers the title and body the post now holds. */
export async function restoreVersion(
  deps: VersionDeps,
  actor: Actor,
  type: PostType,
  postId: string,
  versionId: string,
): Promise<{ row: VersionRow; content: RoomContent }> {
  const post = await postFor(deps, actor, type, postId, true);
  const { row, snapshot } = await versionWithSnapshot(deps, actor.siteId, post.id, versionId);
  const result = await roomOf(deps, actor.siteId, post.id).restoreVersion(
    { siteId: actor.siteId, postId: post.id },
    snapshot,
    actor.userId,
  );
  if ('refused' in result) {
    // No merge base is sent, so the only refusal a restore can meet is the size cap.
    throw new Problem(
      409,
      'DOCUMENT_TOO_LARGE',
      'Restoring this version would take the live document past its size limit; nothing was changed.',
    );
  }
  if (!result.content) throw new Error(`room ${roomName(actor.siteId, post.id)} belongs to another post`);
  return { row, content: result.content };
}
