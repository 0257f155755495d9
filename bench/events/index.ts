// The domain-event suite (`npm run bench -- events`): Lede under `wrangler dev` (as `npm start` runs it) on a fresh
// state directory, observed from outside through the Admin API.
//   (a) The pipeline alone: B unsent post.published events are written into the local D1 outbox before the Worker
//       starts (./backlog.ts); one sweeper run relays them, and the clock stops when the analytics report counts B
//       for their tag and the author holds B notifications: outbox → Queue → both consumers, no HTTP writes.
//   (b) End to end: C clients write P posts through the Admin API (an author creates a draft, the owner publishes
//       it: 3 events each) as fast as the Worker answers, until the consumers have applied every event.
//   (c) Latency: one publication at a time on an idle pipeline; the time from sending the publish request until
//       the author's notification is listable. The queue consumer's max_batch_timeout (wrangler.toml) is part of it.
// BENCH_EVENTS_BACKLOG (1000), BENCH_EVENTS_POSTS (200), BENCH_EVENTS_CLIENTS (8), BENCH_EVENTS_SAMPLES (50).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_AUTHORS } from '../../scripts/demo-content';
import { DEMO_OWNER } from '../../scripts/seed';
import { prepareState, startBenchServer } from '../demo';
import { writeBacklog } from './backlog';

/** How often the latency probe lists notifications; it bounds the measurement's resolution. */
const POLL_MS = 20;
const DRAIN_LIMIT_MS = 300_000;
/** How often a drain is checked: seldom enough that the checks do not compete with the consumers for D1. */
const DRAIN_POLL_MS = 500;

interface Api {
  url: string;
  call: <T>(method: string, path: string, token: string | undefined, body?: unknown) => Promise<T>;
}

function client(url: string): Api {
  return {
    url,
    call: async <T>(method: string, path: string, token: string | undefined, body?: unknown) => {
      const res = await fetch(`${url}/api/v1/admin${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    },
  };
}

const signIn = async (api: Api, email: string) =>
  (await api.call<{ access_token: string }>('POST', '/session', undefined, { email, password: DEMO_OWNER.password }))
    .access_token;

async function createDraft(api: Api, token: string, title: string, tag: string): Promise<string> {
  return (await api.call<{ post: { id: string } }>('POST', '/posts', token, { title, tags: [tag] })).post.id;
}

const publish = (api: Api, token: string, id: string) =>
  api.call('PATCH', `/posts/${id}`, token, { status: 'published' });

async function notifiedPosts(api: Api, token: string, limit: number): Promise<string[]> {
  const body = await api.call<{ notifications: { kind: string; post_id: string | null }[] }>(
    'GET',
    `/notifications?limit=${limit}`,
    token,
  );
  return body.notifications.filter((n) => n.kind === 'post_published').map((n) => n.post_id ?? '');
}

/** The report's counts for one tag (by name, or by id for a tag that has no row), yesterday and today (UTC). */
async function tagCounts(api: Api, token: string, tag: { name: string } | { id: string }) {
  const day = (offset: number) => new Date(Date.now() + offset).toISOString().slice(0, 10);
  const report = await api.call<{
    per_tag: { tag_id: string; name: string | null; posts_created: number; posts_published: number }[];
  }>('GET', `/reports/analytics?from=${day(-86_400_000)}&to=${day(0)}`, token);
  const row = report.per_tag.find((t) => ('id' in tag ? t.tag_id === tag.id : t.name === tag.name));
  return row ?? { posts_created: 0, posts_published: 0 };
}

/** Triggers one sweeper run on a backlog of `count` unsent events and times until both consumers applied them all. */
async function backlog(api: Api, author: string, owner: string, count: number, tagId: string) {
  const notifiedBefore = await notificationTotal(api, author);
  const started = performance.now();
  // wrangler dev does not fire crons; this is how it runs the scheduled handler (the sweeper).
  const res = await fetch(`${api.url}/__scheduled`);
  if (!res.ok) throw new Error(`scheduled handler answered ${res.status}`);
  for (;;) {
    const counts = await tagCounts(api, owner, { id: tagId });
    const notified = (await notificationTotal(api, author)) - notifiedBefore;
    if (counts.posts_published >= count && notified >= count) {
      if (counts.posts_published !== count || notified !== count) {
        throw new Error(`counted more than once: ${JSON.stringify({ ...counts, notified })}`);
      }
      return { events: count, seconds: (performance.now() - started) / 1000 };
    }
    if (performance.now() - started > DRAIN_LIMIT_MS) {
      throw new Error(await undrained(api, author, owner, { ...counts, notified }, count, tagId, notifiedBefore));
    }
    await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  }
}

/**
 * Why the backlog has not drained in time: the events still unsent, the dead letters with their reasons, and whether
 * the rest arrives late (consumer retries in backoff) or never, watched for five more minutes.
 */
async function undrained(
  api: Api,
  author: string,
  owner: string,
  seen: { posts_published: number; notified: number },
  count: number,
  tagId: string,
  notifiedBefore: number,
): Promise<string> {
  const unsent = await unsentEvents(api, owner);
  const dead = await api.call<{ dead_letters: { reason: string }[]; meta: { pagination: { total: number } } }>(
    'GET',
    '/dead-letters?limit=5',
    owner,
  );
  const reasons = [...new Set(dead.dead_letters.map((d) => d.reason))].join(' | ');
  const since = performance.now();
  let outcome = 'not all within 300 s more';
  let last = seen;
  while (performance.now() - since < 300_000) {
    const counts = await tagCounts(api, owner, { id: tagId });
    last = {
      posts_published: counts.posts_published,
      notified: (await notificationTotal(api, author)) - notifiedBefore,
    };
    if (last.posts_published >= count && last.notified >= count) {
      outcome = `all ${count} ${((performance.now() - since) / 1000).toFixed(0)} s later`;
      break;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  return (
    `backlog of ${count} did not drain in ${DRAIN_LIMIT_MS / 1000} s: ${JSON.stringify(seen)}, unsent ${unsent}, ` +
    `dead letters ${dead.meta.pagination.total} (${reasons || 'none'}); applied: ${outcome}, last ${JSON.stringify(last)}`
  );
}

async function notificationTotal(api: Api, token: string): Promise<number> {
  const body = await api.call<{ meta: { pagination: { total: number } } }>('GET', '/notifications?limit=1', token);
  return body.meta.pagination.total;
}

/** Events the relay has not stamped sent (diagnostics for a pipeline that did not drain). */
async function unsentEvents(api: Api, token: string): Promise<number> {
  let unsent = 0;
  for (let page = 1; ; page++) {
    const body = await api.call<{ events: { sent_at: string | null }[]; meta: { pagination: { pages: number } } }>(
      'GET',
      `/events?limit=100&page=${page}`,
      token,
    );
    unsent += body.events.filter((e) => e.sent_at === null).length;
    if (page >= body.meta.pagination.pages) return unsent;
  }
}

async function throughput(api: Api, author: string, owner: string, posts: number, clients: number) {
  const tag = `bench-${Date.now()}`;
  const notifiedBefore = await notificationTotal(api, author);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < posts) {
        const i = next++;
        const id = await createDraft(api, author, `Throughput ${tag} ${i}`, tag);
        await publish(api, owner, id);
      }
    }),
  );
  const written = performance.now();
  for (;;) {
    const counts = await tagCounts(api, owner, { name: tag });
    const notified = (await notificationTotal(api, author)) - notifiedBefore;
    if (counts.posts_created >= posts && counts.posts_published >= posts && notified >= posts) {
      if (counts.posts_created !== posts || counts.posts_published !== posts || notified !== posts) {
        throw new Error(`counted more than once: ${JSON.stringify({ ...counts, notified })}`);
      }
      break;
    }
    if (performance.now() - written > DRAIN_LIMIT_MS) {
      const unsent = await unsentEvents(api, owner);
      throw new Error(`pipeline did not drain: ${JSON.stringify({ ...counts, notified, unsent })}`);
    }
    await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  }
  const drained = performance.now();
  return { events: posts * 3, writeSeconds: (written - started) / 1000, totalSeconds: (drained - started) / 1000 };
}

/**
 * Why a publication's notification has not appeared within 120 s: its events (sent to the Queue or not), the dead
 * letters, and whether the notification arrives late (a consumer retry in backoff: 5, 10, 20, 40, 80 s) or never
 * (lost), watched for five more minutes.
 */
async function missingNotification(api: Api, author: string, owner: string, id: string): Promise<string> {
  const { events } = await api.call<{ events: { type: string; sent_at: string | null }[] }>(
    'GET',
    `/events?aggregate_type=post&aggregate_id=${id}&limit=100`,
    owner,
  );
  const dead = await api.call<{ meta: { pagination: { total: number } } }>('GET', '/dead-letters', owner);
  const trail = events.map((e) => `${e.type}${e.sent_at ? ' (sent)' : ' (UNSENT)'}`).join(', ');
  const since = performance.now();
  let late = 'never, within 300 s more';
  while (performance.now() - since < 300_000) {
    // A late notification is among the newest: nothing else notifies the author while the probe waits.
    if ((await notifiedPosts(api, author, 100)).includes(id)) {
      late = `${((performance.now() - since) / 1000 + 120).toFixed(0)} s after the publish`;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return `no notification for ${id} after 120 s; its events: ${trail}; dead letters: ${dead.meta.pagination.total}; it arrived: ${late}`;
}

async function latency(api: Api, author: string, owner: string, samples: number) {
  const tag = `latency-${Date.now()}`;
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const id = await createDraft(api, author, `Latency ${tag} ${i}`, tag);
    // Let the draft's own event pass through first, so each sample starts on an idle pipeline.
    await new Promise((r) => setTimeout(r, 1500));
    const started = performance.now();
    await publish(api, owner, id);
    for (;;) {
      if ((await notifiedPosts(api, author, 5)).includes(id)) break;
      if (performance.now() - started > 120_000) throw new Error(await missingNotification(api, author, owner, id));
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function runEvents(): Promise<void> {
  const posts = Number(process.env.BENCH_EVENTS_POSTS ?? 200);
  const clients = Number(process.env.BENCH_EVENTS_CLIENTS ?? 8);
  const samples = Number(process.env.BENCH_EVENTS_SAMPLES ?? 50);
  const backlogSize = Number(process.env.BENCH_EVENTS_BACKLOG ?? 1000);
  const authorEmail = DEMO_AUTHORS.find((a) => a.role === 'author')!.email;
  const backlogTag = crypto.randomUUID();
  const stateDir = mkdtempSync(join(tmpdir(), 'lede-bench-events-'));
  try {
    await prepareState(stateDir);
    await writeBacklog(stateDir, backlogSize, { authorEmail, publisherEmail: DEMO_OWNER.email }, backlogTag);
    // BENCH_EVENTS_VERBOSE=1 shows wrangler's warnings and the Worker's errors (a consumer's failures among them).
    const { dev } = await startBenchServer(stateDir, ['--test-scheduled'], {
      quiet: !process.env.BENCH_EVENTS_VERBOSE,
    });
    try {
      const api = client(dev.url);
      const author = await signIn(api, authorEmail);
      const owner = await signIn(api, DEMO_OWNER.email);
      console.log(`  ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)} at start`);
      const b = await backlog(api, author, owner, backlogSize, backlogTag);
      console.log(`  load average ${loadavg()[0]!.toFixed(2)} after the backlog run`);
      // A short warm-up so the first compiled code paths and D1 open are not in the figures.
      await throughput(api, author, owner, 10, 2);
      const t = await throughput(api, author, owner, posts, clients);
      console.log(`  load average ${loadavg()[0]!.toFixed(2)} after the throughput run`);
      const times = await latency(api, author, owner, samples);
      console.log(`  load average ${loadavg()[0]!.toFixed(2)} after the latency run\n`);
      console.log('| measure | value |');
      console.log('| --- | --- |');
      console.log(`| (a) backlog of unsent events, one sweeper run | ${b.events} post.published |`);
      console.log(`| (a) time until both consumers applied all of them | ${b.seconds.toFixed(2)} s |`);
      console.log(`| (a) events per second, outbox → Queue → consumers | ${(b.events / b.seconds).toFixed(0)} |`);
      console.log(
        `| (b) posts written through the API (create draft + publish), ${clients} clients | ${posts} (${t.events} events) |`,
      );
      console.log(`| (b) time to write them (HTTP) | ${t.writeSeconds.toFixed(2)} s |`);
      console.log(`| (b) time until both consumers applied every event | ${t.totalSeconds.toFixed(2)} s |`);
      console.log(
        `| (b) events per second, request → outbox → Queue → consumers | ${(t.events / t.totalSeconds).toFixed(0)} |`,
      );
      console.log(
        `| (c) publish → notification listable, p50 (${samples} samples) | ${percentile(times, 50).toFixed(0)} ms |`,
      );
      console.log(`| (c) publish → notification listable, p99 | ${percentile(times, 99).toFixed(0)} ms |`);
      console.log(
        `| (c) publish → notification listable, min / max | ${times[0]!.toFixed(0)} / ${times.at(-1)!.toFixed(0)} ms |`,
      );
    } finally {
      await dev.stop();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
