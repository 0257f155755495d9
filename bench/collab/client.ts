// One benchmark editor: a Yjs document and an awareness instance joined to a server over `ws`, speaking the
// y-websocket protocol with y-protocols' own encoders, as y-websocket's WebsocketProvider does. The same class talks
// to all three servers so that client-side work is identical; Hocuspocus only differs in framing (every message
// starts with the document name, and an auth message must come first), which the stock provider cannot speak.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * Whether clients offer permessage-deflate (BENCH_COLLAB_DEFLATE=1). Off by default: Lede declines it where its own
 * flags apply (wrangler.toml, test/e2e/websocket-compression.test.ts) and the Node servers' `ws` declines it by
 * default, but under `wrangler dev` Miniflare's entry worker answers the upgrade and accepts it, deflating every
 * relayed frame once per recipient, which Lede never does on Cloudflare.
 */
export const OFFER_DEFLATE = process.env.BENCH_COLLAB_DEFLATE === '1';

export type Dialect = { kind: 'y-websocket' } | { kind: 'hocuspocus'; document: string };

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
/** Hocuspocus answers a client's sync step 1 with this type; it carries an ordinary sync message. */
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_AUTH_TOKEN = 0;

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  synced = false;
  /** Frames the server sent that the protocol does not need here: Lede's acks (100), Hocuspocus' sync status (8). */
  ignoredFrames = 0;
  /** Set when the server closed the socket while the benchmark still wanted it. */
  lostWith?: string;
  private ws?: WebSocket;
  private wanted = false;
  private onSynced?: () => void;
  /** Called after every remote update or awareness change this client applied; the workload hangs its probes here. */
  onRemote: () => void = () => undefined;

  constructor(
    readonly url: string,
    readonly dialect: Dialect,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return this.onRemote();
      this.send((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, update);
      });
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin !== 'local') return this.onRemote();
      const changed = [...added, ...updated, ...removed];
      this.send((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      });
    });
  }

  get clientId(): number {
    return this.doc.clientID;
  }

  /** Opens the socket and resolves once the server's sync step 2 has been applied. */
  connect(timeoutMs: number): Promise<void> {
    this.wanted = true;
    this.synced = false;
    const ws = new WebSocket(this.url, { perMessageDeflate: OFFER_DEFLATE });
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.on('open', () => {
      if (this.dialect.kind === 'hocuspocus') {
        this.send((e) => {
          encoding.writeVarUint(e, HOCUSPOCUS_AUTH);
          encoding.writeVarUint(e, HOCUSPOCUS_AUTH_TOKEN);
          encoding.writeVarString(e, 'bench');
        });
      }
      this.send((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, this.doc);
      });
      if (this.awareness.getLocalState() !== null) {
        this.send((e) => {
          encoding.writeVarUint(e, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.clientId]));
        });
      }
    });
    ws.on('message', (data: ArrayBuffer) => this.receive(new Uint8Array(data)));
    ws.on('close', (code, reason) => {
      if (this.wanted && this.ws === ws) this.lostWith = `closed ${code} ${reason.toString()}`;
    });
    ws.on('error', (error) => {
      if (this.wanted && this.ws === ws) this.lostWith = `error ${error.message}`;
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no sync within ${timeoutMs} ms (${this.lostWith ?? ''})`)),
        timeoutMs,
      );
      this.onSynced = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Closes the socket; edits made meanwhile stay local until the next connect syncs them. */
  async disconnect(): Promise<void> {
    this.wanted = false;
    const ws = this.ws;
    this.ws = undefined;
    this.synced = false;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    ws.terminate();
  }

  async destroy(): Promise<void> {
    await this.disconnect();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private send(write: (encoder: encoding.Encoder) => void): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    if (this.dialect.kind === 'hocuspocus') encoding.writeVarString(encoder, this.dialect.document);
    write(encoder);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    if (this.dialect.kind === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC || (type === HOCUSPOCUS_SYNC_REPLY && this.dialect.kind === 'hocuspocus')) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) {
        const payload = encoding.toUint8Array(reply);
        this.send((e) => encoding.writeUint8Array(e, payload));
      }
      if (step === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        this.onSynced?.();
      }
      return;
    }
    if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
      return;
    }
    this.ignoredFrames += 1;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
