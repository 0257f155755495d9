// The transactional outbox: every state change writes its events in the batch that makes the change, so a failed
// statement anywhere in that batch leaves neither; committed events reach the Queue right away or via the sweeper.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../workers/index';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { publishDue } from '../../durable-objects/publish-scheduler';
import { sweepOutbox, relayEvents } from '../../queues/events/relay';
import { ADMIN, countPosts, createPost, run } from '../admin/support';
import { api, createTestSite, type TestSite } from '../helpers';
import { count, failWrites, storedEvents } from './support';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('outbox');
});

const types = async (aggregateId: string) =>
  (await storedEvents(site.siteId, 'aggregate_id = ?', aggregateId)).map((e) => e.type);

describe('events of a post', () => {
  it('records each change with the request id as correlation id and the post version as aggregate version', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/posts`, {
      token: site.users.author.token,
      body: { title: 'Outbox one', markdown: 'Body text that never reaches an event.', tags: ['Outbox'] },
    });
    expect(res.status).toBe(201);
    const id = res.body.post.id as string;
    const [created] = await storedEvents(site.siteId, 'aggregate_id = ?', id);
    expect(created).toMatchObject({
      type: 'post.created',
      aggregate_type: 'post',
      aggregate_version: 1,
      actor_type: 'user',
      actor_id: site.users.author.id,
      correlation_id: res.headers.get('x-request-id'),
      causation_id: null,
    });
    expect(created!.payload).not.toContain('never reaches');
    expect(JSON.parse(created!.payload)).toMatchObject({ author_ids: [site.users.author.id], status: 'draft' });

    await api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, {
      token: site.users.author.token,
      body: { status: 'review' },
    });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, {
      token: site.users.editor.token,
      body: { status: 'draft' },
    });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, {
      token: site.users.editor.token,
      body: { title: 'Renamed' },
    });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, {
      token: site.users.editor.token,
      body: { status: 'published' },
    });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, {
      token: site.users.editor.token,
      body: { status: 'draft' },
    });
    expect(await types(id)).toEqual([
      'post.created',
      'post.status_changed',
      'post.submitted_for_review',
      'post.status_changed',
      'post.updated',
      'post.status_changed',
      'post.published',
      'post.status_changed',
      'post.unpublished',
    ]);
    const rows = await storedEvents(site.siteId, 'aggregate_id = ?', id);
    // The meaning of a move is caused by the move; versions follow the post's.
    expect(rows[2]!.causation_id).toBe(rows[1]!.id);
    expect(rows.map((r) => r.aggregate_version)).toEqual([1, 2, 2, 3, 4, 5, 5, 6, 6]);
    expect(JSON.parse(rows[4]!.payload)).toMatchObject({ changed: ['title'], reason: 'edited' });

    expect((await api(site.host, 'DELETE', `${ADMIN}/posts/${id}`, { token: site.users.editor.token })).status).toBe(
      204,
    );
    expect((await types(id)).at(-1)).toBe('post.deleted');
  });

  it('records a restore as post.updated plus revision.restored', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Restore me', markdown: 'one' });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { markdown: 'two' },
    });
    const revisions = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}/revisions`, {
      token: site.users.editor.token,
    });
    const first = (revisions.body.revisions as { id: string; version: number }[]).find((r) => r.version === 1)!;
    const restored = await api(site.host, 'POST', `${ADMIN}/posts/${post.id}/revisions/${first.id}/restore`, {
      token: site.users.editor.token,
    });
    expect(restored.status).toBe(200);
    const last = (await storedEvents(site.siteId, 'aggregate_id = ?', post.id)).slice(-2);
    expect(last.map((e) => e.type)).toEqual(['post.updated', 'revision.restored']);
    expect(JSON.parse(last[1]!.payload)).toEqual({ revision_id: first.id, revision_version: 1 });
  });

  it('records user.created for every new staff account', async () => {
    expect(
      await count("SELECT count(*) AS n FROM events WHERE site_id = ? AND type = 'user.created'", site.siteId),
    ).toBe(7);
  });
});

describe('events of a scheduled publication', () => {
  it('records the publication once, by the scheduler, however many runs overlap, and hands it to the relay', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/posts`, {
      token: site.users.editor.token,
      body: { title: 'Scheduled', status: 'scheduled', scheduled_at: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const id = res.body.post.id as string;
    await run('UPDATE posts SET scheduled_at = ? WHERE id = ?', Date.now() - 1000, id);
    const db = openDatabase(env.DB);
    const relayed: string[] = [];
    const relay = (rows: { type: string }[]) => relayed.push(...rows.map((r) => r.type));
    await Promise.all([0, 1, 2].map(() => publishDue(db, site.siteId, new Date(), undefined, relay)));
    expect(await types(id)).toEqual(['post.created', 'post.scheduled', 'post.status_changed', 'post.published']);
    expect(relayed).toEqual(['post.status_changed', 'post.published']);
    const published = (await storedEvents(site.siteId, 'aggregate_id = ?', id)).at(-1)!;
    expect(published).toMatchObject({ actor_type: 'system', actor_id: 'publish-scheduler', aggregate_version: 2 });
    expect(JSON.parse(published.payload)).toMatchObject({ scheduled: true, author_ids: [site.users.editor.id] });
  });
});

describe('a failed write emits nothing', () => {
  // One trigger per table and operation the batch performs: each statement of the batch fails in turn.
  const createCases = [
    ['posts', 'INSERT'],
    ['slug_redirects', 'DELETE'],
    ['post_authors', 'INSERT'],
    ['post_tags', 'INSERT'],
    ['post_categories', 'INSERT'],
    ['post_revisions', 'INSERT'],
    ['events', 'INSERT'],
  ] as const;

  it.each(createCases)('creating a post, with %s %s failing, leaves no post and no event', async (table, op) => {
    const title = `Doomed ${table} ${op}`;
    const category = await api(site.host, 'POST', `${ADMIN}/categories`, {
      token: site.users.editor.token,
      body: { name: `Cat ${table} ${op}` },
    });
    // A redirect on the slug the new post takes, so the batch's redirect delete has a row to fail on.
    const squatter = await createPost(site.host, site.users.editor.token, { title, slug: `squat-${table}-${op}` });
    await api(site.host, 'PATCH', `${ADMIN}/posts/${squatter.id}`, {
      token: site.users.editor.token,
      body: { slug: `moved-${table}-${op}` },
    });
    const posts = await countPosts(site.siteId);
    const events = await count('SELECT count(*) AS n FROM events WHERE site_id = ?', site.siteId);
    const restore = await failWrites(table, op);
    try {
      const res = await api(site.host, 'POST', `${ADMIN}/posts`, {
        token: site.users.editor.token,
        body: {
          title,
          slug: `squat-${table}-${op}`,
          tags: [`tag ${table} ${op}`],
          categories: [category.body.category.slug],
        },
      });
      expect(res.status).toBe(500);
    } finally {
      await restore();
    }
    expect(await countPosts(site.siteId)).toBe(posts);
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ?', site.siteId)).toBe(events);
  });

  const publishCases = [
    ['posts', 'UPDATE'],
    ['post_tags', 'DELETE'],
    ['post_tags', 'INSERT'],
    ['post_revisions', 'INSERT'],
    ['events', 'INSERT'],
  ] as const;

  it.each(publishCases)('publishing, with %s %s failing, leaves the draft and no event', async (table, op) => {
    const post = await createPost(site.host, site.users.editor.token, { title: `Publish ${table} ${op}`, tags: ['A'] });
    const before = await storedEvents(site.siteId, 'aggregate_id = ?', post.id);
    const restore = await failWrites(table, op);
    try {
      const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
        token: site.users.editor.token,
        body: { status: 'published', tags: ['B'] },
      });
      expect(res.status).toBe(500);
    } finally {
      await restore();
    }
    const row = await env.DB.prepare('SELECT status, version FROM posts WHERE id = ?').bind(post.id).first();
    expect(row).toEqual({ status: 'draft', version: 1 });
    expect(await storedEvents(site.siteId, 'aggregate_id = ?', post.id)).toEqual(before);
  });

  it.each([
    ['events', 'INSERT'],
    ['posts', 'DELETE'],
  ] as const)('deleting, with %s %s failing, keeps the post and records no event', async (table, op) => {
    const post = await createPost(site.host, site.users.editor.token, { title: `Delete ${table} ${op}` });
    const restore = await failWrites(table, op);
    try {
      const res = await api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
      expect(res.status).toBe(500);
    } finally {
      await restore();
    }
    expect(await count('SELECT count(*) AS n FROM posts WHERE id = ?', post.id)).toBe(1);
    expect(await types(post.id)).toEqual(['post.created']);
  });
});

describe('relay and sweeper', () => {
  it('leaves events unsent when the Queue refuses them, and the sweeper sends them later', async () => {
    const db = openDatabase(env.DB);
    const post = await createPost(site.host, site.users.editor.token, { title: 'Relayed later' });
    // Pretend the request's own relay never ran.
    await run('UPDATE events SET sent_at = NULL WHERE aggregate_id = ?', post.id);
    const rows = await storedEvents(site.siteId, 'aggregate_id = ?', post.id);
    const broken = {
      send: async () => {
        throw new Error('queue down');
      },
      sendBatch: async () => {
        throw new Error('queue down');
      },
    } as unknown as Queue;
    const fromRows = rows.map((r) => ({
      id: r.id,
      siteId: site.siteId,
      type: r.type,
      version: 1,
      aggregateType: r.aggregate_type,
      aggregateId: r.aggregate_id,
      aggregateVersion: r.aggregate_version,
      actorType: r.actor_type as 'user',
      actorId: r.actor_id,
      occurredAt: new Date(r.occurred_at),
      correlationId: r.correlation_id,
      causationId: r.causation_id,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
    expect(await relayEvents(broken, db, fromRows)).toBe(0);
    expect((await storedEvents(site.siteId, 'aggregate_id = ?', post.id)).every((r) => r.sent_at === null)).toBe(true);

    // Too young for the sweeper (the request's relay may still be running), then old enough.
    const sent: unknown[] = [];
    const recording = {
      sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)),
    } as unknown as Queue;
    expect(await sweepOutbox(recording, db, new Date())).toBe(0);
    const swept = await sweepOutbox(recording, db, new Date(Date.now() + 60_000));
    expect(swept).toBeGreaterThanOrEqual(1);
    expect(sent).toContainEqual(expect.objectContaining({ id: rows[0]!.id, type: 'post.created' }));
    expect((await storedEvents(site.siteId, 'aggregate_id = ?', post.id)).every((r) => r.sent_at !== null)).toBe(true);
    // Nothing is left for a second sweep.
    expect(await sweepOutbox(recording, db, new Date(Date.now() + 60_000))).toBe(0);
  });

  it("runs the sweeper on the Worker's cron trigger", async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Swept by cron' });
    // Unsent and a minute old, as if the request's relay had failed.
    await run('UPDATE events SET sent_at = NULL, occurred_at = ? WHERE aggregate_id = ?', Date.now() - 60_000, post.id);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await storedEvents(site.siteId, 'aggregate_id = ?', post.id))[0]!.sent_at).not.toBeNull();
  });

  it('stamps events sent once the request relayed them', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Relayed now' });
    await expect
      .poll(async () => (await storedEvents(site.siteId, 'aggregate_id = ?', post.id))[0]!.sent_at, { timeout: 5000 })
      .not.toBeNull();
  });
});
