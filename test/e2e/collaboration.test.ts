// A stock Yjs client works unchanged: two y-websocket WebsocketProviders, in Node, edit one post through
// `wrangler dev` and see each other's edits, and Lede's acknowledgement (type 100) reaches a handler that asks for it.
// And the room takes a client's frames in the order sent, which its acknowledgement (a count of frames) relies on.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEMO_OWNER } from '../../scripts/seed';

const url = inject('ledeUrl');
const providers: WebsocketProvider[] = [];
// ws's constructor takes `string`, the DOM's `string | URL`; the provider only ever passes a string.
type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

async function createDraft(token: string, title: string): Promise<string> {
  const created = await fetch(`${url}/api/v1/admin/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, markdown: 'Draft.' }),
  });
  return ((await created.json()) as { post: { id: string } }).post.id;
}

async function signIn(): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function connect(postId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/api/v1/admin/posts`, `${postId}/room`, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as Polyfill,
    disableBc: true,
  });
  providers.push(provider);
  return { doc, provider };
}

/** Polls until `done` holds; the bound (20 s) only stops a broken room from hanging the suite. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 800; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what} never came`);
}

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

describe('live collaboration with y-websocket', () => {
  it('syncs the seeded draft and relays edits between two providers', async () => {
    const token = await signIn();
    const postId = await createDraft(token, 'Together');

    const a = connect(postId, token);
    const acks: number[] = [];
    a.provider.messageHandlers[100] = (_encoder, decoder) => {
      acks.push(decoding.readVarUint(decoder));
    };
    const b = connect(postId, token);
    await until(() => a.provider.synced && b.provider.synced, 'the sync');
    expect(a.doc.getText('markdown').toString()).toBe('Draft.');
    expect(b.doc.getMap('meta').get('title')).toBe('Together');

    a.doc.getText('markdown').insert(0, 'Live: ');
    await until(() => b.doc.getText('markdown').toString() === 'Live: Draft.', 'the edit at b');
    await until(() => acks.length >= 2, 'the acknowledgement');

    b.provider.awareness.setLocalStateField('user', { name: 'B', color: '#0af' });
    await until(() => a.provider.awareness.getStates().get(b.doc.clientID) !== undefined, 'b presence at a');
  });

  it('refuses a connection without a valid token before it opens', async () => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/admin/posts/nope/room?token=bad`);
    const status = await new Promise<number>((resolve, reject) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the room opened')));
      socket.on('error', () => undefined);
    });
    socket.terminate();
    expect(status).toBe(401);
  });

  it('takes a burst of frames in the order one client sent them', async () => {
    // In the workerd test pool frames sent together can reach the room in another order (docs/COLLABORATION.md);
    // through wrangler dev, as in production, they must not: an ack n means "your first n frames".
    const token = await signIn();
    const postId = await createDraft(token, 'In order');
    const open = async () => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/admin/posts/${postId}/room?token=${token}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    };
    const [writer, watcher] = [await open(), await open()];
    const acks: number[] = [];
    writer.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === 100) acks.push(decoding.readVarUint(decoder));
    });
    const doc = new Y.Doc();
    /** The writer's clocks, in the order the room relayed them to the watcher. */
    const relayed: number[] = [];
    watcher.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) return;
      for (const struct of Y.decodeUpdate(decoding.readVarUint8Array(decoder)).structs) {
        if (struct.id.client === doc.clientID) relayed.push(struct.id.clock);
      }
    });
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint8Array(encoder, update);
      writer.send(encoding.toUint8Array(encoder));
    });
    const FRAMES = 300;
    // Bursts of ten frames sent in one go, the pattern that the test pool reorders.
    for (let burst = 0; burst < FRAMES / 10; burst++) {
      for (let i = 0; i < 10; i++) doc.getText('markdown').insert(0, 'x');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => acks.length === FRAMES && relayed.length === FRAMES, 'every ack and relay');
    expect(acks).toEqual([...Array(FRAMES).keys()].map((i) => i + 1));
    expect(relayed).toEqual([...Array(FRAMES).keys()]);
    writer.close();
    watcher.close();
  });
});
