// The collaboration suite (`npm run bench -- collab`): N = 2, 10, 50 and 200 editors on one document, against Lede
// under `wrangler dev` (through its proxy, and with the clients connected straight to the Worker's workerd),
// @hocuspocus/server and the y-websocket reference server, one after the other in this run, with the same seeded
// workload, repeated (BENCH_COLLAB_REPEAT, default 3) with the servers taking turns. Prints a table per N with the
// ratios, then whether the targets are met. BENCH_COLLAB_N=2,10 runs only the sizes named,
// BENCH_COLLAB_SERVERS=Lede,Hocuspocus only the servers named.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareState } from '../demo';
import { OFFER_DEFLATE } from './client';
import { combine, printTable, printTargets, type Row } from './report';
import { type RunningServer, type ServerName, snapshotSource, startFloor, startLede, startPeer } from './servers';
import { runWorkload, type WorkloadRun, type WorkloadSize } from './workload';

const SIZES: WorkloadSize[] = [
  { n: 2, edits: 200, presence: 100, warmup: 20, rounds: 5, reconnecting: 1 },
  { n: 10, edits: 200, presence: 100, warmup: 20, rounds: 5, reconnecting: 2 },
  { n: 50, edits: 200, presence: 100, warmup: 20, rounds: 3, reconnecting: 5 },
  // Every edit fans out to 199 clients in this one process: fewer steps keep the run within minutes.
  { n: 200, edits: 100, presence: 50, warmup: 10, rounds: 2, reconnecting: 20 },
];
const SEED = 20261122;
const ALL_SERVERS: ServerName[] = [
  'Lede',
  'Lede direct',
  'Runtime floor',
  'Durable floor',
  'Hocuspocus',
  'y-websocket',
];

export async function runCollaboration(): Promise<void> {
  const only = process.env.BENCH_COLLAB_N?.split(',').map(Number);
  const repeat = Number(process.env.BENCH_COLLAB_REPEAT ?? '3');
  const sizes = SIZES.filter((s) => !only || only.includes(s.n));
  const named = process.env.BENCH_COLLAB_SERVERS?.split(',');
  const SERVERS = ALL_SERVERS.filter((name) => !named || named.includes(name));
  const stateDir = mkdtempSync(join(tmpdir(), 'lede-bench-collab-'));
  const rows: Row[] = [];
  console.log(`  clients ${OFFER_DEFLATE ? 'offer' : 'do not offer'} permessage-deflate (BENCH_COLLAB_DEFLATE)`);
  try {
    const config = snapshotSource(join(stateDir, 'source'));
    await prepareState(stateDir);
    for (const size of sizes) {
      const starts: Record<ServerName, () => Promise<RunningServer>> = {
        Lede: () => startLede(stateDir, config),
        'Lede direct': () => startLede(stateDir, config, true),
        'Runtime floor': () => startFloor(join(stateDir, 'floor'), `bench-${size.n}`),
        'Durable floor': () => startFloor(join(stateDir, 'floor'), `bench-${size.n}`, true),
        Hocuspocus: () => startPeer('Hocuspocus', `bench-${size.n}`),
        'y-websocket': () => startPeer('y-websocket', `bench-${size.n}`),
      };
      const runs = new Map<ServerName, WorkloadRun[]>(SERVERS.map((name) => [name, []]));
      await warmClients(size);
      // The servers take turns, in a rotating order, so that a burst of load on the machine does not fall on one.
      for (let r = 0; r < repeat; r++) {
        for (let i = 0; i < SERVERS.length; i++) {
          const name = SERVERS[(i + r) % SERVERS.length]!;
          const server = await starts[name]();
          try {
            console.log(`  N=${size.n} run ${r + 1}/${repeat} ${name}: load average ${loadavg()[0]!.toFixed(2)}`);
            runs.get(name)!.push(await runWorkload(server, size, SEED + size.n * 1000 + r));
          } finally {
            await server.stop();
          }
        }
      }
      const row = Object.fromEntries(SERVERS.map((name) => [name, combine(runs.get(name)!)])) as Row;
      printTable(row);
      rows.push(row);
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  printTargets(rows);
}

/**
 * One unmeasured run of the workload before a size's measured ones. Every client lives in this process, and its
 * first run costs it far more CPU per edit than later ones (JIT, heap growth): measured at N = 50, the clients' CPU
 * per edit was 3.8 to 6.6 ms in the process's first run against 2.1 to 3.7 ms after, whichever server came first, and
 * the first server's edit p99 rose with it. The rotating order puts the first server of the list first in the first
 * repetition, so without this run that cost fell on one server's figures every time. Each size gets its own, as the
 * clients' heap grows with N. The y-websocket reference server takes it: a small Node process, started and stopped
 * here, measuring nothing.
 */
async function warmClients(size: WorkloadSize): Promise<void> {
  const server = await startPeer('y-websocket', `warm-${size.n}`);
  try {
    console.log(`  N=${size.n} warm-up run (not counted), y-websocket reference server`);
    await runWorkload(server, size, SEED - size.n);
  } finally {
    await server.stop();
  }
}
