// A stock Yjs client works unchanged: two y-websocket WebsocketProviders, in Node, edit one post through
// `wrangler dev` and see each other's edits, and Lede's acknowledgement (type 100) reaches a handler that asks for it.
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEMO_OWNER } from '../../scripts/seed';

const url = inject('ledeUrl');
const providers: WebsocketProvider[] = [];
// ws's constructor takes `string`, the DOM's `string | URL`; the provider only ever passes a string.
type Polyfill = NonNullable<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill']>;

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
    const created = await fetch(`${url}/api/v1/admin/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Together', markdown: 'Draft.' }),
    });
    const { post } = (await created.json()) as { post: { id: string } };

    const a = connect(post.id, token);
    const acks: number[] = [];
    a.provider.messageHandlers[100] = (_encoder, decoder) => {
      acks.push(decoding.readVarUint(decoder));
    };
    const b = connect(post.id, token);
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
});
