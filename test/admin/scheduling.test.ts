// Scheduled publishing: the site's scheduler publishes a post when its time comes, with no request, exactly once.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { publishDue } from '../../durable-objects/publish-scheduler';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, run, scalar } from './support';

const schedulerOf = (siteId: string) => env.PUBLISH_SCHEDULER.get(env.PUBLISH_SCHEDULER.idFromName(siteId));
const alarmOf = (siteId: string) =>
  runInDurableObject(schedulerOf(siteId), (_instance, state) => state.storage.getAlarm());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statusOf = (id: string) =>
  env.DB.prepare('SELECT status, published_at, scheduled_at FROM posts WHERE id = ?')
    .bind(id)
    .first<{ status: string; published_at: number | null; scheduled_at: number | null }>();
const scheduledPublishes = (id: string) =>
  scalar("SELECT count(*) AS n FROM post_revisions WHERE post_id = ? AND reason = 'scheduled_publish'", id);

/** Polls `read` until `done`; the bound only stops a broken scheduler from hanging the suite. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(50);
  }
  throw new Error('the awaited state never came');
}

// One site for the file: the tests run in order, and each leaves no post scheduled for the next to trip over.
let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('scheduling');
});

const schedule = (title: string, at: Date) =>
  createPost(site.host, site.users.editor.token, { title, status: 'scheduled', scheduled_at: at.toISOString() });

// Protects the promise made to an editor who schedules a post: it goes out on time, once, untouched by anyone.
describe('a scheduled post', () => {
  it('is published by the alarm at its scheduled time, exactly once', async () => {
    const at = new Date(Date.now() + 1500);
    const post = await schedule('On the hour', at);
    expect(await alarmOf(site.siteId)).toBe(at.getTime());

    await until(
      async () => Date.now(),
      (now) => now > at.getTime(),
    );
    // workerd may already have fired the alarm on its own; either way the outcome below must hold.
    await runDurableObjectAlarm(schedulerOf(site.siteId));
    const row = await until(
      () => statusOf(post.id),
      (r) => r?.status === 'published',
    );

    expect(row).toEqual({ status: 'published', published_at: at.getTime(), scheduled_at: null });
    expect(await scheduledPublishes(post.id)).toBe(1);
    const read = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect(read.body.post).toMatchObject({ status: 'published', published_at: at.toISOString(), version: 2 });

    // Nothing is left to do: no alarm is pending, and running the scheduler again publishes nothing more.
    expect(await alarmOf(site.siteId)).toBeNull();
    expect(await runDurableObjectAlarm(schedulerOf(site.siteId))).toBe(false);
    expect(await scheduledPublishes(post.id)).toBe(1);
    expect(await scalar('SELECT count(*) AS n FROM post_revisions WHERE post_id = ?', post.id)).toBe(2);
  });
});

// Protects exactly-once publishing when runs overlap or repeat (a retried or duplicated alarm).
describe('publishDue', () => {
  it('publishes a due post once across concurrent and repeated runs, dated at its scheduled time', async () => {
    const post = await schedule('Overdue', new Date(Date.now() + 86_400_000));
    // The time comes: move the schedule into the past behind the API's back, as the clock would.
    const due = Date.now() - 5_000;
    await run('UPDATE posts SET scheduled_at = ? WHERE id = ?', due, post.id);

    const db = openDatabase(env.DB);
    const runs = await Promise.all([
      publishDue(db, site.siteId, new Date()),
      publishDue(db, site.siteId, new Date()),
      publishDue(db, site.siteId, new Date()),
    ]);
    expect(runs.flat()).toEqual([post.id]);
    expect(await publishDue(db, site.siteId, new Date())).toEqual([]);
    expect(await statusOf(post.id)).toEqual({ status: 'published', published_at: due, scheduled_at: null });
    expect(await scheduledPublishes(post.id)).toBe(1);
  });
});

// Protects the alarm itself: it always sits at the earliest pending scheduled time of the site, or nowhere.
describe('the scheduler alarm', () => {
  it('follows rescheduling, unscheduling and deletion', async () => {
    const token = site.users.editor.token;
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000);
    const [t1, t2, t3] = [hours(2), hours(1), hours(3)];

    const p1 = await schedule('Two hours', t1);
    expect(await alarmOf(site.siteId)).toBe(t1.getTime());
    const p2 = await schedule('One hour', t2);
    expect(await alarmOf(site.siteId)).toBe(t2.getTime());

    const moved = await api(site.host, 'PATCH', `${ADMIN}/posts/${p2.id}`, {
      token,
      body: { status: 'scheduled', scheduled_at: t3.toISOString() },
    });
    expect(moved.status).toBe(200);
    expect(await alarmOf(site.siteId)).toBe(t1.getTime());

    const unscheduled = await api(site.host, 'PATCH', `${ADMIN}/posts/${p1.id}`, { token, body: { status: 'draft' } });
    expect(unscheduled.status).toBe(200);
    expect(await alarmOf(site.siteId)).toBe(t3.getTime());

    expect((await api(site.host, 'DELETE', `${ADMIN}/posts/${p2.id}`, { token })).status).toBe(204);
    expect(await alarmOf(site.siteId)).toBeNull();
  });

  it('publishes nothing when it fires early, and re-arms for the real time', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const post = await schedule('Not yet', at);
    await runInDurableObject(schedulerOf(site.siteId), (_instance, state) => state.storage.setAlarm(Date.now()));

    // workerd may fire the early alarm itself; once it has run, the alarm is back at the post's time.
    await runDurableObjectAlarm(schedulerOf(site.siteId));
    await until(
      () => alarmOf(site.siteId),
      (alarm) => alarm === at.getTime(),
    );
    expect((await statusOf(post.id))?.status).toBe('scheduled');
    expect(await scheduledPublishes(post.id)).toBe(0);
  });
});
