// Cursor and selection updates arrive with every keystroke and mouse move; relaying each one to every peer is most of
// a busy room's traffic. So each socket's awareness is relayed at most once per window: what arrives inside the
// window is coalesced (the latest state of each client wins) and sent when the window ends. Newcomers' first states
// and removals are urgent and go at once, carrying whatever was waiting with them.
//
// The trailing send uses a setTimeout of at most one window (50 ms). It is the only timer in the room: it keeps the
// object awake for those few milliseconds and no longer, and it is not rearmed unless more frames arrive. If the
// object is evicted in between, the coalesced state is still in the socket's attachment, where a newcomer's roll call
// and a query-awareness answer read it.
import type { AwarenessEntry } from './protocol';

/** The shortest time between two awareness relays of one socket. */
export const AWARENESS_WINDOW_MS = 50;

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
};

interface Slot {
  /** When this socket's awareness was last relayed. */
  sentAt: number;
  /** Entries waiting for the window to end, by client. */
  pending: Map<number, AwarenessEntry>;
  timer: boolean;
}

export class AwarenessThrottle<K extends object> {
  private readonly slots = new WeakMap<K, Slot>();

  constructor(
    private readonly relay: (from: K, entries: AwarenessEntry[]) => void,
    private readonly windowMs = AWARENESS_WINDOW_MS,
    private readonly clock: Clock = realClock,
  ) {}

  /** Relays `entries` from `from` now or at the end of its window; `urgent` sends at once. */
  offer(from: K, entries: readonly AwarenessEntry[], urgent: boolean): void {
    let slot = this.slots.get(from);
    if (!slot) {
      slot = { sentAt: Number.NEGATIVE_INFINITY, pending: new Map(), timer: false };
      this.slots.set(from, slot);
    }
    for (const entry of entries) {
      const known = slot.pending.get(entry.clientId);
      if (!known || known.clock <= entry.clock) slot.pending.set(entry.clientId, entry);
    }
    const wait = slot.sentAt + this.windowMs - this.clock.now();
    if (urgent || wait <= 0) return this.flush(from, slot);
    this.arm(from, slot, wait);
  }

  private arm(from: K, slot: Slot, wait: number): void {
    if (slot.timer) return;
    slot.timer = true;
    const armedAfter = slot.sentAt;
    this.clock.setTimeout(() => {
      slot.timer = false;
      if (slot.pending.size === 0) return;
      // An urgent frame was sent meanwhile and opened a new window: the rest waits for that one to end.
      const left = slot.sentAt + this.windowMs - this.clock.now();
      if (slot.sentAt !== armedAfter && left > 0) return this.arm(from, slot, left);
      this.flush(from, slot);
    }, wait);
  }

  /** Forgets what `from` had waiting (its socket closed; the room announces its clients' removal itself). */
  drop(from: K): void {
    this.slots.get(from)?.pending.clear();
  }

  private flush(from: K, slot: Slot): void {
    if (slot.pending.size === 0) return;
    const entries = [...slot.pending.values()];
    slot.pending.clear();
    slot.sentAt = this.clock.now();
    this.relay(from, entries);
  }
}
