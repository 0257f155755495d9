// The three servers the collaboration benchmark compares, each in its own process on 127.0.0.1 so that its memory
// and CPU can be read from /proc apart from the clients': Lede under `wrangler dev` (started exactly as `npm start`
// does), and the Hocuspocus and y-websocket reference servers as child Node processes running the scripts beside this
// file. Every scenario gets a fresh server process.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ROOT, startDevServer } from '../../scripts/local';
import { DEMO_OWNER } from '../../scripts/seed';
import type { Dialect } from './client';

const HERE = dirname(fileURLToPath(import.meta.url));

export type ServerName = 'Lede' | 'Hocuspocus' | 'y-websocket';

/** A server ready for one scenario: where each client connects, and the process whose memory is read. */
export interface RunningServer {
  name: ServerName;
  dialect: Dialect;
  /** The WebSocket URL of the one document every client of the scenario joins. */
  roomUrl: string;
  /** The process that holds the document (for Lede: the workerd process running the Worker and its rooms). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * A copy of the Worker's source as it is now. `wrangler dev` rebuilds and restarts workerd on every change to the
 * files it watches, and others may edit the tree while the benchmark runs; a copy keeps one build for the whole run.
 */
export function snapshotSource(into: string): string {
  for (const entry of SOURCE) cpSync(join(ROOT, entry), join(into, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  return join(into, 'wrangler.toml');
}

const SOURCE = [
  'wrangler.toml',
  'package.json',
  'tsconfig.json',
  'workers',
  'durable-objects',
  'd1',
  'queues',
  'public',
];

/** Lede: `wrangler dev` on a state directory that already has the migrations and the demo accounts. */
export async function startLede(stateDir: string, config: string): Promise<RunningServer> {
  const { dev, port } = await startOnFreePort(stateDir, config);
  try {
    const token = await signIn(dev.url);
    const postId = await createPost(dev.url, token);
    // wrangler dev runs two workerd processes: its proxy on the public port, and the one running the Worker.
    const pid = findWorkerd(dev.process.pid!, `entry=127.0.0.1:${port}`);
    const roomUrl = `${dev.url.replace(/^http/, 'ws')}/api/v1/admin/posts/${postId}/room?token=${encodeURIComponent(token)}`;
    return { name: 'Lede', dialect: { kind: 'y-websocket' }, roomUrl, pid, stop: dev.stop };
  } catch (error) {
    await dev.stop();
    throw error;
  }
}

/** Other processes on this machine take ports too: a port taken between the look and wrangler's bind is tried anew. */
async function startOnFreePort(stateDir: string, config: string, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const dev = await startDevServer({
        persistTo: stateDir,
        port,
        inspectorPort: await freePort(),
        logLevel: 'warn',
        quiet: true,
        extraArgs: ['--config', config],
      });
      return { dev, port };
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('Address already in use')) throw error;
    }
  }
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function createPost(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: 'Collaboration benchmark', markdown: '' }),
  });
  if (!res.ok) throw new Error(`creating the post answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { post: { id: string } }).post.id;
}

/** The workerd descendant of `root` whose command line does not hold `skip` (wrangler's proxy has the public port). */
function findWorkerd(root: number, skip: string): number {
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
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of children.get(pid) ?? []) {
      queue.push(child);
      let args: string[] = [];
      try {
        args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      if (args[0]?.endsWith('/workerd') && !args.some((a) => a.includes(skip))) return child;
    }
  }
  throw new Error(`no workerd process under wrangler (pid ${root})`);
}

/** A peer server: one of the scripts beside this file, in a child Node process of its own. */
export async function startPeer(name: 'Hocuspocus' | 'y-websocket', document: string): Promise<RunningServer> {
  const script = join(HERE, name === 'Hocuspocus' ? 'hocuspocus-server.mjs' : 'y-websocket-server.mjs');
  const port = await freePort();
  const child = spawn(process.execPath, [script, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  };
  try {
    await ready(child, 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  if (name === 'Hocuspocus') {
    const roomUrl = `ws://127.0.0.1:${port}`;
    return { name, dialect: { kind: 'hocuspocus', document }, roomUrl, pid: child.pid!, stop };
  }
  return {
    name,
    dialect: { kind: 'y-websocket' },
    roomUrl: `ws://127.0.0.1:${port}/${document}`,
    pid: child.pid!,
    stop,
  };
}

async function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in ${timeoutMs} ms: ${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** Resident memory of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU time (user + system) a process has used, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, i.e. 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
