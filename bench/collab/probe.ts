// Measures how long a change takes to reach a set of clients: every client reports each remote update or awareness
// change it applied, and the probe notes the moment the last awaited client satisfies the check.
import type { BenchClient } from './client';

interface Pending {
  left: Set<BenchClient>;
  check: (client: BenchClient) => boolean;
  finish: () => void;
}

export class Probe {
  private readonly pending = new Set<Pending>();

  /** Wires a client's remote-change hook to this probe. */
  watch(client: BenchClient): void {
    client.onRemote = () => this.observe(client);
  }

  private observe(client: BenchClient): void {
    for (const pending of this.pending) {
      if (!pending.left.has(client) || !pending.check(client)) continue;
      pending.left.delete(client);
      if (pending.left.size === 0) pending.finish();
    }
  }

  /**
   * Runs `act` (which returns the check a receiver must pass) and resolves with the milliseconds until every
   * receiver passed it.
   */
  measure(receivers: BenchClient[], act: () => (client: BenchClient) => boolean, timeoutMs: number): Promise<number> {
    const started = performance.now();
    const check = act();
    return this.reached(receivers, check, timeoutMs, started);
  }

  /**
   * Resolves with the milliseconds from `started` until every receiver passed `check`; rejects after `timeoutMs`,
   * naming how many never did.
   */
  reached(
    receivers: BenchClient[],
    check: (client: BenchClient) => boolean,
    timeoutMs: number,
    started = performance.now(),
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const left = new Set(receivers.filter((c) => !check(c)));
      const pending: Pending = { left, check, finish: () => undefined };
      const timer = setTimeout(() => {
        this.pending.delete(pending);
        reject(new Error(`${left.size} of ${receivers.length} clients never got the change in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.finish = () => {
        const elapsed = performance.now() - started;
        clearTimeout(timer);
        this.pending.delete(pending);
        resolve(elapsed);
      };
      this.pending.add(pending);
      if (left.size === 0) pending.finish();
    });
  }
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A small seeded generator (mulberry32), so every server gets the same sequence of editors and positions. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
