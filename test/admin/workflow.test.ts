// The editorial workflow: which status moves exist, what times they set, and that an impossible move writes nothing.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countPosts, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let token: string;

beforeAll(async () => {
  site = await createTestSite('workflow');
  token = site.users.editor.token;
});

const patch = (id: string, body: unknown) => api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, { token, body });
const inOneDay = () => new Date(Date.now() + 86_400_000).toISOString();
const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

/** Asserts the PATCH is refused with `code` and the post is exactly as it was. */
async function refused(id: string, body: unknown, status: number, code: string) {
  const before = await postRow(id);
  expectProblem(await patch(id, body), status, code);
  expect(await postRow(id)).toEqual(before);
}

// Protects the normal path of a post through the newsroom.
describe('status moves', () => {
  it('goes draft → review → published → archived → draft, recording each move', async () => {
    const post = await createPost(site.host, token, { title: 'Round trip' });
    expect(post.status).toBe('draft');
    expect((await patch(post.id, { status: 'review' })).body.post.status).toBe('review');

    const published = await patch(post.id, { status: 'published' });
    expect(published.body.post.status).toBe('published');
    const publishedAt = published.body.post.published_at;
    expect(Date.parse(publishedAt)).toBeGreaterThan(Date.now() - 60_000);

    const archived = await patch(post.id, { status: 'archived' });
    expect(archived.body.post).toMatchObject({ status: 'archived', published_at: publishedAt });
    const back = await patch(post.id, { status: 'draft' });
    expect(back.body.post).toMatchObject({ status: 'draft', version: 5 });

    const revisions = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}/revisions`, { token });
    expect(revisions.body.revisions.map((r: { status: string; reason: string }) => [r.status, r.reason])).toEqual([
      ['draft', 'status'],
      ['archived', 'status'],
      ['published', 'status'],
      ['review', 'status'],
      ['draft', 'created'],
    ]);
  });

  it('keeps the first publication date when a post is republished', async () => {
    const post = await createPost(site.host, token, { title: 'Twice', status: 'published' });
    await patch(post.id, { status: 'draft' });
    const again = await patch(post.id, { status: 'published' });
    expect(again.body.post.published_at).toBe(post.published_at);
  });

  it.each([
    ['published', 'review'],
    ['published', 'scheduled'],
    ['draft', 'archived'],
    ['review', 'archived'],
  ])('refuses %s → %s with 422 INVALID_STATUS_TRANSITION, unchanged', async (from, to) => {
    const post = await createPost(site.host, token, { title: `From ${from}`, status: from });
    const body = to === 'scheduled' ? { status: to, scheduled_at: inOneDay() } : { status: to };
    await refused(post.id, body, 422, 'INVALID_STATUS_TRANSITION');
  });

  it('refuses to create a post that starts archived', async () => {
    const count = await countPosts(site.siteId);
    const res = await api(site.host, 'POST', `${ADMIN}/posts`, { token, body: { title: 'Old', status: 'archived' } });
    expectProblem(res, 422, 'INVALID_STATUS_TRANSITION');
    expect(await countPosts(site.siteId)).toBe(count);
  });
});

// Protects scheduling rules: a scheduled post always has a time, and that time is ahead.
describe('scheduling', () => {
  it('schedules with a future time, and clears it when the post goes back to draft', async () => {
    const post = await createPost(site.host, token, { title: 'Later' });
    const at = inOneDay();
    const scheduled = await patch(post.id, { status: 'scheduled', scheduled_at: at });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.post).toMatchObject({ status: 'scheduled', scheduled_at: at, published_at: null });
    const draft = await patch(post.id, { status: 'draft' });
    expect(draft.body.post).toMatchObject({ status: 'draft', scheduled_at: null });
  });

  it('publishes a scheduled post at once when asked, dropping the schedule', async () => {
    const post = await createPost(site.host, token, { title: 'Sooner', status: 'scheduled', scheduled_at: inOneDay() });
    const now = await patch(post.id, { status: 'published' });
    expect(now.body.post.status).toBe('published');
    expect(now.body.post.scheduled_at).toBeNull();
    expect(Date.parse(now.body.post.published_at)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses scheduling without a time (SCHEDULE_TIME_REQUIRED) or in the past (SCHEDULE_TIME_IN_PAST)', async () => {
    const post = await createPost(site.host, token, { title: 'Unscheduled' });
    await refused(post.id, { status: 'scheduled' }, 422, 'SCHEDULE_TIME_REQUIRED');
    await refused(post.id, { status: 'scheduled', scheduled_at: anHourAgo() }, 422, 'SCHEDULE_TIME_IN_PAST');
    await refused(post.id, { scheduled_at: inOneDay() }, 422, 'NOT_SCHEDULED');
  });

  it('refuses to move a scheduled post into the past', async () => {
    const post = await createPost(site.host, token, { title: 'Moved', status: 'scheduled', scheduled_at: inOneDay() });
    await refused(post.id, { status: 'scheduled', scheduled_at: anHourAgo() }, 422, 'SCHEDULE_TIME_IN_PAST');
  });

  it('lets a scheduled post whose time has just passed be edited while the scheduler catches up', async () => {
    const post = await createPost(site.host, token, { title: 'Due', status: 'scheduled', scheduled_at: inOneDay() });
    // The time passes before the alarm runs: move it into the past directly, as the clock would.
    await env.DB.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?')
      .bind(Date.now() - 1000, post.id)
      .run();
    const res = await patch(post.id, { title: 'Due, retitled' });
    expect(res.status).toBe(200);
    expect(res.body.post.status).toBe('scheduled');
    expect(Date.parse(res.body.post.scheduled_at)).toBeLessThan(Date.now());
  });

  it('refuses creating a scheduled post without a future time, creating nothing', async () => {
    const count = await countPosts(site.siteId);
    for (const [body, code] of [
      [{ status: 'scheduled' }, 'SCHEDULE_TIME_REQUIRED'],
      [{ status: 'scheduled', scheduled_at: anHourAgo() }, 'SCHEDULE_TIME_IN_PAST'],
    ] as const) {
      const res = await api(site.host, 'POST', `${ADMIN}/posts`, { token, body: { title: 'Never', ...body } });
      expectProblem(res, 422, code);
    }
    expect(await countPosts(site.siteId)).toBe(count);
  });
});
