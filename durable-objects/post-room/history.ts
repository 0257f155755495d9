// The room's side of version history: snapshotting its document and the automatic-version schedule
// (durable-objects/post-room/versions.ts holds the R2 and D1 side). A restore is the room's ordinary forward edit
// (Room.save), so it is logged, acknowledged to nobody and relayed to live editors like any other update.
import * as Y from 'yjs';
import type { VersionRow } from '../../d1/repositories/versions';
import { contentOf } from './edits';
import type { PanelFields, PanelKey } from './panel-layout';
import type { RoomStorage } from './storage';
import { AUTO_VERSION_EVERY_MS, pruneAutomaticVersions, storeVersion, type VersionDeps } from './versions';

/** The parts of the room version history uses. */
export interface HistoryRoom {
  readonly doc: Y.Doc;
  readonly store: RoomStorage;
}

export interface RoomPost {
  siteId: string;
  postId: string;
}

// room_meta keys: when the last automatic version was taken, and the log position the last version of any kind saw.
const AUTO_AT = 'version_auto_at';
const SAVED_SEQ = 'version_seq';
const logPosition = (room: HistoryRoom) => String(room.store.lastSeq());

/** Snapshots the document as it is now and stores it. The snapshot is taken before any await. */
export async function saveVersion(
  room: HistoryRoom,
  deps: VersionDeps,
  post: RoomPost,
  version: { kind: 'named' | 'auto'; name: string | null; createdBy: string | null },
): Promise<VersionRow> {
  const state = Y.encodeStateAsUpdate(room.doc);
  const content = contentOf(room.doc);
  const seq = logPosition(room);
  const row = await storeVersion(deps, { ...post, ...version, state, content });
  room.store.setMeta(SAVED_SEQ, seq);
  if (version.kind === 'auto') await pruneAutomaticVersions(deps, post.siteId, post.postId);
  return row;
}

/**
 * An automatic version, unless one was taken less than AUTO_VERSION_EVERY_MS ago or nothing changed since the last
 * version of any kind. Returns the version, or undefined when none was due.
 */
export async function saveAutomaticVersion(
  room: HistoryRoom,
  deps: VersionDeps,
  post: RoomPost,
  now: number,
): Promise<VersionRow | undefined> {
  if (logPosition(room) === (room.store.getMeta(SAVED_SEQ) ?? '0')) return undefined;
  const last = room.store.getMeta(AUTO_AT);
  if (last !== undefined && now - Number(last) < AUTO_VERSION_EVERY_MS) return undefined;
  // Claimed before the writes, so a second call while they run does not save the same state twice.
  room.store.setMeta(AUTO_AT, String(now));
  try {
    return await saveVersion(room, deps, post, { kind: 'auto', name: null, createdBy: null });
  } catch (error) {
    room.store.setMeta(AUTO_AT, last ?? '0');
    throw error;
  }
}

/** The side-panel fields a restore changes: those of the version that differ from what the room holds. */
export function changedPanelFields(
  held: Partial<Record<PanelKey, unknown>>,
  wanted: Partial<Record<PanelKey, unknown>>,
): Partial<PanelFields> {
  const same = (key: PanelKey) => JSON.stringify(held[key] ?? null) === JSON.stringify(wanted[key] ?? null);
  return Object.fromEntries(Object.entries(wanted).filter(([key]) => !same(key as PanelKey))) as Partial<PanelFields>;
}
