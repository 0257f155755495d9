// The layout of a post's Yjs document (docs/COLLABORATION.md) and the limits every update is held to.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { type PanelFields, type PanelKey, panelValue } from './panel-layout';

/** The Markdown body. */
export const BODY = 'markdown';
/** Title and other metadata, one key per field. */
export const META = 'meta';

/** The longest Markdown body a post may have, in the room as through the API (D1 must be able to hold it). */
export const MAX_BODY_CHARS = 400_000;
/** The hard cap on the document's encoded state. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** The largest frame the room reads; anything bigger closes the socket with 1009. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** The first state of a room that has never been opened: the post as D1 holds it, side-panel fields included. */
export function seedUpdate(post: { title: string; markdown: string }, panel?: PanelFields): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getText(BODY).insert(0, post.markdown);
    doc.getMap(META).set('title', post.title);
    if (panel) seedPanel(doc.getMap(META), panel);
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Adds the panel fields to a map that has none (a new room, or one opened before the panel was shared). */
export function seedPanel(meta: Y.Map<unknown>, panel: PanelFields): void {
  for (const [key, value] of Object.entries(panel) as [PanelKey, unknown][]) meta.set(key, panelValue(key, value));
}

/**
 * Whether an update carries nothing (the empty sync step 2 every client sends on connect), read from its two leading
 * counts, struct groups and delete-set clients, without decoding the rest: applying an update decodes and checks it
 * anyway, and a full decode here as well was a twentieth of the room's time per update. Throws when even the counts
 * are missing.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const decoder = decoding.createDecoder(update);
  return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 0;
}

/**
 * The document's encoded size once `update` is applied, or an upper bound of it. `bound` is an upper bound on the
 * current size (cheap to keep); only when the sum passes the cap is the exact merged size computed.
 */
export function sizeAfter(doc: Y.Doc, bound: number, update: Uint8Array): number {
  if (bound + update.byteLength <= MAX_DOCUMENT_BYTES) return bound + update.byteLength;
  return Y.mergeUpdates([Y.encodeStateAsUpdate(doc), update]).byteLength;
}
