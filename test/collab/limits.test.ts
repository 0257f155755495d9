// What a room refuses: malformed and oversized frames, a document past its cap, one connection too many.
// Each refusal must leave the room and its other peers working.
import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { MAX_BODY_CHARS, MAX_DOCUMENT_BYTES, MAX_FRAME_BYTES } from '../../durable-objects/post-room/document';
import { MAX_CONNECTIONS } from '../../durable-objects/post-room/room';
import { createTestSite, type TestSite } from '../helpers';
import { createPost } from '../admin/support';
import { frame, Peer, roomUrl, storedText, until } from './peer';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-limits');
});

async function room(markdown = 'Base') {
  const post = await createPost(site.host, site.users.editor.token, { title: 'Limits', markdown });
  const join = () => Peer.join(roomUrl(site.host, post.id, site.users.editor.token));
  return { post, join };
}

/** Proves the room still works for `peer`: an edit from a fresh peer reaches it and is stored. */
async function stillWorks(postId: string, join: () => Promise<Peer>, peer: Peer, mark: string) {
  const fresh = await join();
  await until(() => fresh.joined, 'a fresh join');
  fresh.doc.getText('markdown').insert(0, mark);
  await until(() => peer.text.startsWith(mark), 'the edit reaching the other peer');
  expect(await storedText(site.siteId, postId)).toBe(peer.text);
  fresh.close();
}

describe('malformed frames', () => {
  it('closes the sender with 1007 or 1003 and leaves the other peers alone', async () => {
    const { post, join } = await room();
    const witness = await join();
    await until(() => witness.text === 'Base');
    const bad: [Uint8Array | string, number][] = [
      [new Uint8Array([]), 1007],
      [new Uint8Array([0, 2, 5, 1, 2]), 1007], // an update whose length runs past the frame
      [
        frame(
          (e) => (
            encoding.writeVarUint(e, 0),
            encoding.writeVarUint(e, 2),
            encoding.writeVarUint8Array(e, new Uint8Array([9, 9, 9, 9]))
          ),
        ),
        1007,
      ],
      [
        frame(
          (e) => (
            encoding.writeVarUint(e, 0),
            encoding.writeVarUint(e, 7),
            encoding.writeVarUint8Array(e, new Uint8Array([0]))
          ),
        ),
        1007,
      ],
      [
        frame(
          (e) => (
            encoding.writeVarUint(e, 1),
            encoding.writeVarUint8Array(e, new Uint8Array([1, 5, 1, 3, 123, 120, 125]))
          ),
        ),
        1007,
      ],
      ['{"hello":"json"}', 1003],
    ];
    for (const [bytes, code] of bad) {
      const attacker = await join();
      attacker.send(bytes);
      await until(() => attacker.closed !== undefined, `the close for ${String(bytes)}`);
      expect(attacker.closed?.code).toBe(code);
    }
    expect(witness.closed).toBeUndefined();
    await stillWorks(post.id, join, witness, 'still ');
    expect(witness.text).toBe('still Base');
  });

  it('ignores message types it does not know', async () => {
    const { join } = await room();
    const peer = await join();
    peer.send(frame((e) => (encoding.writeVarUint(e, 42), encoding.writeVarString(e, 'hi'))));
    peer.doc.getText('markdown').insert(0, 'ok ');
    await until(() => peer.acks.length >= 2);
    expect(peer.closed).toBeUndefined();
    peer.close();
  });
});

describe('size limits', () => {
  it(`closes a frame over ${MAX_FRAME_BYTES} bytes with 1009`, async () => {
    const { post, join } = await room();
    const witness = await join();
    const attacker = await join();
    await until(() => attacker.joined);
    attacker.send(new Uint8Array(MAX_FRAME_BYTES + 16));
    await until(() => attacker.closed !== undefined, 'the close');
    expect(attacker.closed?.code).toBe(1009);
    await stillWorks(post.id, join, witness, 'fine ');
  });

  it(`refuses an update that would take the document past ${MAX_DOCUMENT_BYTES} bytes, with a message`, async () => {
    const { post, join } = await room('');
    const writer = await join();
    const witness = await join();
    await until(() => writer.joined);
    // Metadata has no length rule of its own, so only the byte cap stops it.
    const block = 'x'.repeat(900_000);
    writer.doc.getMap('meta').set('a', block);
    await until(() => writer.acks.length === 2, 'the first block acknowledged');
    writer.doc.getMap('meta').set('b', block);
    await until(() => writer.acks.length === 3, 'the second block acknowledged');
    writer.doc.getMap('meta').set('c', block);
    await until(() => writer.closed !== undefined, 'the refusal');
    expect(writer.closed?.code).toBe(1009);
    expect(writer.denied[0]).toMatch(/limit/);
    expect(writer.acks).toHaveLength(3);
    await until(() => witness.doc.getMap('meta').has('b'), 'the two accepted blocks');
    expect(witness.doc.getMap('meta').has('c')).toBe(false);
    await stillWorks(post.id, join, witness, 'small ');
    expect(await storedText(site.siteId, post.id)).toBe('small ');
  });

  it(`refuses an edit that would take the body past ${MAX_BODY_CHARS} characters, and keeps the room working`, async () => {
    const { post, join } = await room('');
    const writer = await join();
    const witness = await join();
    await until(() => writer.joined);
    writer.doc.getText('markdown').insert(0, 'y'.repeat(MAX_BODY_CHARS - 10));
    await until(() => writer.acks.length === 2, 'the body up to near the limit');
    writer.doc.getText('markdown').insert(0, 'y'.repeat(11));
    await until(() => writer.closed !== undefined, 'the refusal');
    expect(writer.closed?.code).toBe(1009);
    expect(writer.denied[0]).toMatch(/characters/);
    await until(() => witness.text.length === MAX_BODY_CHARS - 10, 'the accepted body');
    await stillWorks(post.id, join, witness, 'ok ');
    expect((await storedText(site.siteId, post.id)).length).toBe(MAX_BODY_CHARS - 7);
  });
});

describe('connection cap', () => {
  it(`closes connection ${MAX_CONNECTIONS + 1} with 1013 and takes newcomers again once someone leaves`, async () => {
    const { join } = await room();
    const peers: Peer[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) peers.push(await join());
    await until(() => peers.every((p) => p.joined), 'every peer synced');
    const extra = await join();
    await until(() => extra.closed !== undefined, 'the refusal');
    expect(extra.closed).toEqual({ code: 1013, reason: expect.stringMatching(/try again later/) });
    expect(peers.every((p) => p.closed === undefined)).toBe(true);

    peers.pop()!.close();
    await until(async () => {
      const next = await join();
      await until(() => next.joined || next.closed !== undefined);
      return next.closed === undefined;
    }, 'a free place');
    for (const peer of peers) peer.close();
    // Hundreds of sockets, each joining through the Worker's token and policy checks: more than the default 5 s.
  }, 60_000);
});
