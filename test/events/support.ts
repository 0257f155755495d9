// Helpers for the domain-event suites: reading the outbox straight from D1, and delivering hand-made batches to the
// Worker's real queue handler the way the Queue would.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import worker from '../../workers/index';

export interface StoredRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  aggregate_version: number;
  actor_type: string;
  actor_id: string;
  correlation_id: string;
  causation_id: string | null;
  payload: string;
  sent_at: number | null;
  occurred_at: number;
}

/** A site's events as D1 holds them, oldest first. */
export async function storedEvents(siteId: string, where = '1 = 1', ...binds: unknown[]): Promise<StoredRow[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM events WHERE site_id = ? AND ${where} ORDER BY seq`)
    .bind(siteId, ...binds)
    .all<StoredRow>();
  return results;
}

/** The envelope of a stored row, as the relay puts it on the Queue. */
export function envelopeOf(row: StoredRow & { site_id?: string; version?: number }) {
  return {
    id: row.id,
    type: row.type,
    version: row.version ?? 1,
    site_id: row.site_id,
    aggregate: { type: row.aggregate_type, id: row.aggregate_id, version: row.aggregate_version },
    actor: { type: row.actor_type, id: row.actor_id },
    occurred_at: new Date(row.occurred_at).toISOString(),
    correlation_id: row.correlation_id,
    causation_id: row.causation_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

export interface Delivery {
  id: string;
  body: unknown;
  attempts: number;
}

/** Hands one batch to the Worker's `queue` export and returns which messages it acknowledged and retried. */
export async function deliver(queue: string, messages: Delivery[]) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts, body: m.body })),
  );
  // getQueueResult reports which messages were retried but not the delay asked for, so the delays are noted here.
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    Object.defineProperty(message, 'retry', {
      value: (options?: QueueRetryOptions) => {
        delays.set(message.id, options?.delaySeconds);
        retry(options);
      },
    });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

/** A deterministic shuffle (xorshift), so a failing order can be reproduced from its seed. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Makes every write of `op` on `table` fail until the returned function drops the trigger. */
export async function failWrites(
  table: string,
  op: 'INSERT' | 'UPDATE' | 'DELETE',
  when = '1',
): Promise<() => Promise<void>> {
  const name = `inject_${table}_${op.toLowerCase()}`;
  await env.DB.prepare(
    `CREATE TRIGGER ${name} BEFORE ${op} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  ).run();
  return async () => {
    await env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}`).run();
  };
}

export async function count(query: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(query)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
