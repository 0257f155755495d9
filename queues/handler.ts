// The Worker's queue handler: the events queue feeds every consumer, the dead-letter queue feeds the dead-letter
// recorder. Each message is acknowledged or retried on its own, so one bad message never holds back the batch.
import { z } from 'zod';
import { openDatabase, type Database } from '../d1/db';
import { recordDeadLetter } from '../d1/repositories/events';
import { analyticsConsumer } from './analytics/consumer';
import { purgeForEvents } from './cache/purge';
import { DomainEvent } from './events/catalog';
import { notificationConsumer } from './notifications/consumer';
import { type Consumer, runConsumer } from './runner';

export const EVENTS_QUEUE = 'lede-events';
export const DEAD_LETTER_QUEUE = 'lede-events-dlq';
/** max_retries of the events consumer in wrangler.toml: the delivery after the last retry sends it to the DLQ. */
export const MAX_RETRIES = 5;

export const CONSUMERS: readonly Consumer[] = [analyticsConsumer, notificationConsumer];

/** What a consumer sends to the dead-letter queue itself: the message, and why it gave up. */
export const DeadLetter = z
  .object({
    dead_letter: z.literal(true),
    reason: z.string().max(2000),
    message_id: z.string().max(200),
    attempts: z.number().int(),
    body: z.unknown(),
  })
  .strict();
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Seconds before the next attempt: 5, 10, 20, 40… capped at five minutes. */
export const backoffSeconds = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), 300);

type Deps = {
  db: Database;
  deadLetters: Queue;
  consumers: readonly Consumer[];
  now: () => Date;
  /** Purges the edge cache of what an event changes (idempotent, so it needs no dedupe row). */
  purge?: (event: DomainEvent) => Promise<unknown>;
};

async function deadLetter(deps: Deps, message: Message, reason: string): Promise<void> {
  const letter: DeadLetter = {
    dead_letter: true,
    reason: reason.slice(0, 2000),
    message_id: message.id,
    attempts: message.attempts,
    body: message.body,
  };
  await deps.deadLetters.send(letter, { contentType: 'json' });
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

async function handleEvent(deps: Deps, message: Message): Promise<void> {
  const parsed = DomainEvent.safeParse(message.body);
  try {
    if (!parsed.success) {
      // A poison message fails the same way on every attempt: straight to the DLQ with the reason, no retries.
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      await deadLetter(deps, message, `invalid event: ${issues}`);
      message.ack();
      return;
    }
    for (const consumer of deps.consumers) await runConsumer(deps.db, consumer, parsed.data, deps.now());
    await deps.purge?.(parsed.data);
    message.ack();
  } catch (error) {
    console.error(
      JSON.stringify({ level: 'error', msg: 'event consumer failed', message_id: message.id, error: describe(error) }),
    );
    if (message.attempts > MAX_RETRIES) {
      // The platform would move it to the DLQ now anyway; sending it ourselves keeps the reason with it.
      try {
        await deadLetter(deps, message, `consumer failed ${message.attempts} times: ${describe(error)}`);
        message.ack();
        return;
      } catch {
        // fall through to a retry; the platform dead-letters it without a reason
      }
    }
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

const text = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

async function handleDeadLetter(deps: Deps, message: Message): Promise<void> {
  const letter = DeadLetter.safeParse(message.body);
  // Without our wrapper the platform moved it here after max_retries failed deliveries.
  const body = letter.success ? letter.data.body : message.body;
  const original = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  try {
    await recordDeadLetter(deps.db, {
      id: message.id,
      siteId: text(original.site_id, 64),
      eventId: text(original.id, 64),
      eventType: text(original.type, 64),
      reason: letter.success ? letter.data.reason : 'retries exhausted (moved by the queue)',
      body: JSON.stringify(body ?? null).slice(0, 64 * 1024),
      attempts: letter.success ? letter.data.attempts : message.attempts,
      receivedAt: deps.now(),
    });
    message.ack();
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'dead letter not recorded', error: describe(error) }));
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/** The `queue` export of the Worker. */
export async function handleQueue(
  batch: MessageBatch,
  env: Pick<Env, 'DB' | 'EVENTS_DLQ'> & Partial<Env>,
  consumers: readonly Consumer[] = CONSUMERS,
): Promise<void> {
  const db = openDatabase(env.DB);
  const deps: Deps = { db, deadLetters: env.EVENTS_DLQ, consumers, now: () => new Date() };
  // The cache purge of an event (queues/cache): here it reaches other locations through the Cloudflare API.
  if (env.EDGE_CACHE_INDEX) deps.purge = (event) => purgeForEvents(env as Env, db, [event]);
  const handle = batch.queue === DEAD_LETTER_QUEUE ? handleDeadLetter : handleEvent;
  if (batch.queue !== DEAD_LETTER_QUEUE && batch.queue !== EVENTS_QUEUE) {
    console.error(JSON.stringify({ level: 'error', msg: 'message from an unknown queue', queue: batch.queue }));
  }
  await Promise.all(batch.messages.map((message) => handle(deps, message)));
}
