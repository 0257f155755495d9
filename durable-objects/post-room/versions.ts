// Version history: snapshots of a room's Yjs state in R2 (the VERSIONS bucket), indexed in D1 (post_versions).
// Named versions are saved on request; automatic ones at most once per AUTO_VERSION_EVERY_MS of editing, and only
// the newest MAX_AUTO_VERSIONS of a post are kept. The R2 object is written before its row and deleted after it,
// so a failure leaves at worst an unlisted object, never a row without its snapshot.
import * as Y from 'yjs';
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import {
  automaticVersionsBeyond,
  deleteVersions,
  insertVersion,
  type VersionRow,
} from '../../d1/repositories/versions';
import { META } from './document';
import { contentOf, type RoomContent } from './edits';
import { type PanelKey, readPanel } from './panel-layout';

/** At most one automatic version per this much time of editing. */
export const AUTO_VERSION_EVERY_MS = 10 * 60 * 1000;
/** Automatic versions kept per post; older ones are pruned, R2 objects too. Named versions are never pruned. */
export const MAX_AUTO_VERSIONS = 50;
/** Characters of the body shown in a list of versions. */
const EXCERPT_CHARS = 160;

const postPrefix = (siteId: string, postId: string) => `sites/${siteId}/posts/${postId}/`;
export const versionKey = (siteId: string, postId: string, id: string) => `${postPrefix(siteId, postId)}${id}.yjs`;

export interface VersionDeps {
  db: Database;
  bucket: R2Bucket;
}

export interface NewVersion {
  siteId: string;
  postId: string;
  kind: 'named' | 'auto';
  name: string | null;
  createdBy: string | null;
  /** The room's state, `Y.encodeStateAsUpdate(doc)`. */
  state: Uint8Array;
  content: RoomContent;
}

const excerptOf = (markdown: string) => markdown.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS);

export async function storeVersion(deps: VersionDeps, version: NewVersion): Promise<VersionRow> {
  const id = newId();
  const r2Key = versionKey(version.siteId, version.postId, id);
  await deps.bucket.put(r2Key, version.state, {
    httpMetadata: { contentType: 'application/octet-stream' },
    customMetadata: { siteId: version.siteId, postId: version.postId, kind: version.kind },
  });
  return insertVersion(deps.db, {
    id,
    siteId: version.siteId,
    postId: version.postId,
    kind: version.kind,
    name: version.name,
    size: version.state.byteLength,
    title: version.content.title,
    excerpt: excerptOf(version.content.markdown),
    r2Key,
    createdBy: version.createdBy,
  });
}

/** Deletes a post's automatic versions past the newest MAX_AUTO_VERSIONS; returns how many went. */
export async function pruneAutomaticVersions(deps: VersionDeps, siteId: string, postId: string): Promise<number> {
  const old = await automaticVersionsBeyond(deps.db, siteId, postId, MAX_AUTO_VERSIONS);
  if (old.length === 0) return 0;
  await deleteVersions(
    deps.db,
    siteId,
    old.map((v) => v.id),
  );
  await deps.bucket.delete(old.map((v) => v.r2Key));
  return old.length;
}

/** Deletes every snapshot of a deleted post (its rows went with the post row, by foreign key). */
export async function deleteVersionObjects(bucket: R2Bucket, siteId: string, postId: string): Promise<void> {
  const prefix = postPrefix(siteId, postId);
  let cursor: string | undefined;
  do {
    const listed = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    if (listed.objects.length > 0) await bucket.delete(listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
}

/** The snapshot's bytes, or undefined when the object is missing. */
export async function readSnapshot(bucket: R2Bucket, row: VersionRow): Promise<Uint8Array | undefined> {
  const object = await bucket.get(row.r2Key);
  return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
}

/** The title and body a snapshot holds. Throws if the bytes are not a Yjs update. */
export function snapshotContent(state: Uint8Array): RoomContent {
  return readSnapshotDocument(state).content;
}

/**
 * The title, body and side-panel fields a snapshot holds, the fields as the map held them (unvalidated; versions
 * saved before the panel was shared have none). Throws if the bytes are not a Yjs update.
 */
export function readSnapshotDocument(state: Uint8Array): {
  content: RoomContent;
  panel: Partial<Record<PanelKey, unknown>>;
} {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const found = { content: contentOf(doc), panel: readPanel(doc.getMap(META)) };
  doc.destroy();
  return found;
}
