// Form controls bound to the room's `meta` map (durable-objects/post-room/panel-layout.ts), so the side panel is
// co-edited like the body: every keystroke in a text field is a Yjs edit, and a peer's edit lands in the field
// without moving the caret of whoever is typing in it.
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import * as Y from 'yjs';
import { rewriteList } from '../../durable-objects/post-room/panel-layout';

/** The origin of this editor's own panel edits, so their echo is not written back into the field. */
const LOCAL = Symbol('panel');

/** Re-renders the caller whenever the map (or anything in it) changes. */
export function useMeta(meta: Y.Map<unknown>): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = () => setTick((n) => n + 1);
    meta.observeDeep(bump);
    return () => meta.unobserveDeep(bump);
  }, [meta]);
  return tick;
}

/** Turns `text` into `value` by replacing what lies between their common head and tail: one typed change. */
export function setText(text: Y.Text, value: string): void {
  const current = text.toString();
  if (current === value) return;
  let start = 0;
  while (start < current.length && start < value.length && current[start] === value[start]) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < value.length - start &&
    current[current.length - 1 - end] === value[value.length - 1 - end]
  ) {
    end++;
  }
  text.doc?.transact(() => {
    if (current.length - end > start) text.delete(start, current.length - end - start);
    if (value.length - end > start) text.insert(start, value.slice(start, value.length - end));
  }, LOCAL);
}

/** Moves a caret index across a peer's change, as CodeMirror's binding does for the body. */
function mapIndex(index: number, delta: Y.YTextEvent['delta']): number {
  let at = 0;
  let mapped = index;
  for (const op of delta) {
    if (op.retain) at += op.retain;
    else if (typeof op.insert === 'string') {
      if (at < index) mapped += op.insert.length;
      at += op.insert.length;
    } else if (op.delete) {
      if (at < index) mapped -= Math.min(op.delete, index - at);
    }
  }
  return mapped;
}

interface SharedTextProps {
  meta: Y.Map<unknown>;
  field: string;
  label: string;
  long?: boolean;
  maxLength?: number;
  disabled?: boolean;
}

/** A text input (or textarea) bound to a `Y.Text` in the map. The element is left uncontrolled: Yjs writes it. */
export function SharedText({ meta, field, label, long, maxLength, disabled }: SharedTextProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    const text = meta.get(field);
    if (!el || !(text instanceof Y.Text)) return;
    el.value = text.toString();
    const typed = () => setText(text, el.value);
    const received = (event: Y.YTextEvent) => {
      // The echo of what was just typed here; anything else (a peer, a picked image) is written into the field.
      if (el.value === text.toString()) return;
      const focused = document.activeElement === el;
      const [start, end] = [el.selectionStart ?? 0, el.selectionEnd ?? 0];
      el.value = text.toString();
      if (focused) el.setSelectionRange(mapIndex(start, event.delta), mapIndex(end, event.delta));
    };
    el.addEventListener('input', typed);
    text.observe(received);
    return () => {
      el.removeEventListener('input', typed);
      text.unobserve(received);
    };
    // A peer may replace the field's Y.Text (a room seeding its panel): bind again to the new one.
  }, [meta, field, meta.get(field)]);
  return (
    <label>
      {label}
      {long ? (
        <textarea
          ref={ref}
          name={field}
          rows={field === 'custom_excerpt' ? 3 : 2}
          maxLength={maxLength}
          disabled={disabled}
        />
      ) : (
        <input ref={ref} name={field} maxLength={maxLength} disabled={disabled} />
      )}
    </label>
  );
}

/** The list in the map under `field`, as an array (empty when it is missing). */
export function listOf(meta: Y.Map<unknown>, field: string): string[] {
  const list = meta.get(field);
  return list instanceof Y.Array ? (list.toArray() as string[]) : [];
}

/** Replaces the list under `field` by the smallest change (concurrent additions by peers survive). */
export function setList(meta: Y.Map<unknown>, field: string, wanted: string[]): void {
  const list = meta.get(field);
  if (list instanceof Y.Array) meta.doc?.transact(() => rewriteList(list as Y.Array<string>, wanted), LOCAL);
}

/** Adds or removes one entry, leaving the rest of the list (and peers' concurrent changes to it) alone. */
export function toggleInList(meta: Y.Map<unknown>, field: string, value: string, on: boolean): void {
  const list = meta.get(field);
  if (!(list instanceof Y.Array)) return;
  meta.doc?.transact(() => {
    const items = list.toArray();
    if (on && !items.includes(value)) list.push([value]);
    for (let i = items.length - 1; !on && i >= 0; i--) if (items[i] === value) list.delete(i, 1);
  }, LOCAL);
}

/** Sets a whole value (featured, visibility, custom fields): the last writer wins. */
export function setValue(meta: Y.Map<unknown>, field: string, value: unknown): void {
  if (JSON.stringify(meta.get(field)) === JSON.stringify(value)) return;
  meta.doc?.transact(() => meta.set(field, value), LOCAL);
}

const namesIn = (value: string) => [
  ...new Set(
    value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/**
 * A comma-separated list of names bound to a `Y.Array`. It is written when the field is left or Enter is pressed,
 * not per keystroke, so peers never see (and the flush never creates) a half-typed tag; what this editor added and
 * removed since the field last showed the list is applied to the list as it is now, so a peer's concurrent change
 * survives.
 */
export function SharedNames({ meta, field, label, disabled }: Omit<SharedTextProps, 'long' | 'maxLength'>) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = ref.current;
    const list = meta.get(field);
    if (!el || !(list instanceof Y.Array)) return;
    let shown = listOf(meta, field);
    el.value = shown.join(', ');
    const commit = () => {
      const typed = namesIn(el.value);
      const removed = new Set(shown.filter((n) => !typed.includes(n)));
      const current = listOf(meta, field);
      const next = [...current.filter((n) => !removed.has(n)), ...typed.filter((n) => !current.includes(n))];
      setList(meta, field, next);
      shown = next;
      el.value = next.join(', ');
    };
    const received = (event: Y.YArrayEvent<unknown>) => {
      if (event.transaction.origin === LOCAL) return;
      // Someone halfway through changing the list keeps their text; what they change is applied on commit.
      if (document.activeElement === el && namesIn(el.value).join(', ') !== shown.join(', ')) return;
      shown = listOf(meta, field);
      el.value = shown.join(', ');
    };
    el.addEventListener('change', commit);
    list.observe(received);
    return () => {
      el.removeEventListener('change', commit);
      list.unobserve(received);
    };
  }, [meta, field, meta.get(field)]);
  return (
    <label>
      {label}
      <input ref={ref} name={field} disabled={disabled} />
    </label>
  );
}
