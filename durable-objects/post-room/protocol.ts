// The y-websocket wire protocol (y-protocols' sync, awareness and auth messages) plus Lede's acknowledgement.
// Awareness is relayed, not kept in a y-protocols Awareness instance: that class runs a setInterval, and a timer
// would keep the object from hibernating. So the few awareness bytes the room needs are encoded here.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Lede's acknowledgement: a varuint n saying "the first n update frames (sync step 2 or update) this connection sent
 * are durable". Stock y-websocket clients log and ignore unknown types; editors register a handler for it.
 */
export const MESSAGE_ACK = 100;

/** WebSocket close codes the room uses (docs/COLLABORATION.md). */
export const CLOSE = {
  unsupportedData: 1003,
  invalidPayload: 1007,
  tooBig: 1009,
  roomFull: 1013,
  internal: 1011,
} as const;

export const { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } = syncProtocol;

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1 = (stateVector: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const syncStep2 = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });

export const updateMessage = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });

export const permissionDenied = (reason: string) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
  });

/**
 * Room → client, Lede's second extension: a varstring of JSON `{"problems": [{field, code, message}]}`, the
 * side-panel fields the last flush could not write to D1 (an empty list once none are left).
 */
export const MESSAGE_FIELD_PROBLEMS = 101;

export const fieldProblemsMessage = (json: string) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_FIELD_PROBLEMS);
    encoding.writeVarString(e, json);
  });

export const ackMessage = (durableThrough: number) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_ACK);
    encoding.writeVarUint(e, durableThrough);
  });

/** One client's presence as awareness carries it: a clock and a JSON state (the string "null" once it left). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

export const awarenessMessage = (entries: readonly AwarenessEntry[]) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(inner, entry.clientId);
      encoding.writeVarUint(inner, entry.clock);
      encoding.writeVarString(inner, entry.state);
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

/** Reads an awareness update; throws on anything malformed, including a state that is not JSON. */
export function readAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    JSON.parse(state);
    entries.push({ clientId, clock, state });
  }
  return entries;
}

/** A frame from a client, decoded as far as the room needs; anything else throws. */
export type ClientFrame =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' }
  | { kind: 'ignored' };

export function readFrame(frame: Uint8Array): ClientFrame {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_SYNC) {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (step === messageYjsSyncStep1) return { kind: 'sync-step-1', stateVector: payload };
    if (step === messageYjsSyncStep2 || step === messageYjsUpdate) return { kind: 'update', update: payload };
    throw new Error(`unknown sync step ${step}`);
  }
  if (type === MESSAGE_AWARENESS)
    return { kind: 'awareness', entries: readAwareness(decoding.readVarUint8Array(decoder)) };
  if (type === MESSAGE_QUERY_AWARENESS) return { kind: 'query-awareness' };
  // Auth messages from clients and unknown types carry nothing the room acts on.
  return { kind: 'ignored' };
}
