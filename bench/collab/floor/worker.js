// The runtime floor for `npm run bench -- collab` (see wrangler.toml beside this file): a y-websocket room in a
// Durable Object with hibernatable sockets, doing only what the protocol needs. Sync: a client's step 1 is answered
// with step 2 from the in-memory document; an update is applied and relayed to every other socket. Awareness: kept
// and relayed, and every known state is sent to a socket that joins. Nothing is stored, except in a room whose path
// ends in `/durable`: there each update is also written to the object's SQLite before it is relayed (the output gate
// holds the relay until the write is durable), as Lede's room does, so the cost of that write can be read apart.
/* global WebSocketPair, Response */
import { DurableObject } from 'cloudflare:workers';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export class FloorRoom extends DurableObject {
  doc = new Y.Doc();
  awareness = new awarenessProtocol.Awareness(this.doc);

  constructor(ctx, env) {
    super(ctx, env);
    // The room's own awareness state stays empty: only clients are present.
    this.awareness.setLocalState(null);
  }

  fetch(request) {
    if (new URL(request.url).pathname.endsWith('/durable')) {
      this.durable = true;
      this.ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    // As y-websocket's server does: ask the client for what it has (its offline edits) while answering its step 1.
    server.send(this.frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) server.send(this.frame(MESSAGE_AWARENESS, (e) => this.writeAwareness(e, states)));
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, message) {
    if (typeof message === 'string') return;
    const decoder = decoding.createDecoder(new Uint8Array(message));
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, ws);
      if (step === syncProtocol.messageYjsSyncStep1) ws.send(encoding.toUint8Array(reply));
      else {
        // Step 2 and updates were applied to the document above; the others get the frame as it came.
        if (this.durable) this.ctx.storage.sql.exec('INSERT INTO updates (data) VALUES (?)', message);
        this.relay(ws, message);
      }
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), ws);
      this.relay(ws, message);
    }
  }

  webSocketClose(ws, code) {
    ws.close(code === 1005 || code === 1006 ? 1000 : code);
  }

  relay(from, message) {
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === from) continue;
      try {
        ws.send(message);
      } catch {
        // Closing under us.
      }
    }
  }

  writeAwareness(encoder, clients) {
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  frame(type, write) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }
}

export default {
  fetch(request, env) {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('floor');
    const path = new URL(request.url).pathname;
    const room = env.ROOM.get(env.ROOM.idFromName(path));
    return room.fetch(`https://room.internal${path}`, { headers: { upgrade: 'websocket' } });
  },
};
