// One autocannon run against a URL of the running Worker, with the CPU time the Worker's workerd process (and
// wrangler's proxy in front of it) spent on it, divided by the requests answered.
import autocannon from 'autocannon';
import { cpuMs, type WorkerdPair } from '../proc';

export interface LoadResult {
  connections: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Response bytes per second, bodies and headers. */
  bytesPerSecond: number;
  /** CPU time of the Worker's workerd per request answered. */
  workerCpuMs: number;
  /** CPU time of wrangler's proxy workerd per request answered (a cost of `wrangler dev`, not of the Worker). */
  proxyCpuMs: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

function cannon(url: string, connections: number, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A warm-up of `warmupSeconds` (not counted), then `seconds` of load at `connections` concurrent connections. */
export async function load(
  url: string,
  pids: WorkerdPair,
  connections: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LoadResult> {
  await cannon(url, connections, warmupSeconds);
  await settle();
  const before = { worker: cpuMs(pids.worker), proxy: cpuMs(pids.proxy) };
  const result = await cannon(url, connections, seconds);
  // Requests cut off when autocannon stopped are still finished by the Worker; let that CPU land in this window.
  await settle();
  const spent = { worker: cpuMs(pids.worker) - before.worker, proxy: cpuMs(pids.proxy) - before.proxy };
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors under load`);
  }
  const requests = result.requests.total;
  return {
    connections,
    requests,
    perSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerSecond: result.throughput.total / result.duration,
    workerCpuMs: spent.worker / requests,
    proxyCpuMs: spent.proxy / requests,
  };
}
