// One autocannon run of one scenario against one server, with the CPU time of the server's own process (read from
// /proc before and after, divided by the responses it gave), the responses that were not 2xx, and the share of
// `x-lede-cache` values when the server sends that header.
import autocannon from 'autocannon';
import { cpuMs } from '../proc';

export interface Scenario {
  /** Short name, shared by Lede and Ghost so their rows pair up. */
  key: string;
  label: string;
  /** A fixed path, or a new one for every request (random post pages). */
  path: string | (() => string);
  headers?: Record<string, string>;
}

export interface LoadResult {
  connections: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the server's process per response. */
  cpuMs: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses by their x-lede-cache value ("absent" when the header was not sent). */
  cache: Record<string, number>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

function cannon(base: string, scenario: Scenario, connections: number, seconds: number, cache: Record<string, number>) {
  const request: autocannon.Request = {
    method: 'GET',
    ...(typeof scenario.path === 'string' ? { path: scenario.path } : {}),
    headers: scenario.headers ?? {},
    ...(typeof scenario.path === 'function'
      ? { setupRequest: (req: autocannon.Request) => ({ ...req, path: (scenario.path as () => string)() }) }
      : {}),
    onResponse: (_status: number, _body: string, _context: unknown, headers?: Record<string, unknown>) => {
      const value = headerValue(headers, 'x-lede-cache') ?? 'absent';
      cache[value] = (cache[value] ?? 0) + 1;
    },
  };
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: base, connections, duration: seconds, timeout: 30, requests: [request] }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return String(value);
  }
  return undefined;
}

/** A warm-up of `warmupSeconds` (not counted), then `seconds` of load at `connections` connections. */
export async function load(
  base: string,
  pid: number,
  scenario: Scenario,
  connections: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LoadResult> {
  if (warmupSeconds > 0) await cannon(base, scenario, connections, warmupSeconds, {});
  await settle();
  const cache: Record<string, number> = {};
  const before = cpuMs(pid);
  const result = await cannon(base, scenario, connections, seconds, cache);
  // Requests cut off when autocannon stopped are still finished by the server; let that CPU land in this window.
  await settle();
  const spent = cpuMs(pid) - before;
  const requests = result.requests.total;
  return {
    connections,
    requests,
    perSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMs: requests > 0 ? spent / requests : NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cache,
  };
}
