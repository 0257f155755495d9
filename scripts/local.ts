// Running Lede locally: migrations, the demo accounts, `wrangler dev`, the demo content. `npm start` and the
// end-to-end tests share these steps, so the tests exercise exactly what a new user runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

/** Offline by design: no metrics, and no fetch of the `Request.cf` sample from Cloudflare (placeholder used). */
export const OFFLINE_ENV = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

export interface LocalOptions {
  /** Where D1 and Durable Object state live; wrangler's default is .wrangler/state. */
  persistTo: string;
  port: number;
  /** The devtools inspector port; tests pick a free one so they can run beside `npm start`. */
  inspectorPort?: number;
  /** wrangler's own log level; tests keep it quiet. */
  logLevel?: 'debug' | 'info' | 'log' | 'warn' | 'error' | 'none';
  quiet?: boolean;
  /** More `wrangler dev` arguments, e.g. `--var NAME:value` (the benchmarks use it). */
  extraArgs?: string[];
}

/** Runs a wrangler command to its end; quiet, its output is kept and returned (and shown only if it fails). */
export async function runWrangler(args: string[], quiet: boolean): Promise<string> {
  // CI=true makes wrangler skip its interactive confirmation prompts.
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV, CI: 'true' },
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`wrangler ${args.join(' ')} exited with ${code}\n${output}`);
  return output;
}

/** Applies every pending migration in d1/migrations to the local database (idempotent). */
export async function applyMigrations(options: Pick<LocalOptions, 'persistTo' | 'quiet'>): Promise<void> {
  await runWrangler(
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', options.persistTo],
    options.quiet ?? false,
  );
}

export interface DevServer {
  url: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * The TOTP_ENCRYPTION_KEY secret wrangler.toml requires, for local runs: the caller's own when set, else one kept
 * beside the local state it protects (a new state directory gets a new key). wrangler dev reads a required secret
 * from the environment when there is no .dev.vars; whoever keeps a .dev.vars puts it there.
 */
export function localTotpKey(persistTo: string): string {
  if (process.env.TOTP_ENCRYPTION_KEY) return process.env.TOTP_ENCRYPTION_KEY;
  const file = join(persistTo, 'totp-encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(persistTo, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Starts `wrangler dev` and resolves once the Worker answers. */
export async function startDevServer(options: LocalOptions): Promise<DevServer> {
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(options.port), '--persist-to', options.persistTo];
  args.push('--log-level', options.logLevel ?? 'info', '--show-interactive-dev-session=false');
  if (options.inspectorPort) args.push('--inspector-port', String(options.inspectorPort));
  args.push(...(options.extraArgs ?? []));
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV, TOTP_ENCRYPTION_KEY: localTotpKey(options.persistTo) },
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    detached: process.platform !== 'win32',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    // wrangler starts workerd as a child; signal the whole group so nothing is left behind.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/admin/setup`);
      if (res.ok) return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${url} within 90 s\n${output}`);
}

/** A TCP port nothing is listening on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
