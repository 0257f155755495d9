// Publishing and deleting posts are audited: one entry per publish (not per later edit, and also when the scheduler
// publishes) and per delete that happened, with the acting person or integration key; a refusal records nothing.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { openDatabase } from '../../d1/db';
import { publishDue } from '../../durable-objects/publish-scheduler';
import { ADMIN, createPost, expectProblem, run, scalar } from '../admin/support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('post-audit');
});

const entries = (action: string, postId: string) =>
  env.DB.prepare(
    'SELECT actor_user_id, actor_key_id, target_type, detail FROM audit_log WHERE site_id = ? AND action = ? AND target_id = ?',
  )
    .bind(site.siteId, action, postId)
    .all<{ actor_user_id: string | null; actor_key_id: string | null; target_type: string; detail: string }>()
    .then((r) => r.results);

const patch = (token: string, id: string, body: Record<string, unknown>) =>
  api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, { token, body });

describe('post.published', () => {
  it('records a publish once, by whoever published, and not the edits after it', async () => {
    const author = site.users.author;
    const post = await createPost(site.host, author.token, { title: 'Audited publish' });
    expect(await entries('post.published', post.id)).toEqual([]);
    expect((await patch(author.token, post.id, { status: 'published' })).status).toBe(200);
    const [entry, ...rest] = await entries('post.published', post.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actor_user_id: author.id, actor_key_id: null, target_type: 'post' });
    expect(JSON.parse(entry!.detail)).toEqual({ title: 'Audited publish', from: 'draft' });
    expect((await patch(author.token, post.id, { title: 'Edited after' })).status).toBe(200);
    expect(await entries('post.published', post.id)).toHaveLength(1);
  });

  it('records a post created already published', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Born live', status: 'published' });
    const [entry] = await entries('post.published', post.id);
    expect(entry?.actor_user_id).toBe(site.users.editor.id);
    expect(JSON.parse(entry!.detail)).toMatchObject({ from: null });
  });

  it('records nothing for a refused publish', async () => {
    const contributor = site.users.contributor;
    const post = await createPost(site.host, contributor.token, { title: 'Not mine to publish' });
    expectProblem(await patch(contributor.token, post.id, { status: 'published' }), 403, 'FORBIDDEN');
    expect(await entries('post.published', post.id)).toEqual([]);
  });

  it('names the integration key that published', async () => {
    const key = await api(site.host, 'POST', `${ADMIN}/integrations`, {
      token: site.users.admin.token,
      body: { name: 'publisher', scopes: ['posts:write'] },
    });
    expect(key.status).toBe(201);
    const post = await createPost(site.host, key.body.key, { title: 'Published by a key' });
    expect((await patch(key.body.key, post.id, { status: 'published' })).status).toBe(200);
    const [entry] = await entries('post.published', post.id);
    expect(entry).toMatchObject({ actor_user_id: site.users.admin.id, actor_key_id: key.body.integration_key.id });
  });
});

describe('a scheduled publish', () => {
  it('is audited with no acting person when the scheduler publishes it', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const post = await createPost(site.host, site.users.editor.token, {
      title: 'Goes out later',
      status: 'scheduled',
      scheduled_at: at,
    });
    expect(await entries('post.published', post.id)).toEqual([]);
    await run('UPDATE posts SET scheduled_at = ? WHERE id = ?', Date.now() - 1000, post.id);
    expect(await publishDue(openDatabase(env.DB), site.siteId, new Date())).toContain(post.id);
    const [entry, ...rest] = await entries('post.published', post.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actor_user_id: null, actor_key_id: null, target_type: 'post' });
    expect(JSON.parse(entry!.detail)).toEqual({ title: 'Goes out later', from: 'scheduled', scheduled: true });
  });
});

describe('post.deleted', () => {
  it('records a delete that happened, once', async () => {
    const post = await createPost(site.host, site.users.author2.token, { title: 'Soon gone' });
    const del = () => api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.editor.token });
    expect((await del()).status).toBe(204);
    expectProblem(await del(), 404, 'NOT_FOUND');
    const all = await entries('post.deleted', post.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ actor_user_id: site.users.editor.id, target_type: 'post' });
    expect(JSON.parse(all[0]!.detail)).toEqual({ title: 'Soon gone', status: 'draft' });
  });

  it('records nothing for a refused delete', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Not yours' });
    const res = await api(site.host, 'DELETE', `${ADMIN}/posts/${post.id}`, { token: site.users.author2.token });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(
      await scalar("SELECT count(*) AS n FROM audit_log WHERE action = 'post.deleted' AND target_id = ?", post.id),
    ).toBe(0);
  });
});
