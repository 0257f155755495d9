// A test-side collaborator: a Yjs document joined to a post's room through the Worker, speaking the y-websocket
// protocol with y-protocols' own encoders, and recording everything the room tells it.
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { PostRoom } from '../../durable-objects/post-room';
import type { Room } from '../../durable-objects/post-room/room';

export const REMOTE = Symbol('remote');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds; the bound only stops a broken room from hanging the suite. */
export async function until(done: () => boolean | Promise<boolean>, what = 'the awaited state'): Promise<void> {
  for (let i = 0; i < 2500; i++) {
    if (await done()) return;
    await sleep(10);
  }
  throw new Error(`${what} never came`);
}

export const roomUrl = (host: string, id: string, token?: string, type = 'posts') =>
  `http://${host}/api/v1/admin/${type}/${id}/room${token ? `?token=${encodeURIComponent(token)}` : ''}`;

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const roomOf = (siteId: string, postId: string) =>
  env.POST_ROOM.get(env.POST_ROOM.idFromName(`${siteId}:${postId}`));

/** The document as the room's SQLite holds it: snapshot plus log, read without going through the room's memory. */
export const storedText = (siteId: string, postId: string) =>
  inRoom(roomOf(siteId, postId), (room) => room.store.load().getText('markdown').toString());

/** Runs `fn` inside the object with the room itself, which the exported class (PostRoom) hands every event to. */
export const inRoom = <T>(
  stub: DurableObjectStub<PostRoom>,
  fn: (room: Room, state: DurableObjectState) => T | Promise<T>,
): Promise<T> =>
  runInDurableObject(stub, async (instance: PostRoom, state) => fn(await PostRoom.roomOf(instance), state));

export class Peer {
  readonly awareness: awarenessProtocol.Awareness;
  acks: number[] = [];
  /** Whether the room's sync step 2 (its whole document, answering ours) has arrived, as y-websocket's `synced`. */
  synced = false;
  denied: string[] = [];
  /** Every field-problems message (type 101) the room sent, parsed. */
  problems: { field: string; code: string; message: string }[][] = [];
  closed?: { code: number; reason: string };
  /** Every update-bearing frame sent on this connection, in order: ack n covers the first n. */
  sent: Uint8Array[] = [];
  /** When set, update frames wait here until `flush` sends them in the order it is given. */
  held?: Uint8Array[];
  /**
   * One frame at a time (Peer.join's `oneInFlight`): an update frame waits here until the room has acknowledged the
   * one before, so the room sees frames in the order sent. Frames sent together can reach the room in another order
   * under the test pool (its Durable Object wrapper awaits before each handler: docs/COLLABORATION.md), and an ack
   * counts frames, so only this way does "ack n" name the first n frames here.
   */
  private queue?: Uint8Array[];
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) this.sendUpdate(syncProtocol.messageYjsUpdate, update);
  };

  constructor(
    readonly ws: WebSocket,
    readonly doc = new Y.Doc(),
    oneInFlight = false,
  ) {
    if (oneInFlight) this.queue = [];
    this.awareness = new awarenessProtocol.Awareness(doc);
    // Under this compatibility date binary frames arrive as Blobs unless asked otherwise.
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (event) => this.receive(new Uint8Array(event.data as ArrayBuffer)));
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
    });
    doc.on('update', this.onUpdate);
    // The test's awareness instance runs a timer; clear it so nothing outlives the test.
    this.awareness.destroy();
  }

  /** Joins as y-websocket does: opens the socket and sends sync step 1. */
  static async join(url: string, doc?: Y.Doc, options: { oneInFlight?: boolean } = {}): Promise<Peer> {
    const res = await SELF.fetch(url, { headers: { upgrade: 'websocket' } });
    if (!res.webSocket) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    const peer = new Peer(res.webSocket, doc, options.oneInFlight);
    peer.send(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, peer.doc))));
    return peer;
  }

  send(bytes: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  private sendUpdate(step: number, update: Uint8Array): void {
    const bytes = frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, update);
    });
    if (this.held) return void this.held.push(bytes);
    this.transmit(bytes);
  }

  /** Sends the held update frames in the given order (a permutation of their indexes) and stops holding. */
  flush(order: number[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const i of order) this.transmit(held[i]!);
  }

  /** Sends an update frame now, or queues it behind the unacknowledged one. */
  private transmit(bytes: Uint8Array): void {
    if (!this.queue) return this.sendNow(bytes);
    this.queue.push(bytes);
    this.pump();
  }

  private pump(): void {
    if (!this.queue || (this.acks.at(-1) ?? 0) < this.sent.length) return;
    const next = this.queue.shift();
    if (next) this.sendNow(next);
  }

  private sendNow(bytes: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    this.sent.push(decoding.readVarUint8Array(decoder));
    this.ws.send(bytes);
  }

  /** The updates the room has acknowledged as durable. */
  get acknowledged(): Uint8Array[] {
    return this.sent.slice(0, this.acks.at(-1) ?? 0);
  }

  /** Sends this peer's presence the way y-websocket does. */
  announce(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.send(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update))));
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        this.sendUpdate(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(this.doc, payload));
      } else {
        Y.applyUpdate(this.doc, payload, REMOTE);
        if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
      }
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), REMOTE);
    } else if (type === 2) {
      decoding.readVarUint(decoder);
      this.denied.push(decoding.readVarString(decoder));
    } else if (type === 100) {
      this.acks.push(decoding.readVarUint(decoder));
      this.pump();
    } else if (type === 101) {
      this.problems.push(
        (JSON.parse(decoding.readVarString(decoder)) as { problems: Peer['problems'][number] }).problems,
      );
    }
  }

  /**
   * Joined both ways: the room's document has arrived and our own step 2 is acknowledged. Either can come first (the
   * test pool may hand the room our step 2 before our step 1), so a test that reads the document waits for both.
   */
  get joined(): boolean {
    return this.synced && this.acks.length > 0;
  }

  get text(): string {
    return this.doc.getText('markdown').toString();
  }

  close(): void {
    this.doc.off('update', this.onUpdate);
    if (this.closed) return;
    this.closed = { code: 1000, reason: 'done' };
    this.ws.close(1000, 'done');
  }
}
