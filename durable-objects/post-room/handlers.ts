// What the room does with each client frame. Every step is synchronous: SQLite writes complete before the next
// line, and the output gate holds the acknowledgement and the relayed update until those writes are durable.
import * as Y from 'yjs';
import { claimAwareness, presentClients, readState, type SocketState, writeState } from './attachments';
import { isEmptyUpdate, MAX_BODY_CHARS, MAX_DOCUMENT_BYTES } from './document';
import {
  ackMessage,
  awarenessMessage,
  type AwarenessEntry,
  CLOSE,
  type ClientFrame,
  permissionDenied,
  readFrame,
  syncStep2,
  updateMessage,
} from './protocol';

/** The parts of the room the handlers use. */
export interface RoomContext {
  readonly doc: Y.Doc;
  peers(except?: WebSocket): WebSocket[];
  broadcast(frame: Uint8Array, except?: WebSocket): void;
  /** Relays a socket's awareness entries to the others, throttled (awareness-throttle.ts); `urgent` skips the wait. */
  relayAwareness(from: WebSocket, entries: AwarenessEntry[], urgent: boolean): void;
  apply(update: Uint8Array, origin: unknown): boolean;
  forget(): void;
}

const READ_ONLY = 'You may read this draft but not edit it; your changes are not saved.';
const TOO_LARGE =
  `The document would pass its limits (${MAX_BODY_CHARS} characters of Markdown, ${MAX_DOCUMENT_BYTES} bytes in ` +
  'all); that change was refused.';

export function handleFrame(room: RoomContext, ws: WebSocket, state: SocketState, bytes: Uint8Array): void {
  let frame: ClientFrame;
  try {
    frame = readFrame(bytes);
  } catch {
    return ws.close(CLOSE.invalidPayload, 'Malformed message.');
  }
  switch (frame.kind) {
    case 'sync-step-1': {
      let diff: Uint8Array;
      try {
        diff = Y.encodeStateAsUpdate(room.doc, frame.stateVector);
      } catch {
        return ws.close(CLOSE.invalidPayload, 'Malformed state vector.');
      }
      return ws.send(syncStep2(diff));
    }
    case 'update':
      return handleUpdate(room, ws, state, frame.update);
    case 'awareness': {
      const ownedElsewhere = new Set(
        room.peers(ws).flatMap((peer) => readState(peer)?.clients.map((c) => c.clientId) ?? []),
      );
      const shown = new Set(state.clients.filter((c) => c.state !== 'null').map((c) => c.clientId));
      const relay = claimAwareness(state, frame.entries, ownedElsewhere);
      // Past the presence cap the frame is dropped: presence is best-effort, the socket stays.
      if (!relay || relay.length === 0) return;
      writeState(ws, state);
      // A client's first state and its removal are never held back; cursor moves are coalesced.
      const urgent = relay.some((e) => e.state === 'null' || !shown.has(e.clientId));
      return room.relayAwareness(ws, relay, urgent);
    }
    case 'query-awareness': {
      const present = room.peers().flatMap((peer) => presentClients(peer));
      return ws.send(awarenessMessage(present));
    }
    case 'ignored':
      return;
  }
}

function handleUpdate(room: RoomContext, ws: WebSocket, state: SocketState, update: Uint8Array): void {
  let empty: boolean;
  try {
    // A writer's update is checked when it is applied (below); a reader's never is, so it is decoded here.
    if (state.user.readOnly) Y.decodeUpdate(update);
    empty = isEmptyUpdate(update);
  } catch {
    return ws.close(CLOSE.invalidPayload, 'Malformed update.');
  }
  if (state.user.readOnly) {
    if (empty || state.denied) return;
    ws.send(permissionDenied(READ_ONLY));
    return writeState(ws, { ...state, denied: true });
  }
  if (!empty) {
    let applied: boolean;
    try {
      applied = room.apply(update, ws);
    } catch {
      // Decoded but unappliable: the in-memory document may be half-changed, so rebuild it from storage.
      room.forget();
      return ws.close(CLOSE.invalidPayload, 'Malformed update.');
    }
    if (!applied) {
      ws.send(permissionDenied(TOO_LARGE));
      return ws.close(CLOSE.tooBig, 'Document size limit reached.');
    }
  }
  state.received += 1;
  writeState(ws, state);
  // The others first: their copies are what edit propagation waits for; the sender already has its edit.
  if (!empty) room.broadcast(updateMessage(update), ws);
  ws.send(ackMessage(state.received));
}
