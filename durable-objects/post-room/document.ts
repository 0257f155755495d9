// The layout of a post's Yjs document (docs/COLLABORATION.md) and the limits every update is held to.
import * as Y from 'yjs';

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

/** The first state of a room that has never been opened: the post as D1 holds it. */
export function seedUpdate(post: { title: string; markdown: string }): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getText(BODY).insert(0, post.markdown);
    doc.getMap(META).set('title', post.title);
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Whether a valid update carries nothing (the empty sync step 2 every client sends on connect). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/**
 * The document's encoded size once `update` is applied, or an upper bound of it. `bound` is an upper bound on the
 * current size (cheap to keep); only when the sum passes the cap is the exact merged size computed.
 */
export function sizeAfter(doc: Y.Doc, bound: number, update: Uint8Array): number {
  if (bound + update.byteLength <= MAX_DOCUMENT_BYTES) return bound + update.byteLength;
  return Y.mergeUpdates([Y.encodeStateAsUpdate(doc), update]).byteLength;
}
