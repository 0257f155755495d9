// The editor's connection to a post's room (docs/COLLABORATION.md): a stock y-websocket provider, a local
// IndexedDB copy so offline edits survive a closed tab, and Lede's acknowledgement (message 100) turned into a
// saved/saving/offline state.
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { refreshSession, session } from './api';

export type SyncState = 'connecting' | 'saving' | 'saved' | 'offline' | 'read-only' | 'closed';

const MESSAGE_SYNC = 0;
const STEP_2 = 1;
const UPDATE = 2;
const MESSAGE_ACK = 100;

/** A WebSocket that counts the update frames it sends, the number the room's acknowledgements refer to. */
class CountingSocket extends WebSocket {
  updatesSent = 0;
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (data instanceof Uint8Array && data[0] === MESSAGE_SYNC && (data[1] === STEP_2 || data[1] === UPDATE)) {
      this.updatesSent++;
    }
    super.send(data);
  }
}

/** Names get a stable colour each, so a collaborator keeps theirs across reloads. */
const COLOURS = ['#d6336c', '#1c7ed6', '#2b8a3e', '#e8590c', '#7048e8', '#0c8599', '#c2255c', '#5c940d'];
export function colourOf(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

export interface Room {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /**
   * Settles once the document may be edited: after the first sync with the room, or at once when this device
   * holds a copy from an earlier visit (offline work). A new post waits for the room, so that what a user types
   * first is never raced by the room's first state.
   */
  ready: Promise<void>;
  destroy(): void;
}

export function joinRoom(
  type: 'posts' | 'pages',
  id: string,
  user: { id: string; name: string },
  onState: (state: SyncState, detail?: string) => void,
): Room {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`lede:${location.host}:${id}`, doc);
  const origin = location.origin.replace(/^http/, 'ws');
  const provider = new WebsocketProvider(`${origin}/api/v1/admin/${type}`, `${id}/room`, doc, {
    params: { token: session.token ?? '' },
    WebSocketPolyfill: CountingSocket as unknown as typeof WebSocket,
    connect: false,
  });
  let acked = 0;
  let readOnly = false;
  const report = () => {
    const ws = provider.ws as CountingSocket | null;
    if (readOnly) return onState('read-only');
    if (!provider.wsconnected || !ws) return onState(navigator.onLine ? 'connecting' : 'offline');
    onState(acked >= ws.updatesSent ? 'saved' : 'saving');
  };
  provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder) => {
    acked = decoding.readVarUint(decoder);
    report();
  };
  // y-websocket answers permission-denied by logging; the room sends it to read-only peers and past the size cap.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    readOnly = true;
    onState('read-only', decoding.readVarString(decoder));
  };
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') acked = 0;
    // Every reconnect is checked by the Worker: bring the newest access token.
    if (status === 'disconnected') provider.params.token = session.token ?? '';
    report();
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event && event.code >= 4400 && event.code < 4500) onState('closed', event.reason);
    else report();
  });
  // A refused upgrade (an expired token answers 401) surfaces only as a failed connection: refresh and go on. Any
  // other failure (offline, the room restarting) keeps the token, so retries do not spend the refresh cookie.
  provider.on('connection-error', () => {
    if (!session.expiring) return;
    void refreshSession().then((me) => me && (provider.params.token = session.token ?? ''));
  });
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider) report();
  });
  // Connect once the local copy is loaded, so offline edits are part of the first sync.
  void local.whenSynced.then(() => navigator.onLine && provider.connect());
  // Offline, a socket can look open for a long time; drop it at once and sync again when the network is back.
  const goOffline = () => {
    provider.disconnect();
    report();
  };
  const goOnline = () => provider.connect();
  addEventListener('online', goOnline);
  addEventListener('offline', goOffline);
  const ready = new Promise<void>((resolve) => {
    provider.once('sync', () => resolve());
    void local.whenSynced.then(() => {
      if (doc.getText('markdown').length > 0 || doc.getMap('meta').size > 0) resolve();
    });
  });
  return {
    doc,
    provider,
    ready,
    destroy() {
      removeEventListener('online', goOnline);
      removeEventListener('offline', goOffline);
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
