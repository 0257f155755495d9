// One room per post, named "<siteId>:<postId>": the single authority for the post's live draft. It speaks the
// y-websocket protocol over hibernatable WebSockets, writes every update to SQLite before acknowledging or relaying
// it, and compacts its log into a snapshot from an alarm. The Worker has already checked the token and the policy.
// The Durable Object class the Worker exports is ./index.ts, which makes this room with the object's first event.
import * as Y from 'yjs';
import { openDatabase } from '../../d1/db';
import { findPost } from '../../d1/repositories/posts';
import type { VersionRow } from '../../d1/repositories/versions';
import {
  decodeIdentity,
  IDENTITY_HEADER,
  newSocketState,
  presentClients,
  readState,
  type RoomIdentity,
  writeState,
} from './attachments';
import {
  BODY,
  MAX_BODY_CHARS,
  MAX_DOCUMENT_BYTES,
  MAX_FRAME_BYTES,
  META,
  seedPanel,
  seedUpdate,
  sizeAfter,
} from './document';
import {
  contentOf,
  type DocumentChange,
  editDocument,
  mergeText,
  type RoomContent,
  type SaveRequest,
  type SaveResult,
} from './edits';
import { relayEvents } from '../../queues/events/relay';
import { flushDraft } from './flush';
import { hasPanel, readPanel } from './panel-layout';
import { fieldEditor, problemsJson, storedPanel, trackFieldEditors } from './panel-room';
import {
  type AwarenessEntry,
  awarenessMessage,
  CLOSE,
  fieldProblemsMessage,
  syncStep1,
  updateMessage,
} from './protocol';
import { handleFrame, type RoomContext } from './handlers';
import { AwarenessThrottle } from './awareness-throttle';
import { changedPanelFields, saveAutomaticVersion, saveVersion, type RoomPost } from './history';
import {
  COMPACT_AFTER_BYTES,
  COMPACT_AFTER_UPDATES,
  COMPACT_DELAY_MS,
  FLUSH_IDLE_MS,
  FLUSH_MAX_DELAY_MS,
  FLUSH_RETRY_MS,
  RoomSchedule,
} from './schedule';
import { RoomStorage } from './storage';
import { deleteVersionObjects, readSnapshotDocument, type VersionDeps } from './versions';

/** Connections one post takes; the next is closed with CLOSE_ROOM_FULL. */
export const MAX_CONNECTIONS = 256;

/** Close code sent to everyone in the room when its post is deleted. */
export const CLOSE_POST_DELETED = 4410;

export class Room implements RoomContext {
  readonly store: RoomStorage;
  private readonly schedule: RoomSchedule;
  private loaded?: Y.Doc;
  /** An upper bound on the encoded document size, so most updates skip the exact check. */
  private sizeBound = 0;
  private compactionAsked = false;
  /** When the last edit arrived; in memory only: after an eviction a pending flush simply runs at once. */
  private lastEditAt = 0;
  /** Mirrors of room_meta's `dirty_since` and `last_editor`, which every edit would otherwise read. */
  private dirty?: boolean;
  private lastEditor?: string;
  /**
   * The room's sockets as ctx.getWebSockets() last listed them. That call builds a new array of every socket, and an
   * update is relayed to all of them, so the list is kept and dropped whenever a socket joins or leaves; after a
   * wake-up (or an eviction) the first use lists them afresh. A socket the room has closed itself stays in it until
   * its close event: sending to it throws, which broadcast expects.
   */
  private sockets?: WebSocket[];
  /** Coalesces each socket's cursor moves; in memory only (its short timer is the room's only one). */
  private readonly awareness = new AwarenessThrottle<WebSocket>((from, entries) =>
    this.broadcast(awarenessMessage(entries), from),
  );

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {
    this.store = new RoomStorage(ctx.storage);
    this.schedule = new RoomSchedule(this.store, ctx.storage);
  }

  /** The document, rebuilt from snapshot + log the first time it is needed after a wake-up. */
  get doc(): Y.Doc {
    if (!this.loaded) {
      this.loaded = this.store.load();
      trackFieldEditors(this.loaded, this.store);
      this.sizeBound = Y.encodeStateAsUpdate(this.loaded).byteLength;
    }
    return this.loaded;
  }

  async fetch(request: Request): Promise<Response> {
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
    this.sockets = undefined;
    writeState(server, newSocketState(identity));
    server.send(syncStep1(Y.encodeStateVector(this.doc)));
    const problems = this.store.getMeta('field_problems');
    if (problems) server.send(fieldProblemsMessage(problems));
    const present = this.ctx.getWebSockets().flatMap((ws) => presentClients(ws));
    if (present.length > 0) server.send(awarenessMessage(present));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * A room opened for the first time starts from the post as D1 holds it: title, body and side-panel fields. A room
   * opened before the panel was shared gets the panel's fields added, as an edit its editors receive.
   */
  private async seedIfNew(identity: Pick<RoomIdentity, 'siteId' | 'postId'>): Promise<void> {
    const key = `${identity.siteId}:${identity.postId}`;
    const owner = this.store.getMeta('post');
    if (owner && (owner !== key || hasPanel(this.doc.getMap(META)))) return;
    const db = openDatabase(this.env.DB);
    const panel = await storedPanel(db, identity.siteId, identity.postId);
    if (!owner) {
      const post = await findPost(db, identity.siteId, identity.postId);
      if (this.store.isEmpty() && post) this.append(seedUpdate(post, panel));
      this.store.setMeta('post', key);
    } else if (panel) {
      const before = Y.encodeStateVector(this.doc);
      this.doc.transact(() => seedPanel(this.doc.getMap(META), panel), 'seed');
      const update = Y.encodeStateAsUpdate(this.doc, before);
      this.append(update);
      this.broadcast(updateMessage(update));
    }
  }

  async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
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

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets = undefined;
    this.release(ws);
    // The peer closed its side; answering completes the close handshake (a no-op if it is already closed).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    this.sockets = undefined;
    this.release(ws);
  }

  /** Tells everyone else that the presence states this socket controlled are gone. */
  private release(ws: WebSocket): void {
    const state = readState(ws);
    this.awareness.drop(ws);
    if (!state || state.clients.length === 0) return;
    const gone = state.clients.map((c) => ({ clientId: c.clientId, clock: c.clock + 1, state: 'null' }));
    writeState(ws, { ...state, clients: [] });
    this.broadcast(awarenessMessage(gone), ws);
  }

  /** Every other open socket of the room. */
  peers(except?: WebSocket): WebSocket[] {
    return (this.sockets ??= this.ctx.getWebSockets()).filter(
      (ws) => ws !== except && ws.readyState === WebSocket.OPEN,
    );
  }

  relayAwareness(from: WebSocket, entries: AwarenessEntry[], urgent: boolean): void {
    this.awareness.offer(from, entries, urgent);
  }

  /**
   * Sends the same bytes to every other socket. Every update and cursor move comes here, so it skips peers()'s
   * readyState check (a native call per socket): sending to a socket that is closing throws, and is skipped.
   */
  broadcast(frame: Uint8Array, except?: WebSocket): void {
    for (const ws of (this.sockets ??= this.ctx.getWebSockets())) {
      if (ws === except) continue;
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
    if (this.doc.getText(BODY).length > MAX_BODY_CHARS) {
      // Not yet logged: rebuilding from storage drops it.
      this.forget();
      return false;
    }
    this.append(update);
    this.sizeBound = size;
    this.noteEdit(origin instanceof WebSocket ? readState(origin)?.user.userId : undefined);
    return true;
  }

  /** Marks the draft unsaved and makes sure a flush is due. */
  private noteEdit(userId: string | undefined): void {
    const now = Date.now();
    this.lastEditAt = now;
    if (userId && (this.lastEditor ??= this.store.getMeta('last_editor')) !== userId) {
      this.store.setMeta('last_editor', userId);
      this.lastEditor = userId;
    }
    if ((this.dirty ??= this.store.getMeta('dirty_since') !== undefined)) return;
    this.store.setMeta('dirty_since', String(now));
    this.dirty = true;
    this.schedule.due('flush', now + FLUSH_IDLE_MS);
  }

  private append(update: Uint8Array): void {
    this.store.append(update);
    this.sizeBound += update.byteLength;
    if (this.compactionAsked) return;
    const log = this.store.logStats();
    if (log.count >= COMPACT_AFTER_UPDATES || log.bytes >= COMPACT_AFTER_BYTES) {
      this.compactionAsked = true;
      this.schedule.due('compact', Date.now() + COMPACT_DELAY_MS);
    }
  }

  /** Forgets the in-memory document, so the next use rebuilds it from storage (after a failed apply). */
  forget(): void {
    this.loaded = undefined;
  }

  /**
   * Runs whatever is asked for. Compaction runs whenever it was asked for (early is harmless); a flush waits for
   * editing to pause.
   */
  async alarm(): Promise<void> {
    if (this.schedule.take('compact')) this.compactNow();
    if (this.schedule.take('flush')) await this.flushWhenIdle(Date.now());
    await this.schedule.arm();
  }

  private compactNow(): void {
    this.store.compact(this.doc);
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    this.compactionAsked = false;
  }

  /** Flushes once editing has paused (or has gone on long enough); otherwise looks again when it will have. */
  private async flushWhenIdle(now: number): Promise<void> {
    const dirtySince = Number(this.store.getMeta('dirty_since') ?? NaN);
    if (Number.isNaN(dirtySince)) return;
    const idleAt = this.lastEditAt + FLUSH_IDLE_MS;
    const latest = dirtySince + FLUSH_MAX_DELAY_MS;
    if (idleAt > now && latest > now) return this.schedule.due('flush', Math.min(idleAt, latest));
    await this.flush();
  }

  /**
   * Writes the draft to D1 (a draft's post row and a revision; see flush.ts for live posts). Edits that arrive
   * while D1 answers keep the draft unsaved, and a failure is retried later: nothing typed is dropped.
   */
  async flush(): Promise<void> {
    const key = this.store.getMeta('post');
    if (!key) return;
    const [siteId = '', postId = ''] = key.split(':');
    const seq = this.store.lastSeq();
    let outcome;
    try {
      const db = openDatabase(this.env.DB);
      const result = await flushDraft(db, {
        siteId,
        postId,
        content: contentOf(this.doc),
        fields: readPanel(this.doc.getMap(META)),
        fieldEditor: fieldEditor(this.store),
        editorId: this.store.getMeta('last_editor') ?? null,
        now: new Date(),
        relay: (rows) => this.ctx.waitUntil(relayEvents(this.env.EVENTS, db, rows)),
      });
      outcome = result.outcome;
      if (outcome !== 'conflict') this.reportProblems(problemsJson(result.problems));
      // A slug made unique goes back into the room, so the panel shows what the post now holds.
      if (Object.keys(result.normalized).length > 0) this.edit({ fields: result.normalized }, 'flush');
    } catch (error) {
      console.error(JSON.stringify({ msg: 'room flush failed', room: key, error: String(error) }));
      outcome = 'conflict' as const;
    }
    if (outcome === 'conflict') return this.schedule.due('flush', Date.now() + FLUSH_RETRY_MS);
    if (this.store.lastSeq() === seq) {
      this.store.deleteMeta('dirty_since');
      this.dirty = false;
    } else this.schedule.due('flush', Date.now() + FLUSH_IDLE_MS);
    if (outcome === 'gone') return;
    // Version history keeps an automatic version of what was flushed (history.ts decides whether one is due).
    await this.saveAutomaticVersion().catch((error: unknown) => {
      console.error(JSON.stringify({ msg: 'automatic version failed', room: key, error: String(error) }));
    });
  }

  /** Keeps the flush's field problems and tells every editor when they changed (docs/COLLABORATION.md). */
  private reportProblems(json: string): void {
    if ((this.store.getMeta('field_problems') ?? problemsJson([])) === json) return;
    this.store.setMeta('field_problems', json);
    this.broadcast(fieldProblemsMessage(json));
  }

  /** The post's title and body as the room holds them, or null when the room was never opened. */
  async draft(siteId: string, postId: string): Promise<RoomContent | null> {
    if (this.store.getMeta('post') !== `${siteId}:${postId}`) return null;
    return contentOf(this.doc);
  }

  /**
   * A REST save of the title or body, applied as a forward edit that live editors receive. The saver's change is
   * merged onto what editors typed since the version they read; overlapping line changes are refused.
   */
  async save(request: SaveRequest): Promise<SaveResult> {
    if (this.store.getMeta('post') !== `${request.siteId}:${request.postId}`) return { content: null };
    if (request.fields) await this.ctx.blockConcurrencyWhile(() => this.seedIfNew(request));
    const live = contentOf(this.doc);
    const markdown =
      request.markdown === undefined || !request.base
        ? request.markdown
        : mergeText(request.base.markdown, live.markdown, request.markdown);
    if (request.markdown !== undefined && markdown === undefined) return { refused: 'conflict' };
    const outcome = this.edit({ title: request.title, markdown, fields: request.fields }, 'rest', request.userId);
    if (outcome === 'too_large') return { refused: 'too_large' };
    return { content: outcome === 'unchanged' ? live : contentOf(this.doc) };
  }

  /** Applies a change made outside any Yjs client as one logged update that every editor receives. */
  private edit(change: DocumentChange, origin: string, userId?: string): 'applied' | 'unchanged' | 'too_large' {
    const update = editDocument(this.doc, change, origin);
    if (!update) return 'unchanged';
    if (
      Y.encodeStateAsUpdate(this.doc).byteLength > MAX_DOCUMENT_BYTES ||
      this.doc.getText(BODY).length > MAX_BODY_CHARS
    ) {
      this.forget();
      return 'too_large';
    }
    this.append(update);
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    if (userId) this.noteEdit(userId);
    this.broadcast(updateMessage(update));
    return 'applied';
  }

  /** The post was deleted: everyone leaves and the room forgets it. */
  async discard(siteId: string, postId: string): Promise<void> {
    if (this.store.getMeta('post') !== `${siteId}:${postId}`) return;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(CLOSE_POST_DELETED, 'This post was deleted.');
      } catch {
        // Already closing.
      }
    }
    this.loaded = undefined;
    this.store.clear();
    this.dirty = undefined;
    this.lastEditor = undefined;
    await this.ctx.storage.deleteAlarm();
    // Version rows went with the post row (foreign key); their snapshots go now.
    await deleteVersionObjects(this.env.VERSIONS, siteId, postId);
  }

  // ---------------------------------------------------------------- version history (history.ts, versions.ts)

  private get versionDeps(): VersionDeps {
    return { db: openDatabase(this.env.DB), bucket: this.env.VERSIONS };
  }

  /** Opens the room for `post` if it never was; false when the room belongs to another post. */
  private async open(post: RoomPost): Promise<boolean> {
    await this.ctx.blockConcurrencyWhile(() => this.seedIfNew(post));
    return this.store.getMeta('post') === `${post.siteId}:${post.postId}`;
  }

  /** Saves the document as it is now as a named version. The Worker has checked that `createdBy` may edit. */
  async saveVersion(post: RoomPost, name: string, createdBy: string): Promise<VersionRow | null> {
    if (!(await this.open(post))) return null;
    return saveVersion(this, this.versionDeps, post, { kind: 'named', name, createdBy });
  }

  /**
   * An automatic version, for the idle flush to call: at most one per AUTO_VERSION_EVERY_MS, none when nothing
   * changed since the last version, and only the newest MAX_AUTO_VERSIONS kept. Returns the version if one was saved.
   */
  async saveAutomaticVersion(now = Date.now()): Promise<VersionRow | null> {
    const key = this.store.getMeta('post');
    if (!key) return null;
    const [siteId = '', postId = ''] = key.split(':');
    return (await saveAutomaticVersion(this, this.versionDeps, { siteId, postId }, now)) ?? null;
  }

  /**
   * Restores a version's title, body and side-panel fields as a forward edit (`save`), which live editors receive as
   * an ordinary update. The fields it changes count as the restorer's edits, so the flush judges them by the
   * restorer's role, as if they had typed them. What the room held just before is kept as an automatic version, so
   * a restore can itself be undone.
   */
  async restoreVersion(post: RoomPost, snapshot: Uint8Array, userId: string): Promise<SaveResult> {
    const wanted = readSnapshotDocument(snapshot);
    if (!(await this.open(post))) return { content: null };
    await saveVersion(this, this.versionDeps, post, { kind: 'auto', name: 'Before restore', createdBy: userId });
    const fields = changedPanelFields(readPanel(this.doc.getMap(META)), wanted.panel);
    const changed = Object.keys(fields).length > 0;
    const result = await this.save({ ...post, userId, ...wanted.content, ...(changed ? { fields } : {}) });
    if (!('refused' in result)) for (const key of Object.keys(fields)) this.store.setMeta(`field_by:${key}`, userId);
    return result;
  }
}
