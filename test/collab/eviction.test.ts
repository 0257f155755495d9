// Forced eviction: editors type while the room is aborted at hundreds of seeded random points (with edits in flight,
// right after acknowledgements, around compactions). After every abort, every update the room acknowledged must be
// in the document rebuilt from its storage, and once everyone is back all editors and the room converge.
//
// Each editor keeps one update frame in flight and merges what it types meanwhile into the next one. The reason is
// the test harness: vitest-pool-workers' Durable Object wrapper awaits a module import before every handler, so the
// frames of one socket can reach the room out of order here (observed: a burst A…O relayed as A C B … O N M …).
// The acknowledgement counts frames ("the first n are durable"), which only describes in-order delivery, as workerd
// gives the room's synchronous handler in production. With one frame in flight, order cannot change.
import { abortAllDurableObjects, runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createPost } from '../admin/support';
import { createTestSite, type TestSite } from '../helpers';
import { encodeIdentity, IDENTITY_HEADER } from '../../durable-objects/post-room/attachments';
import * as decoding from 'lib0/decoding';
import { frame, inRoom, Peer, roomOf } from './peer';

const RESTARTS = 300;
const SEED = 20261122;

/** mulberry32, as in fuzz.test.ts: a failing seed replays exactly. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `until` of peer.ts with a tighter poll: this test waits hundreds of times. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (await done()) return;
    await sleep(2);
  }
  throw new Error(`${what} never came`);
}

/** Whether applying `updates` to the stored state would change nothing: every insert and delete is already in it. */
function containsAll(stored: Uint8Array, updates: Uint8Array[]): boolean {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stored);
  const before = Y.encodeStateAsUpdate(doc);
  for (const update of updates) Y.applyUpdate(doc, update);
  return Buffer.from(before).equals(Buffer.from(Y.encodeStateAsUpdate(doc)));
}

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('room-eviction');
});

describe('a room aborted at random points', () => {
  it(`loses no acknowledged edit across ${RESTARTS} restarts, and everyone converges`, async () => {
    const rng = random(SEED);
    const post = await createPost(site.host, site.users.editor.token, { title: 'Evict', markdown: 'Start.' });
    // A stub breaks with the object it reached, so each use takes a fresh one.
    const room = () => roomOf(site.siteId, post.id);
    // Joining straight at the room, with the identity the Worker would pass: the Worker's checks are room.test.ts's
    // subject, and skipping them keeps hundreds of reconnects fast.
    const identity = encodeIdentity({
      siteId: site.siteId,
      postId: post.id,
      userId: site.users.editor.id,
      name: 'editor',
      role: 'editor',
      readOnly: false,
    });
    const join = async (doc?: Y.Doc) => {
      const res = await room().fetch('https://post-room.internal/connect', {
        headers: { upgrade: 'websocket', [IDENTITY_HEADER]: identity },
      });
      res.webSocket!.accept();
      const peer = new Peer(res.webSocket!, doc);
      peer.held = [];
      // Registered after the peer's own listener, so the acknowledgement is counted before the next frame goes.
      peer.ws.addEventListener('message', () => pump(peer));
      peer.send(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, peer.doc))));
      return peer;
    };
    /** Sends what the peer holds, merged into one update frame, once its previous frame is acknowledged. */
    const pump = (peer: Peer) => {
      const held = peer.held ?? [];
      if (held.length === 0 || peer.closed || (peer.acks.at(-1) ?? 0) < peer.sent.length) return;
      const updates = held.map((bytes) => {
        const decoder = decoding.createDecoder(bytes);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        return decoding.readVarUint8Array(decoder);
      });
      const merged = Y.mergeUpdates(updates);
      peer.held = [frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, merged)))];
      peer.flush([0]);
      peer.held = [];
    };
    const stored = () => inRoom(room(), (r) => Y.encodeStateAsUpdate(r.store.load()));
    const peers = await Promise.all([0, 1, 2].map(() => join()));

    const edit = (peer: Peer) => {
      change(peer);
      pump(peer);
    };
    const change = (peer: Peer) => {
      const text = peer.doc.getText('markdown');
      const roll = rng.next();
      if (roll < 0.6 || text.length < 4) {
        text.insert(rng.int(text.length + 1), String.fromCharCode(97 + rng.int(26)).repeat(1 + rng.int(3)));
      } else if (roll < 0.9) {
        const at = rng.int(text.length);
        text.delete(at, Math.min(1 + rng.int(3), text.length - at));
      } else {
        peer.doc.getMap('meta').set('title', `Title ${rng.int(1000)}`);
      }
    };

    // The check below can fail: an update the room never saw is not in its storage.
    const stranger = new Y.Doc();
    stranger.getText('markdown').insert(0, 'never sent');
    expect(containsAll(await stored(), [Y.encodeStateAsUpdate(stranger)])).toBe(false);

    let acknowledged = 0;
    /** Restarts that cut off updates the room had not acknowledged yet. */
    let inFlight = 0;
    let compactions = 0;
    let alarms = 0;
    for (let restart = 0; restart < RESTARTS; restart++) {
      for (let i = rng.int(6); i > 0; i--) edit(peers[rng.int(peers.length)]!);

      // Compaction folds the log into a snapshot: by the room's own alarm when one is due, or directly.
      const fold = rng.next();
      if (fold < 0.1) {
        if (await runDurableObjectAlarm(room())) alarms++;
      } else if (fold < 0.2) {
        await inRoom(room(), (r) => r.store.compact(r.doc));
        compactions++;
      }

      // The restart point: with updates still in flight, a moment later, or once the room answered some of them.
      const when = rng.next();
      if (when < 0.3) await sleep(rng.int(4));
      else if (when < 0.6) {
        const peer = peers[rng.int(peers.length)]!;
        const wanted = rng.int(peer.sent.length + 1);
        await until(() => (peer.acks.at(-1) ?? 0) >= wanted || peer.closed !== undefined, 'acknowledgements');
      }
      await abortAllDurableObjects();
      await until(() => peers.every((p) => p.closed !== undefined), 'the sockets to drop with the room');

      // Acknowledgements can only have come before the abort: the socket is closed now.
      const acked = peers.flatMap((p) => p.acknowledged);
      acknowledged += acked.length;
      if (peers.some((p) => p.sent.length > (p.acks.at(-1) ?? 0))) inFlight++;
      expect(containsAll(await stored(), acked), `restart ${restart}: an acknowledged update was lost`).toBe(true);

      // Someone types while the room is down; the sync on reconnect carries it.
      if (rng.next() < 0.3) change(peers[rng.int(peers.length)]!);
      for (const p of peers) p.close();
      peers.splice(0, peers.length, ...(await Promise.all(peers.map((p) => join(p.doc)))));
      if (restart % 10 === 9) {
        const states = () => peers.map((p) => Buffer.from(Y.encodeStateAsUpdate(p.doc)));
        await until(() => states().every((s) => s.equals(states()[0]!)), `convergence after restart ${restart}`);
      }
    }

    const states = () => peers.map((p) => Buffer.from(Y.encodeStateAsUpdate(p.doc)));
    await until(() => states().every((s) => s.equals(states()[0]!)), 'final convergence');
    await until(async () => Buffer.from(await stored()).equals(states()[0]!), 'the room to hold the same document');
    expect(peers.map((p) => p.text)).toEqual(peers.map(() => peers[0]!.text));
    // Enough happened for the run to mean something.
    expect(acknowledged).toBeGreaterThan(RESTARTS);
    expect(inFlight).toBeGreaterThan(0);
    expect(compactions).toBeGreaterThan(0);
    const length = peers[0]!.text.length;
    console.log(JSON.stringify({ restarts: RESTARTS, acknowledged, inFlight, compactions, alarms, length }));
    for (const p of peers) p.close();
  }, 120_000);
});
