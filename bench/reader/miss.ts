// "A cache miss after a publish": a published post's page is read (so a cache holds it), its title is changed
// through the Admin API, and once the server is idle again the first GET of the page is timed, with the server's CPU
// read from /proc from that GET until the server is idle again (what it does after answering, such as storing the
// page in the edge cache, is the miss's cost too). The page must answer 200 with the new title (a stale page is
// counted). One post at a time, a bounded number of times. A request on an idle server costs several times what the
// same request costs among thousands, so where the server has a floor route, each round also costs one request of it
// the same way: the miss's own floor.
import { cpuMs } from '../proc';

export interface MissResult {
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time per first GET, from the GET until the server is idle again. */
  cpuMs: number;
  /** The same for one request of the floor route on the idle server, when the target has one. */
  floorCpuMs?: number;
  /** First GETs that did not answer 200. */
  non200: number;
  /** Rounds where a read, the change or the first GET failed or got no answer within 30 s. */
  failed: number;
  firstFailure?: string;
  /** First GETs that still carried the old title. */
  stale: number;
  /** First GETs by their x-lede-cache value ("absent" when the header was not sent). */
  cache: Record<string, number>;
}

export interface MissTarget {
  base: string;
  pid: number;
  /** The path of the n-th post changed. */
  pathOf: (n: number) => string;
  /** Changes the n-th post's title through the server's Admin API. */
  retitle: (n: number, title: string) => Promise<void>;
  /** A route answering a constant from the same server (Lede's LEDE_BENCH_FLOOR route). */
  floorPath?: string;
}

const TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the work a change sets off (Lede: the outbox relay, then the Queue consumers, whose batches wait up to
 * a second) to finish, so that it is not counted as the GET's: at least `minMs`, then until the process has used
 * no CPU for 200 ms, at most 3 s in all.
 */
async function quiet(pid: number, minMs: number): Promise<void> {
  const deadline = Date.now() + 3000;
  await sleep(minMs);
  let last = cpuMs(pid);
  let still = 0;
  while (still < 4 && Date.now() < deadline) {
    await sleep(50);
    const now = cpuMs(pid);
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** Nearest-rank percentile. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The server's CPU for one request on the idle server, until it is idle again. */
async function isolatedCpu(pid: number, url: string): Promise<number> {
  await quiet(pid, 0);
  const before = cpuMs(pid);
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer();
  await quiet(pid, 0);
  return cpuMs(pid) - before;
}

export async function missAfterPublish(target: MissTarget, count: number): Promise<MissResult> {
  const latencies: number[] = [];
  const cache: Record<string, number> = {};
  let cpu = 0;
  let floorCpu = 0;
  let non200 = 0;
  let stale = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const stamp = Date.now().toString(36);
  let rounds = 0;
  // A server that stops answering must not hold the suite for count × 30 s: five failed rounds end the loop.
  for (let n = 0; n < count && failed < 5; n++, rounds++) {
    const url = `${target.base}${target.pathOf(n)}`;
    const title = `Changed for the reader benchmark ${stamp} ${n}`;
    try {
      // Read twice, so that a cache in front of rendering holds the page before it changes.
      for (let i = 0; i < 2; i++) await (await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })).arrayBuffer();
      await target.retitle(n, title);
    } catch (error) {
      failed++;
      firstFailure ??= String(error);
      continue;
    }
    await quiet(target.pid, 1100);
    const before = cpuMs(target.pid);
    const started = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = await res.text();
      latencies.push(performance.now() - started);
      await quiet(target.pid, 0);
      cpu += cpuMs(target.pid) - before;
      if (target.floorPath) floorCpu += await isolatedCpu(target.pid, `${target.base}${target.floorPath}`);
      if (res.status !== 200) non200++;
      else if (!body.includes(title)) stale++;
      const state = res.headers.get('x-lede-cache') ?? 'absent';
      cache[state] = (cache[state] ?? 0) + 1;
    } catch (error) {
      // No answer within the timeout: counted apart, its time in no percentile.
      failed++;
      firstFailure ??= String(error);
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    count: rounds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMs: cpu / latencies.length,
    ...(target.floorPath ? { floorCpuMs: floorCpu / latencies.length } : {}),
    non200,
    failed,
    firstFailure,
    stale,
    cache,
  };
}
