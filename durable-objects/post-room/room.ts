// One room per post, named "<siteId>:<postId>": the single authority for the post's live draft. It speaks the
// y-websocket protocol over hibernatable WebSockets, writes every update to SQLite before acknowledging or relaying
// it, and compacts its log into a snapshot from an alarm. The Worker has already checked the token and the policy.
import { DurableObject } from 'cloudflare:workers';
import * as Y from 'yjs';
import { openDatabase } from '../../d1/db';
import { findPost } from '../../d1/repositories/posts';
import {
  decodeIdentity,
  IDENTITY_HEADER,
  newSocketState,
  presentClients,
  readState,
  type RoomIdentity,
  writeState,
} from './attachments';
import { MAX_DOCUMENT_BYTES, MAX_FRAME_BYTES, seedUpdate, sizeAfter } from './document';
import { awarenessMessage, CLOSE, syncStep1 } from './protocol';
import { handleFrame, type RoomContext } from './handlers';
import { RoomStorage } from './storage';

/** Connections one post takes; the next is closed with CLOSE_ROOM_FULL. */
export const MAX_CONNECTIONS = 256;
/** Compaction runs once the log holds this many updates or bytes. */
export const COMPACT_AFTER_UPDATES = 500;
export const COMPACT_AFTER_BYTES = 1024 * 1024;
/** Compaction waits this long, so a burst of edits is folded once, after it. */
export const COMPACT_DELAY_MS = 5_000;

export class PostRoom extends DurableObject<Env> implements RoomContext {
  readonly store: RoomStorage;
  private loaded?: Y.Doc;
  /** An upper bound on the encoded document size, so most updates skip the exact check. */
  private sizeBound = 0;
  private compactionAsked = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStorage(ctx.storage);
  }

  /** The document, rebuilt from snapshot + log the first time it is needed after a wake-up. */
  get doc(): Y.Doc {
    if (!this.loaded) {
      this.loaded = this.store.load();
      this.sizeBound = Y.encodeStateAsUpdate(this.loaded).byteLength;
    }
    return this.loaded;
  }

  override async fetch(request: Request): Promise<Response> {
    const identity = decodeIdentity(request.headers.get(IDENTITY_HEADER));
    if (!identity || request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Rooms are joined through the Admin API.', { status: 400 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    if (this.ctx.getWebSockets().length >= MAX_CONNECTIONS) {
      server.accept();
      server.close(CLOSE.roomFull, `This post already has ${MAX_CONNECTIONS} connections; try again later.`);
      return new Response(null, { status: 101, webSocket: client });
    }
    await this.ctx.blockConcurrencyWhile(() => this.seedIfNew(identity));
    // The name already binds the room to one post; this guards against a caller that builds the name wrongly.
    if (this.store.getMeta('post') !== `${identity.siteId}:${identity.postId}`) {
      return new Response('This room belongs to another post.', { status: 400 });
    }
    this.ctx.acceptWebSocket(server);
    writeState(server, newSocketState(identity));
    server.send(syncStep1(Y.encodeStateVector(this.doc)));
    const present = this.ctx.getWebSockets().flatMap((ws) => presentClients(ws));
    if (present.length > 0) server.send(awarenessMessage(present));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A room opened for the first time starts from the post's current title and body in D1. */
  private async seedIfNew(identity: RoomIdentity): Promise<void> {
    if (this.store.getMeta('post')) return;
    const post = await findPost(openDatabase(this.env.DB), identity.siteId, identity.postId);
    if (this.store.isEmpty() && post) this.append(seedUpdate(post));
    this.store.setMeta('post', `${identity.siteId}:${identity.postId}`);
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    const state = readState(ws);
    // Frames that were in flight when the room closed this socket are dropped.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!state) return ws.close(CLOSE.internal, 'Unknown connection.');
    if (typeof message === 'string') return ws.close(CLOSE.unsupportedData, 'Frames are binary Yjs messages.');
    if (message.byteLength > MAX_FRAME_BYTES) {
      return ws.close(CLOSE.tooBig, `Frames are limited to ${MAX_FRAME_BYTES} bytes.`);
    }
    handleFrame(this, ws, state, new Uint8Array(message));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.release(ws);
    // The peer closed its side; answering completes the close handshake (a no-op if it is already closed).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.release(ws);
  }

  /** Tells everyone else that the presence states this socket controlled are gone. */
  private release(ws: WebSocket): void {
    const state = readState(ws);
    if (!state || state.clients.length === 0) return;
    const gone = state.clients.map((c) => ({ clientId: c.clientId, clock: c.clock + 1, state: 'null' }));
    writeState(ws, { ...state, clients: [] });
    this.broadcast(awarenessMessage(gone), ws);
  }

  /** Every other open socket of the room. */
  peers(except?: WebSocket): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  broadcast(frame: Uint8Array, except?: WebSocket): void {
    for (const ws of this.peers(except)) {
      try {
        ws.send(frame);
      } catch {
        // A socket closing under us: its close handler cleans up.
      }
    }
  }

  /**
   * Applies an update and logs it. Returns false (and changes nothing) when it would push the document past the
   * cap. The caller has validated the update's encoding.
   */
  apply(update: Uint8Array, origin: unknown): boolean {
    const size = sizeAfter(this.doc, this.sizeBound, update);
    if (size > MAX_DOCUMENT_BYTES) return false;
    Y.applyUpdate(this.doc, update, origin);
    this.append(update);
    this.sizeBound = size;
    return true;
  }

  private append(update: Uint8Array): void {
    this.store.append(update);
    this.sizeBound += update.byteLength;
    if (this.compactionAsked) return;
    const log = this.store.logStats();
    if (log.count >= COMPACT_AFTER_UPDATES || log.bytes >= COMPACT_AFTER_BYTES) {
      this.compactionAsked = true;
      void this.ctx.storage.setAlarm(Date.now() + COMPACT_DELAY_MS);
    }
  }

  /** Forgets the in-memory document, so the next use rebuilds it from storage (after a failed apply). */
  forget(): void {
    this.loaded = undefined;
  }

  override async alarm(): Promise<void> {
    this.store.compact(this.doc);
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    this.compactionAsked = false;
  }
}
