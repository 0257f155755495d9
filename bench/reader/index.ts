// The reader suite (`npm run bench -- reader`, issue 8): what a reader's request costs Lede, against the runtime
// floor and against Ghost. Lede runs under `wrangler dev` (as `npm start` does, `--log-level warn`, plus
// `--var LEDE_BENCH_FLOOR:1` for the floor route and the no-cache header) on a copy of the source, with 1,000
// posts published through the Admin API. Each scenario is driven by autocannon at 10 and 50 connections after a
// warm-up, and costed in CPU time of the server's own process from /proc. Then the same scenarios against the Ghost
// peer (../shared/peers/ghost/, if it is running), the cache miss after a publish on both, the bundle's size and a
// cold start, and the targets. Environment: BENCH_READER_DURATION (s, default 15), BENCH_READER_WARMUP (s,
// default 5), BENCH_READER_POSTS (default 1000), BENCH_READER_PUBLISHES (default 100), BENCH_READER_GHOST=0 to skip
// Ghost, BENCH_READER_STARTS (cold starts, default 5), BENCH_READER_REF=<git ref> to measure a commit's source,
// BENCH_READER_LOAD=0 to measure the bundle and the cold start alone (a minute, where the whole suite takes twenty).
import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/local';
import { BENCH_CACHE_FLOOR_PATH, BENCH_D1_FLOOR_PATH, BENCH_FLOOR_PATH } from '../../workers/http/bench-floor';
import { snapshotSource } from '../collab/servers';
import { prepareState, signIn, startBenchServer } from '../demo';
import { onOneWorkerd, waitForIdle, workerdEntry } from '../proc';
import { measureBundle } from './bundle';
import { postSlug } from './corpus';
import { findGhost, type Ghost, ghostSlug, retitleGhostPost } from './ghost';
import { load, type Scenario } from './load';
import { missAfterPublish, type MissResult } from './miss';
import {
  printBundle,
  printFloorRatios,
  printGhostRatios,
  printLoad,
  printMiss,
  printTargets,
  type Row,
} from './report';
import { ghostScenarios, ledeScenarios } from './scenarios';
import { checkPages, seedPosts } from './seed';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = [10, 50];
/** Measured a second time straight to the Worker's workerd (no wrangler proxy), at the higher concurrency. */
const DIRECT_SCENARIOS = ['floor', 'cache-floor', 'post-hot', 'post-random', 'content-api'];
const DIRECT_CONNECTIONS = 50;
const load1 = () => loadavg()[0]!.toFixed(2);
const now = () =>
  `${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

export async function runReader(): Promise<void> {
  const seconds = env('BENCH_READER_DURATION', 15);
  const warmup = env('BENCH_READER_WARMUP', 5);
  const posts = env('BENCH_READER_POSTS', 1000);
  const publishes = env('BENCH_READER_PUBLISHES', 100);
  console.log(`  started ${now()}`);
  console.log(`  ${seconds} s measured after ${warmup} s of warm-up per scenario and concurrency`);

  const ghost = process.env.BENCH_READER_GHOST === '0' ? { missing: 'BENCH_READER_GHOST=0' } : await findGhost();
  if ('missing' in ghost) console.log(`  Ghost: not measured (${ghost.missing}); Lede alone`);
  else console.log(`  Ghost: ${ghost.url}, pid ${ghost.pid}, ${ghost.posts} posts`);

  const workDir = mkdtempSync(join(tmpdir(), 'lede-bench-reader-'));
  try {
    const ref = process.env.BENCH_READER_REF;
    const config = ref ? snapshotRef(ref, join(workDir, 'source')) : snapshotSource(join(workDir, 'source'));
    if (ref) console.log(`  Lede: the source as committed at ${ref}, not the working tree`);
    if (process.env.BENCH_READER_LOAD === '0') {
      printBundle(await measureBundle(config, env('BENCH_READER_STARTS', 5)));
      return;
    }
    const lede = await benchLede(join(workDir, 'state'), config, posts, publishes, seconds, warmup);
    printLoad('Lede', lede.rows);
    printFloorRatios(lede.rows);
    printLoad("Lede direct (clients connected to the Worker's own workerd, no wrangler proxy)", lede.direct);
    printFloorRatios(lede.direct);
    printMiss('Lede', lede.miss);

    let ghostRows: Row[] | undefined;
    if (!('missing' in ghost)) {
      const g = await benchGhost(ghost, publishes, seconds, warmup);
      ghostRows = g.rows;
      printLoad('Ghost', g.rows);
      printMiss('Ghost', g.miss);
      printGhostRatios(lede.rows, g.rows);
      printGhostRatios(lede.direct, g.rows, 'Lede direct');
      const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
      console.log(
        `\n  cache miss after a publish, Lede ÷ Ghost: p50 ${x(lede.miss.p50Ms, g.miss.p50Ms)}, ` +
          `p99 ${x(lede.miss.p99Ms, g.miss.p99Ms)}, CPU/req ${x(lede.miss.cpuMs, g.miss.cpuMs)}`,
      );
    }

    console.log(`\n  bundle and cold start: load average ${load1()}`);
    printBundle(await measureBundle(config, env('BENCH_READER_STARTS', 5)));
    printTargets(lede.rows, ghostRows);
    printTargets(lede.direct, ghostRows, 'Lede direct');
    console.log(`\n  finished ${now()}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function benchLede(
  stateDir: string,
  config: string,
  posts: number,
  publishes: number,
  seconds: number,
  warmup: number,
): Promise<{ rows: Row[]; direct: Row[]; miss: MissResult }> {
  await prepareState(stateDir);
  const { dev, port } = await startBenchServer(stateDir, ['--config', config, '--var', 'LEDE_BENCH_FLOOR:1']);
  echoWrangler(dev.process);
  try {
    const root = dev.process.pid!;
    const token = await signIn(dev.url);
    const seeded = await seedPosts(dev.url, token, posts);
    console.log(`  Lede: ${posts} posts published through the Admin API in ${seeded.seconds.toFixed(1)} s`);
    // The Queue consumers are still working through the post.created events: let them finish before measuring.
    await onOneWorkerd(root, port, (pids) => waitForIdle(pids.worker, 1000, 180_000));
    await checkPages(dev.url, [1, 2, Math.ceil(posts / 2), posts]);
    const contentKey = await contentKeyOf(dev.url, token);
    const scenarios = ledeScenarios(posts, contentKey);
    await checkScenarios(dev.url, scenarios);

    const rows: Row[] = [];
    for (const connections of CONNECTIONS) {
      for (const scenario of scenarios) {
        console.log(`  Lede ${scenario.key} at ${connections} connections: load average ${load1()}`);
        const result = await onOneWorkerd(root, port, (pids) =>
          load(dev.url, pids.worker, scenario, connections, seconds, warmup),
        );
        rows.push({ scenario, result });
      }
    }

    // The same Worker without wrangler's proxy in front: its requests/s is what the Worker itself can serve.
    const direct: Row[] = [];
    const scenarioByKey = new Map(scenarios.map((s) => [s.key, s]));
    await onOneWorkerd(root, port, async (pids) => {
      const entry = await workerdEntry(dev.url, pids.worker);
      for (const key of DIRECT_SCENARIOS) {
        const scenario = scenarioByKey.get(key)!;
        console.log(`  Lede ${key} direct at ${DIRECT_CONNECTIONS} connections: load average ${load1()}`);
        const result = await load(entry, pids.worker, scenario, DIRECT_CONNECTIONS, seconds, warmup);
        direct.push({ scenario: { ...scenario, label: `${scenario.label}, direct` }, result });
      }
    });

    console.log(`  Lede: cache miss after a publish, ${publishes} times: load average ${load1()}`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // Posts 2, 3, …: never the hot post, and (at most 200) the same positions as Ghost's.
    const miss = await onOneWorkerd(root, port, (pids) =>
      missAfterPublish(
        {
          base: dev.url,
          pid: pids.worker,
          pathOf: (n) => `/${postSlug(2 + (n % (posts - 1)))}/`,
          floorPath: BENCH_FLOOR_PATH,
          retitle: async (n, title) => {
            const id = seeded.ids.get(postSlug(2 + (n % (posts - 1))))!;
            const res = await fetch(`${dev.url}/api/v1/admin/posts/${id}`, {
              signal: AbortSignal.timeout(30_000),
              method: 'PATCH',
              headers,
              body: JSON.stringify({ title }),
            });
            if (!res.ok) throw new Error(`changing post ${id} answered ${res.status}: ${await res.text()}`);
          },
        },
        publishes,
      ),
    );
    return { rows, direct, miss };
  } finally {
    await dev.stop();
  }
}

async function benchGhost(
  ghost: Ghost,
  publishes: number,
  seconds: number,
  warmup: number,
): Promise<{ rows: Row[]; miss: MissResult }> {
  const scenarios = ghostScenarios(ghost.posts, ghost.contentKey);
  await checkScenarios(ghost.url, scenarios);
  const rows: Row[] = [];
  for (const connections of CONNECTIONS) {
    for (const scenario of scenarios) {
      console.log(`  Ghost ${scenario.key} at ${connections} connections: load average ${load1()}`);
      rows.push({ scenario, result: await load(ghost.url, ghost.pid, scenario, connections, seconds, warmup) });
    }
  }
  console.log(`  Ghost: cache miss after a publish, ${publishes} times: load average ${load1()}`);
  const count = Math.min(publishes, ghost.posts - 1);
  const originals = new Map<string, string>();
  try {
    const miss = await missAfterPublish(
      {
        base: ghost.url,
        pid: ghost.pid,
        pathOf: (n) => `/${ghostSlug(2 + n)}/`,
        retitle: async (n, title) => {
          const slug = ghostSlug(2 + n);
          const old = await retitleGhostPost(ghost, slug, title);
          if (!originals.has(slug)) originals.set(slug, old);
        },
      },
      count,
    );
    return { rows, miss };
  } finally {
    // The peer is shared: its posts get their titles back.
    for (const [slug, title] of originals) await retitleGhostPost(ghost, slug, title);
  }
}

/**
 * The Worker's source as committed at `ref` (`git archive`, which reads the repository and changes nothing), for
 * measuring a commit while the working tree is mid-edit.
 */
function snapshotRef(ref: string, into: string): string {
  mkdirSync(into, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', ref], { cwd: ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString()}`);
  const tar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  return join(into, 'wrangler.toml');
}

/** What wrangler says from here on (at --log-level warn: warnings, errors, reloads), so a disturbed run shows why. */
function echoWrangler(child: ChildProcess): void {
  let lines = 0;
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() && lines++ < 15) console.log(`  wrangler: ${line.trimEnd()}`);
    }
  };
  child.stdout?.on('data', echo);
  child.stderr?.on('data', echo);
}

async function contentKeyOf(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/site`, { headers: { authorization: `Bearer ${token}` } });
  const key = ((await res.json()) as { site: { content_api_key?: string } }).site.content_api_key;
  if (!key) throw new Error('the demo owner was not given the Content API key');
  return key;
}

/** One request per scenario before any load: each must answer 200, the floors with their constant string. */
async function checkScenarios(base: string, scenarios: Scenario[]): Promise<void> {
  for (const scenario of scenarios) {
    const path = typeof scenario.path === 'string' ? scenario.path : scenario.path();
    const res = await fetch(`${base}${path}`, { headers: scenario.headers, signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${scenario.label}: ${path} answered ${res.status}: ${body.slice(0, 200)}`);
    if ([BENCH_FLOOR_PATH, BENCH_CACHE_FLOOR_PATH, BENCH_D1_FLOOR_PATH].includes(path) && body !== 'floor')
      throw new Error(`the floor route ${path} answered "${body.slice(0, 80)}"`);
  }
}
