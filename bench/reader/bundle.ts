// The Worker's size and cold start. Size: the bundle `wrangler deploy --dry-run --outdir` writes (no login needed),
// each module's bytes and gzip bytes (level 9; Cloudflare's own limits are on the compressed upload), wrangler's
// own "Total Upload" line, and how much of the source an isolate evaluates when it starts (scripts/bundle.ts).
// Cold start: a fresh workerd (through Miniflare, with the bindings wrangler.toml declares) running that built
// bundle, timed from `new Miniflare()` to the first answer of the floor route, with the CPU workerd used until then;
// beside it the same for a few-line Worker with the same bindings (the local services' start), the same again with
// the bundle's WebAssembly modules imported (what compiling photon costs), and with none (the runtime's own start),
// so the differences are Lede's JavaScript, its WebAssembly and its bindings.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { buildWorker, sourceBytes, startupGraph } from '../../scripts/bundle';
import { BENCH_FLOOR_PATH } from '../../workers/http/bench-floor';
import { ownWorkerdCpuMs } from '../proc';
import { percentile } from './miss';

export interface BundleFigures {
  modules: { name: string; bytes: number; gzipBytes: number }[];
  /** wrangler's "Total Upload: … / gzip: …" line. */
  wranglerSays: string;
  /** Bytes of source (before bundling) evaluated when an isolate starts, and left for a dynamic import(). */
  sourceAtStart: number;
  sourceOnFirstUse: number;
  lede: ColdStart;
  /** The same bindings (stub Durable Object classes) around a few-line Worker. */
  stubbed: ColdStart;
  /** That Worker importing the bundle's WebAssembly modules (photon), which workerd compiles as it loads them. */
  stubbedWithWasm: ColdStart;
  bare: ColdStart;
}

export interface ColdStart {
  starts: number;
  /** Median ms from `new Miniflare()` until `ready` (workerd started, script loaded). */
  readyMs: number;
  /** Median ms from `new Miniflare()` until the first floor answer arrived. */
  firstAnswerMs: number;
  /** Median CPU ms workerd used until that answer (all its threads): far steadier than the wall-clock times. */
  cpuMs: number;
}

async function timeStart(
  options: MiniflareOptions,
  path: string,
): Promise<{ ready: number; first: number; cpu: number }> {
  const started = performance.now();
  const mf = new Miniflare(options);
  try {
    await mf.ready;
    const ready = performance.now() - started;
    const res = await mf.dispatchFetch(`http://127.0.0.1${path}`);
    const body = await res.text();
    if (res.status !== 200 || body !== 'floor') throw new Error(`cold start: ${path} answered ${res.status} ${body}`);
    const first = performance.now() - started;
    return { ready, first, cpu: ownWorkerdCpuMs() };
  } finally {
    await mf.dispose();
  }
}

async function coldStarts(options: MiniflareOptions, path: string, starts: number): Promise<ColdStart> {
  const ready: number[] = [];
  const first: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < starts; i++) {
    const one = await timeStart(options, path);
    ready.push(one.ready);
    first.push(one.first);
    cpu.push(one.cpu);
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return { starts, readyMs: median(ready), firstAnswerMs: median(first), cpuMs: median(cpu) };
}

export async function measureBundle(config: string, starts: number): Promise<BundleFigures> {
  const outdir = mkdtempSync(join(tmpdir(), 'lede-bench-bundle-'));
  try {
    const { wranglerSays, metafile } = await buildWorker(outdir, config);
    const { atStart, onFirstUse } = startupGraph(metafile);
    // The entry module first: Miniflare takes the first module as the Worker's main one.
    const files = readdirSync(outdir)
      .filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))
      .sort((a, b) => Number(b === 'index.js') - Number(a === 'index.js'));
    const modules = files.map((name) => {
      const bytes = readFileSync(join(outdir, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
    const lede = {
      ...workerOptions,
      // The static assets are not on the reader's path; the floor answers without them.
      assets: undefined,
      bindings: { ...workerOptions.bindings, LEDE_BENCH_FLOOR: '1' },
      modulesRoot: outdir,
      modules: files.map((name) => ({
        type: name.endsWith('.wasm') ? ('CompiledWasm' as const) : ('ESModule' as const),
        path: join(outdir, name),
      })),
    } as MiniflareOptions;
    const floorOnly = `export default { fetch: () => new Response('floor') };`;
    // The same bindings around a Worker of a few lines: what local D1, R2, Queues and Durable Objects cost to start.
    const classes = Object.values(workerOptions.durableObjects ?? {}).map((d) =>
      typeof d === 'string' ? d : (d as { className: string }).className,
    );
    const stubbed = {
      ...lede,
      modulesRoot: undefined,
      modules: true,
      script: [
        "import { DurableObject } from 'cloudflare:workers';",
        ...classes.map((name) => `export class ${name} extends DurableObject {}`),
        floorOnly,
      ].join('\n'),
    } as MiniflareOptions;
    const wasm = files.filter((name) => name.endsWith('.wasm'));
    const stubbedWithWasm = {
      ...lede,
      modules: [
        {
          type: 'ESModule' as const,
          path: join(outdir, 'stub-with-wasm.js'),
          contents: [
            ...wasm.map((name, i) => `import wasm${i} from './${name}';`),
            `export const compiled = [${wasm.map((_, i) => `wasm${i}`).join(', ')}];`,
            (stubbed as { script: string }).script,
          ].join('\n'),
        },
        ...wasm.map((name) => ({ type: 'CompiledWasm' as const, path: join(outdir, name) })),
      ],
    } as MiniflareOptions;
    const bare: MiniflareOptions = {
      modules: true,
      compatibilityDate: workerOptions.compatibilityDate,
      script: floorOnly,
    };
    return {
      modules,
      wranglerSays,
      sourceAtStart: sourceBytes(metafile, atStart),
      sourceOnFirstUse: sourceBytes(metafile, onFirstUse),
      lede: await coldStarts(lede, BENCH_FLOOR_PATH, starts),
      stubbed: await coldStarts(stubbed, BENCH_FLOOR_PATH, starts),
      stubbedWithWasm: await coldStarts(stubbedWithWasm, BENCH_FLOOR_PATH, starts),
      bare: await coldStarts(bare, BENCH_FLOOR_PATH, starts),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
