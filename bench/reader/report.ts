// The reader suite's tables and its verdict on the targets, computed from the run's own figures.
import type { BundleFigures, ColdStart } from './bundle';
import type { LoadResult, Scenario } from './load';
import type { MissResult } from './miss';

export interface Row {
  scenario: Scenario;
  result: LoadResult;
}

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : 'n/a');
const KIB = 1024;

/** "hit 98% · miss 2%", or "no header" when the server does not send x-lede-cache. */
export function cacheShare(cache: Record<string, number>): string {
  const total = Object.values(cache).reduce((a, b) => a + b, 0);
  if (total === 0) return 'n/a';
  if (cache.absent === total) return 'no header';
  return Object.entries(cache)
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${state} ${((100 * n) / total).toFixed(0)}%`)
    .join(' · ');
}

const trouble = (r: { non2xx: number; errors: number }) =>
  r.non2xx + r.errors > 0 ? `**${r.non2xx} non-2xx, ${r.errors} errors**` : 'none';

export function printLoad(server: string, rows: Row[]): void {
  console.log(`\n  ${server}: autocannon, warm-up then measured; CPU is the server process's own, per response\n`);
  console.log('  | scenario | conns | requests | req/s | p50 (ms) | p99 (ms) | CPU ms/req | x-lede-cache | errors |');
  console.log('  | --- | --: | --: | --: | --: | --: | --: | --- | --- |');
  for (const { scenario, result: r } of rows) {
    console.log(
      `  | ${scenario.label} | ${r.connections} | ${r.requests} | ${f(r.perSecond, 0)} | ${r.p50Ms} | ${r.p99Ms} | ` +
        `${f(r.cpuMs, 3)} | ${cacheShare(r.cache)} | ${trouble(r)} |`,
    );
  }
}

export function printFloorRatios(rows: Row[]): void {
  console.log(
    '\n  Lede against the floor (same Worker, same run, same concurrency), the cache floor (cached rows) and the D1 ' +
      'floor (rendered rows)\n',
  );
  console.log(
    '  | scenario | conns | CPU/req ÷ floor | req/s ÷ floor | p99 ÷ floor | CPU/req ÷ cache floor | CPU/req ÷ D1 floor |',
  );
  console.log('  | --- | --: | --: | --: | --: | --: | --: |');
  const at = (key: string, connections: number) =>
    rows.find((x) => x.scenario.key === key && x.result.connections === connections)?.result;
  for (const { scenario, result: r } of rows) {
    if (scenario.key === 'floor') continue;
    const floor = at('floor', r.connections);
    if (!floor) continue;
    const floors = scenario.key.endsWith('floor');
    const cacheFloor = floors ? undefined : at('cache-floor', r.connections);
    // Only pages rendered from D1 (the edge cache skipped) are read against the D1 floor.
    const d1Floor = scenario.key === 'post-uncached' ? at('d1-floor', r.connections) : undefined;
    console.log(
      `  | ${scenario.label} | ${r.connections} | ${ratio(r.cpuMs, floor.cpuMs)} | ` +
        `${ratio(r.perSecond, floor.perSecond)} | ${ratio(r.p99Ms, floor.p99Ms)} | ` +
        `${cacheFloor ? ratio(r.cpuMs, cacheFloor.cpuMs) : '–'} | ${d1Floor ? ratio(r.cpuMs, d1Floor.cpuMs) : '–'} |`,
    );
  }
}

export function printGhostRatios(lede: Row[], ghost: Row[], server = 'Lede'): void {
  console.log(
    `\n  ${server} ÷ Ghost (same scenario and concurrency; req/s above 1 and p99, CPU below 1 favour Lede)\n`,
  );
  console.log('  | scenario | conns | req/s Lede ÷ Ghost | p99 Lede ÷ Ghost | CPU/req Lede ÷ Ghost |');
  console.log('  | --- | --: | --: | --: | --: |');
  for (const { scenario, result: g } of ghost) {
    const l = lede.find((x) => x.scenario.key === scenario.key && x.result.connections === g.connections)?.result;
    if (!l) continue;
    console.log(
      `  | ${scenario.key} | ${g.connections} | ${ratio(l.perSecond, g.perSecond)} | ${ratio(l.p99Ms, g.p99Ms)} | ` +
        `${ratio(l.cpuMs, g.cpuMs)} |`,
    );
  }
}

export function printMiss(server: string, m: MissResult): void {
  console.log(
    `\n  ${server}, cache miss after a publish (${m.count} times: read the page twice, change its title through ` +
      'the Admin API, wait until the server is idle, time the first GET)\n',
  );
  const floor = m.floorCpuMs === undefined ? '' : ` ${f(m.floorCpuMs, 2)} | ${f(m.cpuMs / m.floorCpuMs, 2)}x |`;
  console.log(
    '  | first GETs | p50 (ms) | p99 (ms) | CPU ms/req, until idle |' +
      (floor ? ' one floor request, idle (CPU ms) | ratio |' : '') +
      ' not 200 | failed rounds | old title | x-lede-cache |',
  );
  console.log(`  | --: | --: | --: | --: |${floor ? ' --: | --: |' : ''} --: | --: | --: | --- |`);
  console.log(
    `  | ${m.count} | ${f(m.p50Ms)} | ${f(m.p99Ms)} | ${f(m.cpuMs, 2)} |${floor} ${m.non200} | ${m.failed} | ` +
      `${m.stale} | ${cacheShare(m.cache)} |`,
  );
  if (m.firstFailure) console.log(`  first failure: ${m.firstFailure}`);
}

export function printBundle(b: BundleFigures): void {
  console.log('\n  Bundle (`wrangler deploy --dry-run --outdir`), gzip level 9 per module\n');
  console.log('  | module | KiB | gzip KiB |');
  console.log('  | --- | --: | --: |');
  for (const m of b.modules) console.log(`  | ${m.name} | ${f(m.bytes / KIB)} | ${f(m.gzipBytes / KIB)} |`);
  const sum = (key: 'bytes' | 'gzipBytes') => b.modules.reduce((a, m) => a + m[key], 0);
  console.log(`  | all | ${f(sum('bytes') / KIB)} | ${f(sum('gzipBytes') / KIB)} |`);
  console.log(`  wrangler: ${b.wranglerSays}`);
  console.log(
    `  source evaluated when an isolate starts: ${f(b.sourceAtStart / KIB, 0)} KiB; ` +
      `on first use (the APIs that write, the editor's rooms, the queue consumers): ${f(b.sourceOnFirstUse / KIB, 0)} KiB`,
  );
  console.log(
    `\n  Cold start: a fresh workerd through Miniflare, from new Miniflare() to the first answer of the floor route` +
      `, median of ${b.lede.starts} starts\n`,
  );
  console.log('  | Worker | until ready (ms) | until first answer (ms) | workerd CPU until then (ms) |');
  console.log('  | --- | --: | --: | --: |');
  const row = (name: string, c: ColdStart) =>
    console.log(`  | ${name} | ${f(c.readyMs, 0)} | ${f(c.firstAnswerMs, 0)} | ${f(c.cpuMs, 0)} |`);
  row("Lede's built bundle, its bindings", b.lede);
  row('few-line Worker, the same bindings', b.stubbed);
  row("the same, importing the bundle's WebAssembly", b.stubbedWithWasm);
  row('one-line Worker, no bindings', b.bare);
}

interface Verdict {
  target: string;
  /** Undefined when the run could not tell (Ghost not measured). */
  met: boolean | undefined;
  figures: string;
}

export function printTargets(lede: Row[], ghost: Row[] | undefined, server = 'Lede'): void {
  const verdicts: Verdict[] = [];
  const at = (rows: Row[], key: string, conns: number) =>
    rows.find((x) => x.scenario.key === key && x.result.connections === conns)?.result;
  const clean = (r: LoadResult) => r.non2xx + r.errors === 0;
  const connections = [...new Set(lede.map((r) => r.result.connections))];
  for (const c of connections) {
    const floor = at(lede, 'floor', c);
    const hot = at(lede, 'post-hot', c);
    if (floor && hot) {
      const cpu = hot.cpuMs / floor.cpuMs;
      const rps = hot.perSecond / floor.perSecond;
      verdicts.push({
        target: `cached page (hot post) ≤ 1.5x floor CPU/req and ≥ 0.9x floor req/s, c=${c}`,
        met: cpu <= 1.5 && rps >= 0.9 && clean(hot),
        figures: `${cpu.toFixed(2)}x CPU (${f(hot.cpuMs, 3)} vs ${f(floor.cpuMs, 3)} ms), ${rps.toFixed(2)}x req/s; cache ${cacheShare(hot.cache)}`,
      });
    }
    const uncached = at(lede, 'post-uncached', c);
    if (uncached) {
      const d1Floor = at(lede, 'd1-floor', c);
      verdicts.push({
        target: `uncached post page ≤ 2 ms CPU/req, c=${c}`,
        met: uncached.cpuMs <= 2 && clean(uncached),
        figures:
          `${f(uncached.cpuMs, 3)} ms; cache ${cacheShare(uncached.cache)}` +
          (d1Floor ? `; the D1 floor alone (one SELECT 1) is ${f(d1Floor.cpuMs, 3)} ms` : ''),
      });
    }
    for (const key of ['post-hot', 'post-random', 'content-api']) {
      const l = at(lede, key, c);
      const g = ghost ? at(ghost, key, c) : undefined;
      if (!l) continue;
      if (!g) {
        verdicts.push({ target: `≥ 20x Ghost's req/s at lower p99: ${key}, c=${c}`, met: undefined, figures: '' });
        continue;
      }
      const x = l.perSecond / g.perSecond;
      verdicts.push({
        target: `≥ 20x Ghost's req/s at lower p99: ${key}, c=${c}`,
        met: x >= 20 && l.p99Ms < g.p99Ms && clean(l) && clean(g),
        figures: `${x.toFixed(1)}x req/s (${f(l.perSecond, 0)} vs ${f(g.perSecond, 0)}), p99 ${l.p99Ms} vs ${g.p99Ms} ms`,
      });
    }
  }
  console.log(`\n  Targets (issue 8), ${server}\n`);
  console.log('  | target | result | figures |');
  console.log('  | --- | --- | --- |');
  for (const v of verdicts) {
    const result = v.met === undefined ? 'not measured (no Ghost)' : v.met ? 'met' : '**missed**';
    console.log(`  | ${v.target} | ${result} | ${v.figures} |`);
  }
}
