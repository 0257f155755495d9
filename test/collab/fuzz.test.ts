// Seeded fuzzing: several editors make random concurrent edits, drop and rejoin, send their updates out of order,
// and the room is evicted at random points. Every acknowledged edit must survive each eviction, and in the end
// every editor and the room's storage must hold the same document, byte for byte.
// Each peer keeps one update frame in flight (Peer's `oneInFlight`): the test pool can hand the room frames sent
// together in another order, and only in order does "ack n" name the peer's first n frames. The reordering the test
// means to make, it makes itself: held frames are released in a shuffled order.
import { abortAllDurableObjects } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPost } from '../admin/support';
import { createTestSite, type TestSite } from '../helpers';
import { inRoom, Peer, roomOf, roomUrl, until } from './peer';

/** mulberry32: a small, seedable PRNG, so a failing seed replays exactly. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const shuffle = (n: number) => {
    const out = [...Array(n).keys()];
    for (let i = n - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, int, shuffle };
}

const ONE_IN_FLIGHT = { oneInFlight: true };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-fuzz');
});

/**
 * Whether every structure `update` inserts is stored in `doc`: integrated, or held as pending because the client
 * sent it ahead of what it depends on (reordered). Updates may carry pending structs of their own (a sync step 2
 * includes the sender's pending ones), hence the gaps. Deletions are checked by the final convergence.
 */
function contains(doc: Y.Doc, update: Uint8Array): boolean {
  const held = new Map<number, [number, number][]>();
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) held.set(client, [[0, clock]]);
  const pending = doc.store.pendingStructs?.update;
  // Skip structs mark gaps in a merged update; they carry nothing to store.
  // Yjs keeps pending structs in its v2 encoding.
  for (const struct of pending ? Y.decodeUpdateV2(pending).structs.filter((x) => !(x instanceof Y.Skip)) : []) {
    const { client, clock } = struct.id;
    held.set(client, [...(held.get(client) ?? []), [clock, clock + struct.length]]);
  }
  const structs = Y.decodeUpdate(update).structs.filter((x) => !(x instanceof Y.Skip));
  return structs.every((struct) => {
    const { client, clock } = struct.id;
    return (held.get(client) ?? []).some(([from, to]) => from <= clock && clock + struct.length <= to);
  });
}

describe.each([1, 2, 3])('fuzz seed %i', (seed) => {
  it('converges byte for byte and loses no acknowledged edit', async () => {
    const rng = random(seed);
    const post = await createPost(site.host, site.users.editor.token, { title: 'Fuzz', markdown: 'Start.' });
    const url = roomUrl(site.host, post.id, site.users.editor.token);
    const docs = [...Array(4)].map(() => new Y.Doc());
    const peers = await Promise.all(docs.map((doc) => Peer.join(url, doc, ONE_IN_FLIGHT)));
    const live = () => peers.filter((p) => !p.closed);

    for (let step = 0; step < 120; step++) {
      const i = rng.int(peers.length);
      const peer = peers[i]!;
      const roll = rng.next();
      const text = peer.doc.getText('markdown');
      if (roll < 0.5) {
        text.insert(rng.int(text.length + 1), String.fromCharCode(97 + rng.int(26)).repeat(1 + rng.int(4)));
      } else if (roll < 0.65 && text.length > 0) {
        const at = rng.int(text.length);
        text.delete(at, Math.min(1 + rng.int(3), text.length - at));
      } else if (roll < 0.7) {
        peer.doc.getMap('meta').set('title', `Title ${step}`);
      } else if (roll < 0.78) {
        peer.held ??= [];
      } else if (roll < 0.86 && peer.held) {
        peer.flush(rng.shuffle(peer.held.length));
      } else if (roll < 0.92) {
        if (!peer.closed) peer.close();
        else peers[i] = await Peer.join(url, peer.doc, ONE_IN_FLIGHT);
      } else if (roll < 0.94) {
        // Eviction: whatever the room acknowledged must be in its storage when it comes back.
        await sleep(5);
        const acknowledged = peers.flatMap((p) => p.acknowledged);
        await abortAllDurableObjects();
        const stored = await inRoom(roomOf(site.siteId, post.id), (room) => room.store.load());
        expect(acknowledged.every((u) => contains(stored, u))).toBe(true);
        for (const [k, p] of peers.entries()) peers[k] = await Peer.join(url, p.doc, ONE_IN_FLIGHT);
      }
      if (rng.next() < 0.3) await sleep(rng.int(4));
    }

    for (const [k, p] of peers.entries()) {
      if (p.held) p.flush(rng.shuffle(p.held.length));
      if (p.closed) peers[k] = await Peer.join(url, p.doc, ONE_IN_FLIGHT);
    }
    const states = () => peers.map((p) => Y.encodeStateAsUpdate(p.doc));
    await until(() => {
      const [first, ...rest] = states();
      return live().length === peers.length && rest.every((s) => Buffer.from(s).equals(Buffer.from(first!)));
    }, 'convergence');
    const stored = await inRoom(roomOf(site.siteId, post.id), (room) => Y.encodeStateAsUpdate(room.store.load()));
    expect(stored).toEqual(states()[0]);
    for (const p of peers) p.close();
  });
});
