// What the benchmark reads of the Worker's own process from /proc (Linux). `wrangler dev` runs two workerd
// processes: its proxy, listening on the public port, and the one running the Worker; the figures are the latter's.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (`getconf CLK_TCK`: 100 on Linux). */
const TICKS = 100;

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses; the parent pid is the second field after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

export interface WorkerdPair {
  /** The workerd running the Worker. */
  worker: number;
  /** wrangler's proxy in front of it (its command line holds the public port). */
  proxy: number;
}

/** Both workerd descendants of the wrangler process `root` serving on `port`. */
export function findWorkerd(root: number, port: number): WorkerdPair {
  const children = childrenOf();
  const found: Partial<WorkerdPair> = {};
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      queue.push(child);
      let args: string[];
      try {
        args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // it ended while we looked
      }
      if (!args[0]?.endsWith('/workerd')) continue;
      if (args.some((a) => a.includes(`entry=127.0.0.1:${port}`))) found.proxy = child;
      else found.worker = child;
    }
  }
  if (!found.worker || !found.proxy) throw new Error(`expected two workerd processes under wrangler (pid ${root})`);
  return found as WorkerdPair;
}

/**
 * The TCP ports a process listens on: the inodes of its sockets (/proc/<pid>/fd) matched against the LISTEN rows of
 * /proc/<pid>/net/tcp and tcp6, which list every socket of the process's network namespace.
 */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // The descriptor was closed while we looked.
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    // Columns: sl, local_address (hex ip:port), rem_address, st (0A = LISTEN), tx:rx queues, tr:when, retrnsmt, uid,
    // timeout, inode.
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, i.e. 11 and 12 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/**
 * CPU time used so far by the workerd processes this process started itself (Miniflare's), every thread included,
 * in milliseconds: /proc/<pid>/task/<tid>/schedstat counts each thread's time on a CPU in nanoseconds, where
 * /proc/<pid>/stat counts in 10 ms ticks.
 */
export function ownWorkerdCpuMs(): number {
  let ns = 0;
  for (const [ppid, children] of childrenOf()) {
    if (ppid !== process.pid) continue;
    for (const pid of children) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith('/workerd')) continue;
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        }
      } catch {
        // It ended while we looked.
      }
    }
  }
  return ns / 1e6;
}

/** Waits until the process has used no CPU for `quietMs` (bounded by `maxMs`). */
export async function waitForIdle(pid: number, quietMs: number, maxMs: number): Promise<void> {
  const started = Date.now();
  let last = cpuMs(pid);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() - started > maxMs) throw new Error(`process ${pid} was still busy after ${maxMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = cpuMs(pid);
    if (now !== last) since = Date.now();
    last = now;
  }
}

/** Resident memory now (VmRSS) and its high-water mark since the process started (VmHWM), in bytes. */
export function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => {
    const match = new RegExp(`${name}:\\s+(\\d+) kB`).exec(status);
    if (!match) throw new Error(`no ${name} for pid ${pid}`);
    return Number(match[1]) * 1024;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Runs `measure` against the Worker's current workerd and retries (up to three times) when `wrangler dev` replaced
 * that process meanwhile: it reloads the Worker whenever a source file changes, and a figure spanning two processes
 * would be meaningless.
 */
export async function onOneWorkerd<T>(
  root: number,
  port: number,
  measure: (pids: WorkerdPair) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const pids = await waitForWorkerd(root, port);
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await measure(pids);
    } catch (error) {
      failure = error;
    }
    const now = findWorkerdOrNothing(root, port);
    const replaced = now?.worker !== pids.worker || now.proxy !== pids.proxy;
    if (!replaced) {
      if (failure !== undefined) throw failure;
      return result as T;
    }
    if (attempt === 3) throw new Error('wrangler dev kept reloading the Worker (are source files being edited?)');
    console.log('  (wrangler dev reloaded the Worker during the measurement; measuring again)');
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

/** After a reload wrangler takes a moment to start the new workerd: wait for it (up to 30 s). */
async function waitForWorkerd(root: number, port: number): Promise<WorkerdPair> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = findWorkerdOrNothing(root, port);
    if (found) return found;
    if (Date.now() > deadline) return findWorkerd(root, port);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function findWorkerdOrNothing(root: number, port: number): WorkerdPair | undefined {
  try {
    return findWorkerd(root, port);
  } catch {
    return undefined;
  }
}

/**
 * The address of the Worker's own workerd. It listens on three ports (wrangler reads which is which from its control
 * pipe): the entry socket, its inspector and a debug port. The entry is the one that answers a request exactly as
 * the Worker answers it through the proxy (Lede's problem+json 404 for an unknown API path).
 */
export async function workerdEntry(devUrl: string, pid: number): Promise<string> {
  const path = '/api/v1/no-such-route-bench';
  const answer = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return `${res.status} ${res.headers.get('content-type')}`;
  };
  const expected = await answer(`${devUrl}${path}`);
  for (const port of listeningPorts(pid)) {
    const url = `http://127.0.0.1:${port}`;
    // The debug port does not speak HTTP: its fetch fails.
    if ((await answer(`${url}${path}`).catch(() => undefined)) === expected) return url;
  }
  throw new Error(`no port of the Worker's workerd (pid ${pid}) answers as ${devUrl} does (${expected})`);
}
