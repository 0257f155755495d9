// Turns the runs of one size into the printed table: samples of all repetitions pooled per server, then median and
// p99, with the ratios of Lede to Hocuspocus and to y-websocket, through wrangler dev's proxy and direct to the
// Worker's workerd; and the two targets.
import { quantile } from './probe';
import type { ServerName } from './servers';
import type { WorkloadRun } from './workload';

export interface Measured {
  server: string;
  n: number;
  runs: number;
  joinSeconds: number;
  edit: Summary;
  presence: Summary;
  resync: Summary;
  converged: boolean;
  convergedDetail: string;
  rssIdleMiB: number;
  rssPeakMiB: number;
  /** Per run, the median over the repetitions. */
  cpuSeconds: number;
}

/** One size's figures, per server. */
export type Row = Partial<Record<ServerName, Measured>>;

export interface Summary {
  median: number;
  p99: number;
  max: number;
  count: number;
}

const summary = (samples: number[]): Summary => ({
  median: quantile(samples, 0.5),
  p99: quantile(samples, 0.99),
  max: Math.max(...samples),
  count: samples.length,
});

/** Pools the repetitions of one server at one size. */
export function combine(runs: WorkloadRun[]): Measured {
  const first = runs[0]!;
  const failed = runs.find((r) => !r.converged);
  return {
    server: first.server,
    n: first.n,
    runs: runs.length,
    joinSeconds: quantile(
      runs.map((r) => r.joinSeconds),
      0.5,
    ),
    edit: summary(runs.flatMap((r) => r.edit)),
    presence: summary(runs.flatMap((r) => r.presence)),
    resync: summary(runs.flatMap((r) => r.resync)),
    converged: !failed,
    convergedDetail: (failed ?? first).convergedDetail,
    rssIdleMiB: quantile(
      runs.map((r) => r.rssIdleMiB),
      0.5,
    ),
    rssPeakMiB: Math.max(...runs.map((r) => r.rssPeakMiB)),
    cpuSeconds: quantile(
      runs.map((r) => r.cpuSeconds),
      0.5,
    ),
  };
}

const ms = (v: number) => v.toFixed(1);
const mib = (v: number) => v.toFixed(1);

const METRICS: [string, (m: Measured) => string][] = [
  ['join: all synced and present (s)', (m) => m.joinSeconds.toFixed(2)],
  ['edit propagation median (ms)', (m) => ms(m.edit.median)],
  ['edit propagation p99 (ms)', (m) => ms(m.edit.p99)],
  ['presence propagation median (ms)', (m) => ms(m.presence.median)],
  ['presence propagation p99 (ms)', (m) => ms(m.presence.p99)],
  ['reconnect resync median (ms)', (m) => ms(m.resync.median)],
  ['reconnect resync p99 (ms)', (m) => ms(m.resync.p99)],
  ['converged byte for byte', (m) => (m.converged ? 'yes' : `NO: ${m.convergedDetail}`)],
  ['server RSS before join (MiB)', (m) => mib(m.rssIdleMiB)],
  ['server RSS peak (MiB)', (m) => mib(m.rssPeakMiB)],
  ['server RSS growth (MiB)', (m) => mib(m.rssPeakMiB - m.rssIdleMiB)],
  ['server CPU time per run (s)', (m) => m.cpuSeconds.toFixed(2)],
];

function ratio(a: string, b: string): string {
  if (!/^[\d.]+$/.test(a) || !/^[\d.]+$/.test(b) || Number(b) === 0) return '';
  return `${(Number(a) / Number(b)).toFixed(2)}x`;
}

/**
 * Prints one size's table (Markdown, so it can be pasted into docs/BENCHMARKS.md as printed). "Lede" is through
 * wrangler dev's proxy, as the issue asks and `npm start` serves it; "Lede direct" is the same Worker with the clients
 * on its workerd's own port, without the proxy the Node servers do not have.
 */
export function printTable(row: Row): void {
  const servers = (Object.keys(row) as ServerName[]).filter((name) => row[name]);
  const measured = (name: ServerName) => row[name]!;
  const first = measured(servers[0]!);
  console.log(
    `\nN = ${first.n} editors: ${first.runs} runs per server, pooled: ${first.edit.count} edits, ` +
      `${first.presence.count} cursor moves, ${first.resync.count} reconnects\n`,
  );
  // The ratios that say something, among the columns that ran (BENCH_COLLAB_SERVERS may leave some out): Lede
  // against the runtime floor and the peers, and the floor against Hocuspocus.
  const pairs = (
    [
      ['Lede', 'Runtime floor'],
      ['Lede', 'Durable floor'],
      ['Lede', 'Hocuspocus'],
      ['Lede', 'y-websocket'],
      ['Lede direct', 'Hocuspocus'],
      ['Lede direct', 'y-websocket'],
      ['Runtime floor', 'Hocuspocus'],
      ['Durable floor', 'Hocuspocus'],
    ] as const
  ).filter(([a, b]) => row[a] && row[b]);
  const short: Record<ServerName, string> = {
    Lede: 'Lede',
    'Lede direct': 'direct',
    'Runtime floor': 'floor',
    'Durable floor': 'durable floor',
    Hocuspocus: 'Hocuspocus',
    'y-websocket': 'y-websocket',
  };
  const label = (name: ServerName) => (name === 'Lede' ? 'Lede (wrangler dev)' : name);
  const header = ['metric', ...servers.map(label), ...pairs.map(([a, b]) => `${short[a]}/${short[b]}`)];
  const lines = METRICS.map(([name, value]) => [
    name,
    ...servers.map((s) => value(measured(s))),
    ...pairs.map(([l, p]) => ratio(value(measured(l)), value(measured(p)))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const line of lines) console.log(format(line));
}

/** The targets, judged on Lede through wrangler dev (as the issue asks); the direct figure beside it. */
export function printTargets(rows: Row[]): void {
  const size = (row: Row) => Object.values(row).find((m) => m)?.n;
  const at50 = rows.find((row) => size(row) === 50);
  const hocuspocus = at50?.Hocuspocus;
  if (at50 && hocuspocus) {
    console.log('');
    for (const [name, label] of [
      ['Lede', 'through wrangler dev'],
      ['Lede direct', 'direct to workerd'],
    ] as const) {
      const lede = at50[name];
      if (!lede) continue;
      const r = lede.edit.p99 / hocuspocus.edit.p99;
      const verdict = r <= 1 ? 'parity or better' : r <= 1.5 ? 'within 1.5x' : 'MISSED';
      console.log(
        `Target: p99 edit propagation at N = 50 within 1.5x of Hocuspocus, ${label}: ${r.toFixed(2)}x (${verdict})`,
      );
    }
  }
  const at200 = rows.find((row) => size(row) === 200);
  for (const [name, label] of [
    ['Lede', 'through wrangler dev'],
    ['Lede direct', 'direct to workerd'],
  ] as const) {
    const m = at200?.[name];
    if (m) console.log(`Target: 200 editors converge on Lede, ${label}: ${m.converged ? 'yes' : 'NO'}`);
  }
}
