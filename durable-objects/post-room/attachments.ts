// Who is on each socket, kept in the socket's attachment so it survives hibernation (16 KiB cap per socket).
import { z } from 'zod';
import { ROLES } from '../../d1/schema';
import type { AwarenessEntry } from './protocol';

/** The header the Worker sets after verifying the token and the policy; the room never reads client headers. */
export const IDENTITY_HEADER = 'x-lede-room-identity';

export const RoomIdentity = z.strictObject({
  siteId: z.string().min(1).max(64),
  postId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  name: z.string().max(200),
  role: z.enum(ROLES),
  /** Peers who may read the draft but not edit it: their writes are dropped. */
  readOnly: z.boolean(),
});
export type RoomIdentity = z.infer<typeof RoomIdentity>;

// Header values must be ASCII; names are not (Zoë, 東京), so the JSON travels percent-encoded.
export const encodeIdentity = (identity: RoomIdentity) => encodeURIComponent(JSON.stringify(identity));

export function decodeIdentity(header: string | null): RoomIdentity | undefined {
  try {
    const parsed = RoomIdentity.safeParse(JSON.parse(decodeURIComponent(header ?? 'null')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Awareness states a socket may hold, all told: enough for a name, colour, cursor and selection. */
export const MAX_AWARENESS_BYTES = 8 * 1024;
export const MAX_AWARENESS_CLIENTS = 8;

const SocketState = z.strictObject({
  user: RoomIdentity.omit({ siteId: true, postId: true }),
  /** Update frames this connection sent that are durable: the number the acknowledgement carries. */
  received: z.number().int().nonnegative(),
  /** Whether a read-only peer has already been told its writes are refused. */
  denied: z.boolean(),
  /** The awareness clients this socket controls, with their latest clock and state. */
  clients: z.array(z.strictObject({ clientId: z.number(), clock: z.number(), state: z.string() })),
});
export type SocketState = z.infer<typeof SocketState>;

export function newSocketState(identity: RoomIdentity): SocketState {
  const { siteId: _site, postId: _post, ...user } = identity;
  return { user, received: 0, denied: false, clients: [] };
}

/**
 * Each socket's state as last read or written, so a frame costs no attachment parse: deserializing and validating
 * the attachment on every frame (and for every peer on an awareness frame) was a fifth of the room's JavaScript time
 * per frame (`npm run bench -- collab`). The attachment stays the truth: after hibernation the sockets are new
 * objects and the first read of each parses it again.
 */
const cache = new WeakMap<WebSocket, SocketState>();

/** The socket's state, or undefined for a socket that never got one (it is then closed). */
export function readState(ws: WebSocket): SocketState | undefined {
  const cached = cache.get(ws);
  if (cached) return cached;
  const parsed = SocketState.safeParse(ws.deserializeAttachment());
  if (!parsed.success) return undefined;
  cache.set(ws, parsed.data);
  return parsed.data;
}

/** The awareness clients a socket shows as present (a state of "null" means the client already left). */
export const presentClients = (ws: WebSocket): AwarenessEntry[] =>
  (readState(ws)?.clients ?? []).filter((c) => c.state !== 'null');

export function writeState(ws: WebSocket, state: SocketState): void {
  ws.serializeAttachment(state);
  cache.set(ws, state);
}

/**
 * Merges an awareness update into the socket's clients. Entries for clients another socket controls are dropped
 * (no one may move someone else's cursor); returns the entries to relay, or undefined when the cap is passed.
 */
export function claimAwareness(
  state: SocketState,
  entries: AwarenessEntry[],
  ownedElsewhere: Set<number>,
): AwarenessEntry[] | undefined {
  const mine = entries.filter((e) => !ownedElsewhere.has(e.clientId));
  const clients = new Map(state.clients.map((c) => [c.clientId, c]));
  for (const entry of mine) {
    const known = clients.get(entry.clientId);
    if (!known || known.clock <= entry.clock) clients.set(entry.clientId, entry);
  }
  const all = [...clients.values()];
  const bytes = all.reduce((n, c) => n + c.state.length, 0);
  if (all.length > MAX_AWARENESS_CLIENTS || bytes > MAX_AWARENESS_BYTES) return undefined;
  state.clients = all;
  return mine;
}
