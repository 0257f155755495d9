// The consumers under at-least-once, unordered delivery: duplicates, shuffles and failures mid-batch still give
// exactly one side effect per event; poison goes to the dead-letter queue with its reason; a replay of the event
// store rebuilds the same analytics the consumer built incrementally.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { siteAnalytics } from '../../d1/repositories/analytics';
import { buildEvent, type EventTrace } from '../../queues/events/build';
import type { DomainEvent } from '../../queues/events/catalog';
import { backoffSeconds, DEAD_LETTER_QUEUE, EVENTS_QUEUE, MAX_RETRIES } from '../../queues/handler';
import { ADMIN, createPost } from '../admin/support';
import { api, createTestSite, type TestSite } from '../helpers';
import { count, deliver, type Delivery, envelopeOf, failWrites, shuffle, storedEvents } from './support';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('consumers');
});

const by = (userId: string): EventTrace => ({
  actor: { type: 'user', id: userId },
  correlationId: crypto.randomUUID(),
});
const post = (id: string, version: number) => ({ type: 'post' as const, id, version });
const at = new Date('2026-03-04T10:00:00Z');
const later = new Date('2026-03-04T13:30:00Z');

/** A small editorial day: one post reviewed and published, one scheduled, one sent back, one upload. */
function editorialDay(tag: string) {
  const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const { author, author2, editor, contributor } = site.users;
  const facts = (authors: string[]) => ({ post_type: 'post' as const, title: 'A title', author_ids: authors });
  const siteId = site.siteId;
  return [
    buildEvent(
      by(author.id),
      {
        type: 'post.created',
        siteId,
        aggregate: post(a, 1),
        payload: { ...facts([author.id]), status: 'draft', slug: 'a', tag_ids: [tag] },
      },
      at,
    ),
    buildEvent(
      by(author.id),
      { type: 'post.submitted_for_review', siteId, aggregate: post(a, 2), payload: facts([author.id]) },
      at,
    ),
    buildEvent(
      by(editor.id),
      {
        type: 'post.published',
        siteId,
        aggregate: post(a, 3),
        payload: { ...facts([author.id]), tag_ids: [tag], published_at: later.toISOString(), scheduled: false },
      },
      later,
    ),
    buildEvent(
      by(author2.id),
      {
        type: 'post.created',
        siteId,
        aggregate: post(b, 1),
        payload: { ...facts([author2.id]), status: 'draft', slug: 'b', tag_ids: [] },
      },
      at,
    ),
    buildEvent(
      by(editor.id),
      {
        type: 'post.scheduled',
        siteId,
        aggregate: post(b, 2),
        payload: { ...facts([author2.id]), scheduled_at: later.toISOString() },
      },
      at,
    ),
    buildEvent(
      by(editor.id),
      {
        type: 'post.status_changed',
        siteId,
        aggregate: post(c, 4),
        payload: { ...facts([contributor.id]), from: 'review', to: 'draft', tag_ids: [] },
      },
      at,
    ),
    buildEvent(
      by(author.id),
      {
        type: 'media.uploaded',
        siteId,
        aggregate: { type: 'media', id: crypto.randomUUID(), version: 1 },
        payload: { kind: 'image', content_type: 'image/png', size: 10, name: 'a.png' },
      },
      at,
    ),
  ] satisfies DomainEvent[];
}

const notificationsOf = (eventId: string) =>
  count('SELECT count(*) AS n FROM notifications WHERE event_id = ?', eventId);
const counter = (metric: string, dimension: string, id: string) =>
  count(
    'SELECT coalesce(sum(value), 0) AS n FROM analytics_daily WHERE site_id = ? AND metric = ? AND dimension = ? AND dimension_id = ?',
    site.siteId,
    metric,
    dimension,
    id,
  );

describe('exactly one side effect per event', () => {
  it.each([1, 2, 3])(
    'with each event delivered 1 to 4 times, shuffled (seed %i), and consumers failing mid-batch',
    async (seed) => {
      const tag = crypto.randomUUID();
      const events = editorialDay(tag);
      const [, submitted, published, , scheduled, sentBack] = events;
      // 1 to 4 copies of each event, each with its own message id, as the Queue redelivers.
      let x = seed * 7919;
      const copies = events.flatMap((e) => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return Array.from({ length: 1 + (x % 4) }, (_, i) => ({ id: `${e.id}#${i}`, body: e, attempts: 1 }));
      });
      let pending: Delivery[] = shuffle(copies, seed);

      // The analytics consumer fails for the published event; the notification consumer for the sent-back one.
      const restoreAnalytics = await failWrites(
        'analytics_daily',
        'INSERT',
        `NEW.dimension_id = '${tag}' AND NEW.metric = 'posts_published'`,
      );
      const restoreNotifications = await failWrites('notifications', 'INSERT', `NEW.event_id = '${sentBack!.id}'`);
      const failing = new Set([published!.id, sentBack!.id]);
      let round = 0;
      try {
        while (pending.length > 0) {
          round++;
          const retried: Delivery[] = [];
          for (let i = 0; i < pending.length; i += 5) {
            const batch = pending.slice(i, i + 5);
            const result = await deliver(EVENTS_QUEUE, batch);
            expect(result.ackAll).toBe(false);
            expect(result.retryBatch.retry).toBe(false);
            for (const message of batch) {
              const eventId = (message.body as DomainEvent).id;
              const retry = result.retryMessages.find((r: { msgId: string }) => r.msgId === message.id);
              if (round === 1 && failing.has(eventId)) {
                // Only the failing message is retried, with backoff; the rest of its batch is acknowledged.
                expect(retry).toEqual({ msgId: message.id });
                expect(result.delays.get(message.id)).toBe(backoffSeconds(message.attempts));
                retried.push({ ...message, attempts: message.attempts + 1 });
              } else {
                expect(
                  result.explicitAcks,
                  JSON.stringify({ message: message.id, type: (message.body as DomainEvent).type }),
                ).toContain(message.id);
              }
            }
          }
          if (round === 1) {
            await restoreAnalytics();
            await restoreNotifications();
          }
          pending = shuffle(retried, seed + round);
        }
      } finally {
        await restoreAnalytics();
        await restoreNotifications();
      }
      expect(round).toBe(2);

      // Notifications: editors and above for the submission; the author for publish, schedule and send-back.
      expect(await notificationsOf(submitted!.id)).toBe(3);
      expect(await notificationsOf(published!.id)).toBe(1);
      expect(await notificationsOf(scheduled!.id)).toBe(1);
      expect(await notificationsOf(sentBack!.id)).toBe(1);
      for (const e of events) {
        expect(await count('SELECT count(*) AS n FROM notifications WHERE event_id = ?', e.id)).toBe(
          await count('SELECT count(DISTINCT user_id) AS n FROM notifications WHERE event_id = ?', e.id),
        );
      }
      // Analytics: counted once each.
      expect(await counter('posts_published', 'tag', tag)).toBe(1);
      expect(await counter('posts_created', 'tag', tag)).toBe(1);
      for (const e of events) {
        expect(
          await count("SELECT count(*) AS n FROM processed_events WHERE event_id = ? AND consumer = 'analytics'", e.id),
        ).toBe(
          [
            'post.created',
            'post.published',
            'post.submitted_for_review',
            'post.status_changed',
            'media.uploaded',
          ].includes(e.type)
            ? 1
            : 0,
        );
      }
      const timeline = await env.DB.prepare(
        'SELECT submitted_at, published_at FROM analytics_post_timeline WHERE post_id = ?',
      )
        .bind(published!.aggregate.id)
        .first();
      expect(timeline).toEqual({ submitted_at: at.getTime(), published_at: later.getTime() });
    },
  );

  it('skips the person who acted and anyone who switched the kind off', async () => {
    const res = await api(site.host, 'PUT', `${ADMIN}/notifications/preferences`, {
      token: site.users.admin.token,
      body: { preferences: [{ kind: 'post_submitted', channel: 'in_app', enabled: false }] },
    });
    expect(res.status).toBe(200);
    const event = buildEvent(
      by(site.users.editor.id),
      {
        type: 'post.submitted_for_review',
        siteId: site.siteId,
        aggregate: post(crypto.randomUUID(), 2),
        payload: { post_type: 'post', title: 'Mine', author_ids: [site.users.editor.id] },
      },
      at,
    );
    await deliver(EVENTS_QUEUE, [{ id: 'm1', body: event, attempts: 1 }]);
    const { results } = await env.DB.prepare('SELECT user_id FROM notifications WHERE event_id = ?')
      .bind(event.id)
      .all();
    expect(results).toEqual([{ user_id: site.users.owner.id }]);
  });
});

describe('dead letters', () => {
  const deadLetter = (marker: string) =>
    env.DB.prepare('SELECT * FROM dead_letters WHERE instr(body, ?) > 0').bind(marker).first<Record<string, unknown>>();

  it('sends a poison message to the DLQ with its reason, and still applies the rest of the batch', async () => {
    const marker = crypto.randomUUID();
    const good = editorialDay(crypto.randomUUID())[2]!;
    const result = await deliver(EVENTS_QUEUE, [
      { id: 'poison', body: { type: 'post.published', id: marker, site_id: site.siteId }, attempts: 1 },
      { id: 'not-json-object', body: `plain text ${marker}`, attempts: 1 },
      { id: 'good', body: good, attempts: 1 },
    ]);
    expect(result.explicitAcks.sort()).toEqual(['good', 'not-json-object', 'poison']);
    expect(result.retryMessages).toEqual([]);
    expect(await notificationsOf(good.id)).toBe(1);
    // The dead-letter queue delivers to this Worker's DLQ consumer, which records each letter in D1.
    await expect
      .poll(() => deadLetter(marker), { timeout: 10_000, interval: 200 })
      .toMatchObject({ site_id: site.siteId });
    const row = await deadLetter(marker);
    expect(row).toMatchObject({ event_type: 'post.published', event_id: marker, attempts: 1 });
    expect(row!.reason).toMatch(/^invalid event: /);
    expect(row!.reason).toContain('payload');
  });

  it('dead-letters a message whose consumer failed on its last attempt, with the error as reason', async () => {
    const tag = crypto.randomUUID();
    const published = editorialDay(tag)[2]!;
    const restore = await failWrites(
      'analytics_daily',
      'INSERT',
      `NEW.dimension_id = '${tag}' AND NEW.metric = 'posts_published'`,
    );
    try {
      const early = await deliver(EVENTS_QUEUE, [{ id: 'early', body: published, attempts: MAX_RETRIES }]);
      expect(early.retryMessages).toEqual([{ msgId: 'early' }]);
      expect(early.delays.get('early')).toBe(backoffSeconds(MAX_RETRIES));
      const last = await deliver(EVENTS_QUEUE, [{ id: 'last', body: published, attempts: MAX_RETRIES + 1 }]);
      expect(last.explicitAcks).toEqual(['last']);
    } finally {
      await restore();
    }
    await expect.poll(() => deadLetter(published.id), { timeout: 10_000, interval: 200 }).not.toBeNull();
    expect((await deadLetter(published.id))!.reason).toMatch(/consumer failed 6 times: .*injected failure/);
  });

  it('records a message the queue moved after its retries, once however often it arrives', async () => {
    const event = editorialDay(crypto.randomUUID())[0]!;
    for (let i = 0; i < 2; i++) {
      const result = await deliver(DEAD_LETTER_QUEUE, [{ id: `moved-${event.id}`, body: event, attempts: 1 }]);
      expect(result.explicitAcks).toEqual([`moved-${event.id}`]);
    }
    expect(await count('SELECT count(*) AS n FROM dead_letters WHERE event_id = ?', event.id)).toBe(1);
    expect(await deadLetter(event.id)).toMatchObject({
      reason: 'retries exhausted (moved by the queue)',
      event_type: 'post.created',
      site_id: site.siteId,
    });
  });
});

describe('replay', () => {
  it('rebuilds the analytics the consumer built incrementally, and only the owner may run it', async () => {
    const replaySite = await createTestSite('replay');
    const { author, editor, owner, admin } = replaySite.users;
    for (let i = 0; i < 3; i++) {
      const p = await createPost(replaySite.host, author.token, { title: `Replayed ${i}`, tags: ['Replay', `T${i}`] });
      await api(replaySite.host, 'PATCH', `${ADMIN}/posts/${p.id}`, {
        token: author.token,
        body: { status: 'review' },
      });
      await api(replaySite.host, 'PATCH', `${ADMIN}/posts/${p.id}`, {
        token: editor.token,
        body: { status: i === 2 ? 'draft' : 'published' },
      });
    }
    // Every stored event, delivered twice in a shuffled order (the Queue's own deliveries may also arrive).
    const stored = await storedEvents(replaySite.siteId);
    const messages = shuffle(
      stored.flatMap((row) => [0, 1].map((k) => ({ id: `${row.id}:${k}`, body: envelopeOf(row), attempts: 1 }))),
      42,
    );
    for (let i = 0; i < messages.length; i += 10) await deliver(EVENTS_QUEUE, messages.slice(i, i + 10));
    const db = openDatabase(env.DB);
    const incremental = await siteAnalytics(db, replaySite.siteId);
    expect(incremental.counters.filter((c) => c.metric === 'posts_published' && c.dimension === 'site')).toEqual([
      expect.objectContaining({ value: 2 }),
    ]);

    for (const who of [admin, editor, author]) {
      const refused = await api(replaySite.host, 'POST', `${ADMIN}/projections/analytics/replay`, { token: who.token });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const replay = await api(replaySite.host, 'POST', `${ADMIN}/projections/analytics/replay`, { token: owner.token });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ projection: 'analytics', events: stored.length });
    expect(await siteAnalytics(db, replaySite.siteId)).toEqual(incremental);

    // From nothing: the read model wiped, the replay brings back exactly the same rows.
    await env.DB.prepare('DELETE FROM analytics_daily WHERE site_id = ?').bind(replaySite.siteId).run();
    await env.DB.prepare('DELETE FROM analytics_post_timeline WHERE site_id = ?').bind(replaySite.siteId).run();
    expect(
      (await api(replaySite.host, 'POST', `${ADMIN}/projections/analytics/replay`, { token: owner.token })).status,
    ).toBe(200);
    expect(await siteAnalytics(db, replaySite.siteId)).toEqual(incremental);

    // Redelivering after the replay changes nothing: its dedupe rows came with the rebuilt model.
    for (let i = 0; i < messages.length; i += 10) await deliver(EVENTS_QUEUE, messages.slice(i, i + 10));
    expect(await siteAnalytics(db, replaySite.siteId)).toEqual(incremental);
  });
});
