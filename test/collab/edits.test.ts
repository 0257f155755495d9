// Forward edits: any text can be turned into any other by deletes and inserts, and a concurrent peer's typing
// survives a rewrite that did not touch it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editDocument, mergeText, rewriteText } from '../../durable-objects/post-room/edits';

describe('rewriteText', () => {
  it('turns any text into any other', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (from, to) => {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, from);
        rewriteText(doc.getText('t'), to);
        expect(doc.getText('t').toString()).toBe(to);
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it('keeps a concurrent insert outside the rewritten range, once, in place', () => {
    const a = new Y.Doc();
    a.getText('markdown').insert(0, 'The quick brown fox');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText('markdown').insert(19, ' jumps');
    const update = editDocument(a, { markdown: 'The slow brown fox' }, 'rest');
    Y.applyUpdate(b, update!);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(a.getText('markdown').toString()).toBe('The slow brown fox jumps');
    expect(b.getText('markdown').toString()).toBe('The slow brown fox jumps');
  });

  it('replaces a large middle in one step instead of diffing it by character', () => {
    const doc = new Y.Doc();
    const from = 'a'.repeat(5_000) + 'b'.repeat(50_000) + 'c';
    const to = 'a'.repeat(5_000) + 'd'.repeat(50_000) + 'c';
    doc.getText('t').insert(0, from);
    rewriteText(doc.getText('t'), to);
    expect(doc.getText('t').toString()).toBe(to);
  });
});

describe('editDocument', () => {
  it('answers undefined when nothing changes', () => {
    const doc = new Y.Doc();
    doc.getText('markdown').insert(0, 'same');
    doc.getMap('meta').set('title', 'T');
    expect(editDocument(doc, { markdown: 'same', title: 'T' }, 'rest')).toBeUndefined();
  });
});

describe('mergeText', () => {
  it('replays the saver’s line changes on top of live edits elsewhere', () => {
    expect(mergeText('a\nb\nc\nd', 'a\nb\nc\nD', 'A\nb\nc\nd')).toBe('A\nb\nc\nD');
  });

  it('refuses changes to the same line', () => {
    expect(mergeText('a\nb\nc', 'a\nB1\nc', 'a\nB2\nc')).toBeUndefined();
  });

  it('takes the saved text when nothing happened live, and the live text when the saver changed nothing', () => {
    expect(mergeText('x', 'x', 'y')).toBe('y');
    expect(mergeText('x', 'z', 'x')).toBe('z');
  });
});
