// Domain events end to end under `wrangler dev`: a publication written through the Admin API becomes events in the
// store, the relay hands them to the local Queue, and the consumers count it once in the analytics report and
// notify its author once. Queues deliver after their batch timeout, so each check polls with a bounded wait.
import { describe, expect, inject, it } from 'vitest';
import { DEMO_AUTHORS } from '../../scripts/demo-content';
import { DEMO_OWNER } from '../../scripts/seed';

const url = inject('ledeUrl');

async function call<T>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/api/v1/admin${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function signIn(email: string): Promise<string> {
  const session = await call<{ access_token: string }>('POST', '/session', undefined, {
    email,
    password: DEMO_OWNER.password,
  });
  expect(session.status).toBe(200);
  return session.body.access_token;
}

/** Polls until `read` returns something `done` accepts, for at most `ms`; returns the last value either way. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

interface Notification {
  kind: string;
  post_id: string | null;
}

describe('domain events under wrangler dev', () => {
  it('sends events nobody relayed when the sweeper runs', async () => {
    // The seed wrote the demo accounts' user.created events straight into D1, with no Worker to relay them.
    const ownerToken = await signIn(DEMO_OWNER.email);
    const userEvents = () =>
      call<{ events: { sent_at: string | null }[] }>('GET', '/events?type=user.created&limit=100', ownerToken);
    const before = await userEvents();
    expect(before.body.events.length).toBe(DEMO_AUTHORS.length);
    expect(before.body.events.some((e) => e.sent_at === null)).toBe(true);
    // Crons do not fire under wrangler dev; this is the cron's trigger. The sweeper leaves events younger than 30 s
    // to their own relay, so it may take a few runs.
    const after = await until(
      async () => {
        await fetch(`${url}/__scheduled`);
        return userEvents();
      },
      (r) => r.body.events.every((e) => e.sent_at !== null),
      45_000,
    );
    expect(after.body.events.every((e) => e.sent_at !== null)).toBe(true);
  }, 60_000);

  it('turns a publication into one event, one count in the report and one notification for the author', async () => {
    const author = DEMO_AUTHORS.find((a) => a.role === 'author')!;
    const authorToken = await signIn(author.email);
    const ownerToken = await signIn(DEMO_OWNER.email);
    const tag = `Pipeline ${Date.now()}`;
    const created = await call<{ post: { id: string } }>('POST', '/posts', authorToken, {
      title: `Evented ${tag}`,
      tags: [tag],
    });
    expect(created.status).toBe(201);
    const id = created.body.post.id;
    const published = await call('PATCH', `/posts/${id}`, ownerToken, { status: 'published' });
    expect(published.status).toBe(200);

    const events = await call<{ events: { type: string; actor: { id: string }; sent_at: string | null }[] }>(
      'GET',
      `/events?aggregate_type=post&aggregate_id=${id}&type=post.published`,
      ownerToken,
    );
    expect(events.body.events).toHaveLength(1);

    const mine = () =>
      call<{ notifications: Notification[] }>('GET', '/notifications?limit=100', authorToken).then((r) =>
        r.body.notifications.filter((n) => n.post_id === id),
      );
    const notifications = await until(mine, (n) => n.length > 0);
    expect(notifications).toEqual([expect.objectContaining({ kind: 'post_published', post_id: id })]);

    const today = new Date().toISOString().slice(0, 10);
    const tagRow = () =>
      call<{ per_tag: { name: string | null; posts_published: number; posts_created: number }[] }>(
        'GET',
        `/reports/analytics?from=${today}&to=${today}`,
        ownerToken,
      ).then((r) => r.body.per_tag.find((t) => t.name === tag));
    const counted = await until(tagRow, (row) => (row?.posts_published ?? 0) > 0 && (row?.posts_created ?? 0) > 0);
    expect(counted).toMatchObject({ posts_created: 1, posts_published: 1 });

    // The relay stamped the event sent, and every consumer has seen it: nothing more arrives.
    const sent = await until(
      () =>
        call<{ events: { sent_at: string | null }[] }>(
          'GET',
          `/events?aggregate_id=${id}&aggregate_type=post`,
          ownerToken,
        ),
      (r) => r.body.events.every((e) => e.sent_at !== null),
    );
    expect(sent.body.events.every((e) => e.sent_at !== null)).toBe(true);
    expect(await mine()).toHaveLength(1);
    expect(await tagRow()).toMatchObject({ posts_created: 1, posts_published: 1 });

    const deleted = await fetch(`${url}/api/v1/admin/posts/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerToken}` },
    });
    expect(deleted.status).toBe(204);
  });
});
