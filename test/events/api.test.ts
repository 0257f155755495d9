// The Admin API of domain events: the event store query, the analytics report, notifications and preferences.
// Every bad input is a 4xx problem that writes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_QUEUE } from '../../queues/handler';
import { ADMIN, expectProblem } from '../admin/support';
import { makePng, rawUpload } from '../media/support';
import { api, createTestSite, type TestSite } from '../helpers';
import { count, deliver, envelopeOf, storedEvents } from './support';

let site: TestSite;
let postId: string;
let correlation: string;
beforeAll(async () => {
  site = await createTestSite('events-api');
  const created = await api(site.host, 'POST', `${ADMIN}/posts`, {
    token: site.users.author.token,
    body: { title: 'Queried', tags: ['Queried'] },
  });
  postId = created.body.post.id;
  correlation = created.headers.get('x-request-id')!;
  await api(site.host, 'PATCH', `${ADMIN}/posts/${postId}`, {
    token: site.users.author.token,
    body: { status: 'review' },
  });
  await api(site.host, 'PATCH', `${ADMIN}/posts/${postId}`, {
    token: site.users.editor.token,
    body: { status: 'published' },
  });
  // Apply every stored event now rather than waiting for the Queue's own delivery.
  const rows = await storedEvents(site.siteId);
  await deliver(
    EVENTS_QUEUE,
    rows.map((row) => ({ id: `api-${row.id}`, body: envelopeOf(row), attempts: 1 })),
  );
});

const get = (path: string, token = site.users.owner.token) => api(site.host, 'GET', `${ADMIN}${path}`, { token });

describe('GET /events', () => {
  it('filters by aggregate, type, correlation id and time, and pages', async () => {
    const all = await get(`/events?aggregate_type=post&aggregate_id=${postId}`);
    expect(all.status).toBe(200);
    expect(all.body.events.map((e: { type: string }) => e.type)).toEqual([
      'post.created',
      'post.status_changed',
      'post.submitted_for_review',
      'post.status_changed',
      'post.published',
    ]);
    expect(all.body.events[0]).toMatchObject({
      site_id: site.siteId,
      aggregate: { type: 'post', id: postId, version: 1 },
      actor: { type: 'user', id: site.users.author.id },
      correlation_id: correlation,
    });
    const published = await get('/events?type=post.published');
    expect(published.body.events).toHaveLength(1);
    const byRequest = await get(`/events?correlation_id=${correlation}`);
    expect(byRequest.body.events.map((e: { type: string }) => e.type)).toEqual(['post.created']);
    const paged = await get(`/events?aggregate_type=post&aggregate_id=${postId}&limit=2&page=2&order=desc`);
    expect(paged.body.events.map((e: { type: string }) => e.type)).toEqual([
      'post.submitted_for_review',
      'post.status_changed',
    ]);
    expect(paged.body.meta.pagination).toMatchObject({ page: 2, limit: 2, pages: 3, total: 5, next: 3, prev: 1 });
    const future = await get(`/events?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.body.events).toEqual([]);
    const one = await get(`/events/${all.body.events[0].id}`);
    expect(one.body.event.id).toBe(all.body.events[0].id);
  });

  it('never shows another site its events', async () => {
    const other = await createTestSite('events-other');
    const res = await api(other.host, 'GET', `${ADMIN}/events?aggregate_type=post&aggregate_id=${postId}`, {
      token: other.users.owner.token,
    });
    expect(res.body.events).toEqual([]);
    const [first] = await storedEvents(site.siteId);
    expectProblem(
      await api(other.host, 'GET', `${ADMIN}/events/${first!.id}`, { token: other.users.owner.token }),
      404,
      'NOT_FOUND',
    );
  });

  it.each([
    ['type=post.nothing', 400],
    ['aggregate_type=comment', 400],
    ['aggregate_id=abc', 400],
    ['from=yesterday', 400],
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400],
    ['limit=101', 400],
    ['page=0', 400],
    ['order=sideways', 400],
    ['unknown=1', 400],
  ])('answers %s with %i VALIDATION_FAILED', async (query, status) => {
    expectProblem(await get(`/events?${query}`), status, 'VALIDATION_FAILED');
  });

  it('refuses bad ids, strangers and roles below admin', async () => {
    expectProblem(await get('/events/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/events/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    expectProblem(await api(site.host, 'GET', `${ADMIN}/events`), 401, 'UNAUTHORIZED');
    for (const role of ['editor', 'author', 'contributor'] as const) {
      expectProblem(await get('/events', site.users[role].token), 403, 'FORBIDDEN');
      expectProblem(await get('/dead-letters', site.users[role].token), 403, 'FORBIDDEN');
    }
    expect((await get('/events', site.users.admin.token)).status).toBe(200);
    expect((await get('/dead-letters')).status).toBe(200);
    expectProblem(await get('/dead-letters?limit=0'), 400, 'VALIDATION_FAILED');
  });

  it('refuses replaying an unknown projection', async () => {
    expectProblem(
      await api(site.host, 'POST', `${ADMIN}/projections/search/replay`, { token: site.users.owner.token }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('GET /reports/analytics', () => {
  const today = new Date().toISOString().slice(0, 10);

  it('counts the post created and published today once, per author and tag, with the review lead time', async () => {
    const res = await get(`/reports/analytics?from=${today}&to=${today}`, site.users.editor.token);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ posts_created: 1, posts_published: 1 });
    expect(res.body.per_day).toEqual([{ day: today, posts_created: 1, posts_published: 1 }]);
    expect(res.body.per_author).toEqual([
      { user_id: site.users.author.id, name: expect.any(String), posts_created: 1, posts_published: 1 },
    ]);
    expect(res.body.per_tag).toEqual([
      { tag_id: expect.any(String), name: 'Queried', slug: 'queried', posts_created: 1, posts_published: 1 },
    ]);
    expect(res.body.editorial_activity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: site.users.author.id, actions: 2 }),
        expect.objectContaining({ user_id: site.users.editor.id, actions: 1 }),
      ]),
    );
    expect(res.body.time_to_publish.posts).toBe(1);
    expect(res.body.time_to_publish.median_seconds).toBeGreaterThanOrEqual(0);
  });

  it('answers an empty range with zeros for every day', async () => {
    const res = await get('/reports/analytics?from=2020-01-01&to=2020-01-03');
    expect(res.body.per_day.map((d: { day: string }) => d.day)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
    expect(res.body.totals).toEqual({ posts_created: 0, posts_published: 0, editorial_actions: 0, media_uploaded: 0 });
    expect(res.body.time_to_publish).toEqual({ posts: 0, average_seconds: null, median_seconds: null });
  });

  it.each([
    [''],
    ['from=2026-01-01'],
    ['from=2026-01-02&to=2026-01-01'],
    ['from=2026-02-30&to=2026-03-01'],
    ['from=01/01/2026&to=2026-01-02'],
    ['from=2024-01-01&to=2026-01-01'],
    ['from=2026-01-01&to=2026-01-02&author=x'],
  ])('answers "%s" with 400 VALIDATION_FAILED', async (query) => {
    expectProblem(await get(`/reports/analytics?${query}`), 400, 'VALIDATION_FAILED');
  });

  it('is for editors and above', async () => {
    for (const role of ['author', 'contributor'] as const) {
      expectProblem(
        await get(`/reports/analytics?from=${today}&to=${today}`, site.users[role].token),
        403,
        'FORBIDDEN',
      );
    }
  });
});

describe('notifications', () => {
  it('lists my notifications, marks one read, and never shows or touches anyone else’s', async () => {
    const mine = await get('/notifications', site.users.author.token);
    expect(mine.status).toBe(200);
    expect(mine.body.notifications).toEqual([
      expect.objectContaining({
        kind: 'post_published',
        post_id: postId,
        read_at: null,
        title: '“Queried” was published',
      }),
    ]);
    expect(mine.body.meta.unread).toBe(1);
    const id = mine.body.notifications[0].id as string;

    // The editor received "submitted" but cannot read or mark the author's.
    const editors = await get('/notifications', site.users.editor.token);
    expect(editors.body.notifications.map((n: { kind: string }) => n.kind)).toEqual(['post_submitted']);
    expectProblem(
      await api(site.host, 'POST', `${ADMIN}/notifications/${id}/read`, { token: site.users.editor.token }),
      404,
      'NOT_FOUND',
    );
    expect(await count('SELECT count(*) AS n FROM notifications WHERE id = ? AND read_at IS NULL', id)).toBe(1);

    const read = await api(site.host, 'POST', `${ADMIN}/notifications/${id}/read`, { token: site.users.author.token });
    expect(read.status).toBe(200);
    expect(read.body.notification.read_at).toEqual(expect.any(String));
    const again = await api(site.host, 'POST', `${ADMIN}/notifications/${id}/read`, { token: site.users.author.token });
    expect(again.body.notification.read_at).toBe(read.body.notification.read_at);
    expect((await get('/notifications?unread=true', site.users.author.token)).body.notifications).toEqual([]);
  });

  it('refuses bad notification requests', async () => {
    const token = site.users.author.token;
    expectProblem(await get('/notifications?unread=yes', token), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/notifications?limit=500', token), 400, 'VALIDATION_FAILED');
    expectProblem(
      await api(site.host, 'POST', `${ADMIN}/notifications/nope/read`, { token }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await api(site.host, 'POST', `${ADMIN}/notifications/${crypto.randomUUID()}/read`, { token }),
      404,
      'NOT_FOUND',
    );
    expectProblem(await api(site.host, 'GET', `${ADMIN}/notifications`), 401, 'UNAUTHORIZED');
  });

  it('keeps per-kind preferences, on unless switched off, and refuses bad ones without writing', async () => {
    const token = site.users.contributor.token;
    const initial = await get('/notifications/preferences', token);
    expect(initial.body.preferences).toHaveLength(4);
    expect(initial.body.preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const put = (body: unknown) => api(site.host, 'PUT', `${ADMIN}/notifications/preferences`, { token, body });
    const saved = await put({ preferences: [{ kind: 'post_sent_back', channel: 'in_app', enabled: false }] });
    expect(saved.status).toBe(200);
    expect(saved.body.preferences).toContainEqual({ kind: 'post_sent_back', channel: 'in_app', enabled: false });
    expect(saved.body.preferences).toContainEqual({ kind: 'post_published', channel: 'in_app', enabled: true });

    const before = await count(
      'SELECT count(*) AS n FROM notification_preferences WHERE user_id = ?',
      site.users.contributor.id,
    );
    for (const body of [
      {},
      { preferences: [] },
      { preferences: [{ kind: 'post_liked', channel: 'in_app', enabled: false }] },
      { preferences: [{ kind: 'post_published', channel: 'email', enabled: false }] },
      { preferences: [{ kind: 'post_published', channel: 'in_app', enabled: 'no' }] },
      { preferences: [{ kind: 'post_published', channel: 'in_app', enabled: false, extra: 1 }] },
      {
        preferences: [
          { kind: 'post_published', channel: 'in_app', enabled: false },
          { kind: 'post_published', channel: 'in_app', enabled: true },
        ],
      },
    ]) {
      expectProblem(await put(body), 422, 'VALIDATION_FAILED');
    }
    expectProblem(
      await api(site.host, 'PUT', `${ADMIN}/notifications/preferences`, {
        token,
        rawBody: '{',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'MALFORMED_JSON',
    );
    expect(
      await count('SELECT count(*) AS n FROM notification_preferences WHERE user_id = ?', site.users.contributor.id),
    ).toBe(before);
  });
});

describe('media events', () => {
  it('records media.uploaded, media.processed (image facts read) and media.deleted', async () => {
    const upload = await rawUpload(site, makePng(8, 6), {
      token: site.users.author.token,
      filename: 'dot.png',
      contentType: 'image/png',
    });
    expect(upload.status).toBe(201);
    const id = upload.body.media.id as string;
    expect((await api(site.host, 'DELETE', `${ADMIN}/media/${id}`, { token: site.users.author.token })).status).toBe(
      204,
    );
    const rows = await storedEvents(site.siteId, 'aggregate_id = ?', id);
    expect(rows.map((e) => e.type)).toEqual(['media.uploaded', 'media.processed', 'media.deleted']);
    expect(JSON.parse(rows[1]!.payload)).toEqual({ width: 8, height: 6, format: 'png' });
  });
});
