// The Worker as it would be uploaded: `wrangler deploy --dry-run` builds the bundle without a Cloudflare login, and
// its esbuild metafile says which sources an isolate evaluates when it starts (the entry and what it imports
// statically) and which wait for a dynamic import(). The reader benchmark reports both; a test keeps the split.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runWrangler } from './local';

/** The parts of esbuild's metafile read here. */
export interface Metafile {
  inputs: Record<string, { bytes: number; imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { entryPoint?: string }>;
}

export interface BuiltWorker {
  /** wrangler's "Total Upload: … / gzip: …" line. */
  wranglerSays: string;
  metafile: Metafile;
}

/** Builds the Worker into `outdir` as `wrangler deploy` would upload it. */
export async function buildWorker(outdir: string, config = join(ROOT, 'wrangler.toml')): Promise<BuiltWorker> {
  const metafile = join(outdir, 'metafile.json');
  const args = ['deploy', '--dry-run', '--outdir', outdir, '--metafile', metafile, '--config', config];
  const output = await runWrangler(args, true);
  return {
    wranglerSays: /Total Upload:.*$/m.exec(output)?.[0] ?? '(no Total Upload line)',
    metafile: JSON.parse(readFileSync(metafile, 'utf8')) as Metafile,
  };
}

export interface StartupGraph {
  /** Sources evaluated when an isolate starts: the entry and everything it reaches by static imports. */
  atStart: Set<string>;
  /** Sources in the bundle that only a dynamic import() reaches: evaluated when first used. */
  onFirstUse: Set<string>;
}

/** Splits the bundle's sources by when they are evaluated, from the Worker's entry (`main` in wrangler.toml). */
export function startupGraph(metafile: Metafile): StartupGraph {
  const entry = Object.values(metafile.outputs).find((output) => output.entryPoint)?.entryPoint;
  if (!entry) throw new Error('The metafile names no entry point.');
  const atStart = new Set([entry]);
  const pending = [entry];
  for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
    for (const { path, kind, external } of metafile.inputs[source]?.imports ?? []) {
      if (external || kind === 'dynamic-import' || atStart.has(path) || !(path in metafile.inputs)) continue;
      atStart.add(path);
      pending.push(path);
    }
  }
  const onFirstUse = new Set(Object.keys(metafile.inputs).filter((source) => !atStart.has(source)));
  return { atStart, onFirstUse };
}

/** The bytes of source (before bundling) in `sources`. */
export const sourceBytes = (metafile: Metafile, sources: Iterable<string>) =>
  [...sources].reduce((sum, source) => sum + (metafile.inputs[source]?.bytes ?? 0), 0);
