// A post room declines permessage-deflate (wrangler.toml's `no_web_socket_compression`): its frames are small Yjs
// updates relayed to every editor, where deflating each copy costs more than it saves. This checks the flags Lede
// deploys with, on a Worker of the room's shape (the Worker forwards the upgrade to a Durable Object that accepts it
// with the hibernation API), with the client offering deflate as browsers do. The client connects to a socket of the
// Worker itself, as on Cloudflare; under `wrangler dev`, Miniflare's entry worker answers the upgrade with its own
// flags and accepts the offer, which is why the collaboration benchmark's clients do not make it.
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import WebSocket from 'ws';
import { ROOT } from '../../scripts/local';

const ROOM_SHAPED_WORKER = `
import { DurableObject } from 'cloudflare:workers';
export class Room extends DurableObject {
  fetch() {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws, message) {
    ws.send(message);
  }
}
export default {
  fetch(request, env) {
    const stub = env.ROOM.get(env.ROOM.idFromName('post'));
    return stub.fetch('https://room.internal/connect', { headers: { upgrade: 'websocket' } });
  },
};`;

let mf: Miniflare;
let directUrl: URL;

beforeAll(async () => {
  const config = unstable_readConfig({ config: `${ROOT}/wrangler.toml` });
  mf = new Miniflare({
    modules: true,
    script: ROOM_SHAPED_WORKER,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    durableObjects: { ROOM: { className: 'Room', useSQLite: true } },
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  });
  await mf.ready;
  directUrl = await mf.unsafeGetDirectURL();
});

afterAll(() => mf?.dispose());

async function open(url: URL): Promise<WebSocket> {
  const ws = new WebSocket(url.href.replace(/^http/, 'ws'), { perMessageDeflate: true });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

describe('WebSocket compression', () => {
  it('is declined by a Worker with the flags in wrangler.toml, though the client offers it', async () => {
    expect(unstable_readConfig({ config: `${ROOT}/wrangler.toml` }).compatibility_flags).toContain(
      'no_web_socket_compression',
    );
    const ws = await open(directUrl);
    try {
      expect(ws.extensions).toBe('');
      const echoed = new Promise<Buffer>((resolve) => ws.once('message', (data: Buffer) => resolve(data)));
      ws.send(Buffer.from([0, 2, 1, 2, 3]));
      expect([...(await echoed)]).toEqual([0, 2, 1, 2, 3]);
    } finally {
      ws.close();
    }
  });
});
