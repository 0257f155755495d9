// The three servers the collaboration benchmark compares, each in its own process on 127.0.0.1 so that its memory
// and CPU can be read from /proc apart from the clients': Lede under `wrangler dev` (started exactly as `npm start`
// does), and the Hocuspocus and y-websocket reference servers as child Node processes running the scripts beside this
// file. Lede is measured twice: through wrangler dev's proxy, as `npm start` serves it, and with the clients connected
// straight to the port of the workerd that runs the Worker (every frame crosses the proxy, a second workerd, twice,
// which the Node servers do not have). Beside them, the runtime floor: a bare y-websocket room in a Durable Object
// under wrangler dev (floor/), so Lede's own cost can be told from the runtime's. Every scenario gets a fresh
// server process.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ROOT } from '../../scripts/local';
import { signIn, startBenchServer } from '../demo';
import { cpuMs, findWorkerd, memory, waitForIdle, workerdEntry } from '../proc';
import type { Dialect } from './client';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `Lede direct`: the same Worker under wrangler dev, its clients connected to its workerd's own port. */
/**
 * `Runtime floor`: a bare y-websocket room in the same runtime under wrangler dev (floor/worker.js); `Durable floor`:
 * the same room writing each update to its SQLite before relaying it.
 */
export type ServerName = 'Lede' | 'Lede direct' | 'Runtime floor' | 'Durable floor' | 'Hocuspocus' | 'y-websocket';

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

/**
 * Lede: `wrangler dev` on a state directory that already has the migrations and the demo accounts. `direct`: the
 * clients skip wrangler's proxy and connect to the port of the workerd that runs the Worker (setup still goes through
 * the proxy).
 */
export async function startLede(stateDir: string, config: string, direct = false): Promise<RunningServer> {
  const { dev, port } = await startBenchServer(stateDir, ['--config', config]);
  try {
    const token = await signIn(dev.url);
    const postId = await createPost(dev.url, token);
    // wrangler dev runs two workerd processes: its proxy on the public port, and the one running the Worker.
    const pid = findWorkerd(dev.process.pid!, port).worker;
    const base = direct ? await workerdEntry(dev.url, pid) : dev.url;
    // Creating the post queued its domain events; their consumers run in this same process. The peers start idle,
    // so the workload starts once Lede's consumers are done too.
    await waitForIdle(pid, 1000, 60_000);
    const roomUrl = `${base.replace(/^http/, 'ws')}/api/v1/admin/posts/${postId}/room?token=${encodeURIComponent(token)}`;
    const name = direct ? 'Lede direct' : 'Lede';
    return { name, dialect: { kind: 'y-websocket' }, roomUrl, pid, stop: dev.stop };
  } catch (error) {
    await dev.stop();
    throw error;
  }
}

/**
 * The runtime floor: floor/worker.js under `wrangler dev` (its own config and state directory, the same logging as
 * Lede's), its clients going through wrangler's proxy as Lede's do.
 */
export async function startFloor(stateDir: string, document: string, durable = false): Promise<RunningServer> {
  const { dev, port } = await startBenchServer(stateDir, ['--config', join(HERE, 'floor', 'wrangler.toml')]);
  const pid = findWorkerd(dev.process.pid!, port).worker;
  const roomUrl = `${dev.url.replace(/^http/, 'ws')}/${document}${durable ? '/durable' : ''}`;
  const name = durable ? 'Durable floor' : 'Runtime floor';
  return { name, dialect: { kind: 'y-websocket' }, roomUrl, pid, stop: dev.stop };
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
export const rssMiB = (pid: number): number => memory(pid).rss / (1024 * 1024);

/** CPU time (user + system) a process has used, in seconds. */
export const cpuSeconds = (pid: number): number => cpuMs(pid) / 1000;
