// Changes made to a room's document from outside a Yjs client (a REST save, a restore): always forward edits, the
// smallest set of deletes and inserts that turns the current text into the wanted one, so live editors keep their
// cursors and their own concurrent typing instead of receiving a replaced document.
import { applyPatch, diffChars, structuredPatch } from 'diff';
import * as Y from 'yjs';
import { BODY, META } from './document';
import { isListKey, isTextKey, type PanelFields, type PanelKey, panelValue, rewriteList } from './panel-layout';

export interface RoomContent {
  title: string;
  markdown: string;
}

export function contentOf(doc: Y.Doc): RoomContent {
  const title = doc.getMap(META).get('title');
  return { title: typeof title === 'string' ? title : '', markdown: doc.getText(BODY).toString() };
}

/**
 * A character diff costs time in proportion to the changed length times the edit distance, so past these bounds the
 * changed middle is replaced whole (one delete, one insert) instead: still a forward edit, only a coarser one.
 */
const MAX_DIFFED_CHARS = 20_000;
const MAX_CHAR_EDIT = 500;

/**
 * Rewrites `text` to `wanted` in place. The common prefix and suffix are kept; the middle is diffed by character
 * when that is cheap, else replaced as one delete and one insert.
 */
export function rewriteText(text: Y.Text, wanted: string): void {
  const current = text.toString();
  if (current === wanted) return;
  let start = 0;
  const shortest = Math.min(current.length, wanted.length);
  while (start < shortest && current.charCodeAt(start) === wanted.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shortest - start &&
    current.charCodeAt(current.length - 1 - end) === wanted.charCodeAt(wanted.length - 1 - end)
  ) {
    end++;
  }
  const from = current.slice(start, current.length - end);
  const to = wanted.slice(start, wanted.length - end);
  const parts =
    from.length + to.length > MAX_DIFFED_CHARS ? undefined : diffChars(from, to, { maxEditLength: MAX_CHAR_EDIT });
  if (!parts) {
    if (from.length > 0) text.delete(start, from.length);
    if (to.length > 0) text.insert(start, to);
    return;
  }
  let at = start;
  for (const part of parts) {
    if (part.removed) text.delete(at, part.value.length);
    else if (part.added) {
      text.insert(at, part.value);
      at += part.value.length;
    } else at += part.value.length;
  }
}

/**
 * A three-way merge of a full-text save made from `base` onto the room's `live` text: the saver's line changes are
 * replayed on top of what live editors typed since. Returns undefined when the two touch the same lines.
 */
export function mergeText(base: string, live: string, saved: string): string | undefined {
  if (live === base) return saved;
  if (saved === base) return live;
  const patch = structuredPatch('base', 'saved', base, saved, '', '', { context: 1 });
  const merged = applyPatch(live, patch);
  return merged === false ? undefined : merged;
}

/** Sets panel fields in the `meta` map, each as the forward edit its kind allows (panel-layout.ts). */
export function writePanel(meta: Y.Map<unknown>, wanted: Partial<PanelFields>): void {
  for (const [key, value] of Object.entries(wanted) as [PanelKey, unknown][]) {
    if (value === undefined) continue;
    const held = meta.get(key);
    if (isTextKey(key) && held instanceof Y.Text) rewriteText(held, typeof value === 'string' ? value : '');
    else if (isListKey(key) && held instanceof Y.Array) rewriteList(held as Y.Array<string>, value as string[]);
    else if (isTextKey(key) || isListKey(key) || JSON.stringify(held) !== JSON.stringify(value)) {
      meta.set(key, panelValue(key, value));
    }
  }
}

/** A change made from outside a Yjs client: title, body and panel fields, any of them. */
/** What a REST save asks of the room: the post as the saver last read it, and the title and body it wants. */
export interface SaveRequest {
  siteId: string;
  postId: string;
  userId: string;
  /** The post as the saver read it; the saver's body is merged onto later live edits. Absent: replace. */
  base?: RoomContent;
  title?: string;
  markdown?: string;
  /** Side-panel fields the save wrote, as D1 now holds them, applied to the room's map as a forward edit. */
  fields?: Partial<PanelFields>;
}

/** `content` is what the post now holds (null: the room was never opened, D1 decides); or why it refused. */
export type SaveResult = { content: RoomContent | null } | { refused: 'conflict' | 'too_large' };

export type DocumentChange = Partial<RoomContent> & { fields?: Partial<PanelFields> };

/**
 * Applies a change to the document as one transaction and returns the Yjs update it produced (empty when nothing
 * changed). The caller logs and relays that update like any client's.
 */
export function editDocument(doc: Y.Doc, wanted: DocumentChange, origin: unknown): Uint8Array | undefined {
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    if (wanted.markdown !== undefined) rewriteText(doc.getText(BODY), wanted.markdown);
    const meta = doc.getMap(META);
    if (wanted.title !== undefined && meta.get('title') !== wanted.title) meta.set('title', wanted.title);
    if (wanted.fields) writePanel(meta, wanted.fields);
  }, origin);
  const update = Y.encodeStateAsUpdate(doc, before);
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0 ? undefined : update;
}
