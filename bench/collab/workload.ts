// The one workload every server runs: N editors join one document, then a seeded sequence of edits, cursor moves and
// offline-edit reconnects, then a byte-for-byte convergence check. All waits are bounded.
import * as Y from 'yjs';
import { BenchClient } from './client';
import { Probe, seeded } from './probe';
import { cpuSeconds, type RunningServer, rssMiB } from './servers';

export interface WorkloadSize {
  n: number;
  /** Measured edits (after `warmup` unmeasured ones); each waits until every other client has it. */
  edits: number;
  presence: number;
  warmup: number;
  /** Reconnect rounds; each takes `reconnecting` clients offline. */
  rounds: number;
  reconnecting: number;
}

/** One run of the workload against one server: the raw samples, in milliseconds unless named otherwise. */
export interface WorkloadRun {
  server: string;
  n: number;
  /** Seconds until every client is synced and sees everyone's presence. */
  joinSeconds: number;
  /** Per edit: until every other client applied it. */
  edit: number[];
  /** Per cursor move: until every other client applied it. */
  presence: number[];
  /** Per reconnecting client: from the new socket until it has everything and everyone has its offline edits. */
  resync: number[];
  converged: boolean;
  convergedDetail: string;
  rssIdleMiB: number;
  rssPeakMiB: number;
  /** CPU time the server process used during the run. */
  cpuSeconds: number;
}

const STEP_TIMEOUT_MS = 30_000;
const JOIN_BATCH = 10;
/** The shortest time between two cursor moves of one client (Lede relays a socket's awareness once per 50 ms). */
const MOVE_SPACING_MS = 100;
const BODY = 'markdown';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runWorkload(server: RunningServer, size: WorkloadSize, seed: number): Promise<WorkloadRun> {
  const random = seeded(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const probe = new Probe();
  const clients = Array.from({ length: size.n }, (_, i) => {
    const client = new BenchClient(server.roomUrl, server.dialect);
    client.awareness.setLocalState({
      user: { name: `Editor ${i}`, color: `#${(i * 2654435761).toString(16).slice(-6)}` },
    });
    probe.watch(client);
    return client;
  });
  const rssIdleMiB = rssMiB(server.pid);
  const cpuAtStart = cpuSeconds(server.pid);
  let rssPeakMiB = rssIdleMiB;
  let serverGone = false;
  const sampler = setInterval(() => {
    try {
      rssPeakMiB = Math.max(rssPeakMiB, rssMiB(server.pid));
    } catch {
      serverGone = true;
    }
  }, 200);
  let inserted = 0;
  const insert = (client: BenchClient, label: string) => {
    const text = client.doc.getText(BODY);
    const mark = `[${label}]`;
    text.insert(pick(text.length + 1), mark);
    inserted += mark.length;
  };

  try {
    // Joins are staggered in batches, so 200 editors do not open 200 sockets in one instant.
    const joinStart = performance.now();
    for (let i = 0; i < clients.length; i += JOIN_BATCH) {
      await Promise.all(clients.slice(i, i + JOIN_BATCH).map((c) => c.connect(STEP_TIMEOUT_MS)));
    }
    await until(
      () => clients.every((c) => c.awareness.getStates().size === size.n),
      'every client seeing everyone present',
    );
    const joinSeconds = (performance.now() - joinStart) / 1000;

    const editTimes: number[] = [];
    for (let i = 0; i < size.warmup + size.edits; i++) {
      const editor = clients[i % size.n]!;
      const others = clients.filter((c) => c !== editor);
      const ms = await probe.measure(
        others,
        () => {
          insert(editor, `e${i}`);
          const clock = Y.getState(editor.doc.store, editor.clientId);
          return (c) => Y.getState(c.doc.store, editor.clientId) >= clock;
        },
        STEP_TIMEOUT_MS,
      );
      if (i >= size.warmup) editTimes.push(ms);
    }

    const presenceTimes: number[] = [];
    const movedAt = new Map<BenchClient, number>();
    for (let i = 0; i < size.warmup + size.presence; i++) {
      const mover = clients[pick(size.n)]!;
      // One person's cursor moves at most every MOVE_SPACING_MS here; Lede coalesces faster moves by design.
      const since = performance.now() - (movedAt.get(mover) ?? -Infinity);
      if (since < MOVE_SPACING_MS) await sleep(MOVE_SPACING_MS - since);
      movedAt.set(mover, performance.now());
      const others = clients.filter((c) => c !== mover);
      const ms = await probe.measure(
        others,
        () => {
          const at = pick(mover.doc.getText(BODY).length + 1);
          mover.awareness.setLocalStateField('cursor', { anchor: at, head: at + pick(20) });
          const clock = mover.awareness.meta.get(mover.clientId)!.clock;
          return (c) => (c.awareness.meta.get(mover.clientId)?.clock ?? -1) >= clock;
        },
        STEP_TIMEOUT_MS,
      );
      if (i >= size.warmup) presenceTimes.push(ms);
    }

    const resyncTimes: number[] = [];
    for (let round = 0; round < size.rounds; round++) {
      resyncTimes.push(...(await reconnectRound(clients, probe, size.reconnecting, round, pick, insert)));
    }

    const converged = await convergence(clients, inserted);
    if (serverGone) throw new Error(`${server.name}'s server process (pid ${server.pid}) ended during the run`);
    return {
      server: server.name,
      n: size.n,
      joinSeconds,
      edit: editTimes,
      presence: presenceTimes,
      resync: resyncTimes,
      converged: converged.ok,
      convergedDetail: converged.detail,
      rssIdleMiB,
      rssPeakMiB: Math.max(rssPeakMiB, rssMiB(server.pid)),
      cpuSeconds: cpuSeconds(server.pid) - cpuAtStart,
    };
  } finally {
    clearInterval(sampler);
    const lost = clients.find((c) => c.lostWith);
    if (lost) console.error(`  ${server.name}: a client lost its socket (${lost.lostWith})`);
    await Promise.all(clients.map((c) => c.destroy()));
  }
}

/**
 * Takes `count` clients offline; each edits twice while the others make five edits; then all reconnect at once.
 * Returns, per reconnecting client, the milliseconds from its new socket until it holds every online edit and every
 * other client holds its offline edits.
 */
async function reconnectRound(
  clients: BenchClient[],
  probe: Probe,
  count: number,
  round: number,
  pick: (n: number) => number,
  insert: (client: BenchClient, label: string) => void,
): Promise<number[]> {
  const away = new Set<BenchClient>();
  while (away.size < count) away.add(clients[pick(clients.length)]!);
  const online = clients.filter((c) => !away.has(c));
  await Promise.all([...away].map((c) => c.disconnect()));
  for (const client of away) {
    insert(client, `r${round}o${client.clientId}a`);
    insert(client, `r${round}o${client.clientId}b`);
  }
  for (let i = 0; i < 5; i++) {
    const editor = online[pick(online.length)]!;
    await probe.measure(
      online.filter((c) => c !== editor),
      () => {
        insert(editor, `r${round}n${i}`);
        const clock = Y.getState(editor.doc.store, editor.clientId);
        return (c) => Y.getState(c.doc.store, editor.clientId) >= clock;
      },
      STEP_TIMEOUT_MS,
    );
  }
  const wanted = Y.decodeStateVector(Y.encodeStateVector(online[0]!.doc));
  const started = performance.now();
  const times = await Promise.all(
    [...away].map(async (client) => {
      const offlineClock = Y.getState(client.doc.store, client.clientId);
      const hasAll = (c: BenchClient) => [...wanted].every(([id, clock]) => Y.getState(c.doc.store, id) >= clock);
      const reached = probe.reached([client], hasAll, STEP_TIMEOUT_MS, started);
      const spread = probe.reached(
        clients.filter((c) => c !== client),
        (c) => Y.getState(c.doc.store, client.clientId) >= offlineClock,
        STEP_TIMEOUT_MS,
        started,
      );
      const [, own, theirs] = await Promise.all([client.connect(STEP_TIMEOUT_MS), reached, spread]);
      return Math.max(own, theirs);
    }),
  );
  return times;
}

/** Waits for quiet, then compares every client's full encoded state byte for byte, and the text length. */
async function convergence(clients: BenchClient[], inserted: number): Promise<{ ok: boolean; detail: string }> {
  const vector = (c: BenchClient) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64');
  try {
    await until(() => new Set(clients.map(vector)).size === 1, 'equal state vectors');
  } catch {
    return { ok: false, detail: `${new Set(clients.map(vector)).size} different state vectors` };
  }
  const first = Y.encodeStateAsUpdate(clients[0]!.doc);
  const differing = clients.filter((c) => Buffer.compare(Y.encodeStateAsUpdate(c.doc), first) !== 0).length;
  const length = clients[0]!.doc.getText(BODY).length;
  if (differing > 0) return { ok: false, detail: `${differing} clients differ from the first` };
  if (length !== inserted) return { ok: false, detail: `text has ${length} of ${inserted} inserted characters` };
  return { ok: true, detail: `${clients.length} identical states, ${first.byteLength} bytes` };
}

async function until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}
