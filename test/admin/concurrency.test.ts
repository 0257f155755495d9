// Optimistic concurrency: the ETag names a version, If-Match guards a write, and two edits from one version never
// both land.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import type { Actor } from '../../workers/app';
import { Problem } from '../../workers/http/problem';
import { updatePost } from '../../workers/content/posts-service';
import { api, createTestSite, type TestSite, unrelayedOutbox } from '../helpers';
import { ADMIN, countRevisions, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let token: string;

beforeAll(async () => {
  site = await createTestSite('concurrency');
  token = site.users.editor.token;
});

const patch = (id: string, body: unknown, ifMatch?: string) =>
  api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, { token, body, headers: ifMatch ? { 'if-match': ifMatch } : {} });

// Protects the ETag / If-Match contract over HTTP.
describe('If-Match', () => {
  it('accepts the current ETag and answers with the next one', async () => {
    const post = await createPost(site.host, token, { title: 'Tagged' });
    const read = await api(site.host, 'GET', `${ADMIN}/posts/${post.id}`, { token });
    expect(read.headers.get('etag')).toBe('"1"');
    const first = await patch(post.id, { title: 'Tagged twice' }, read.headers.get('etag')!);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const weak = await patch(post.id, { title: 'Tagged thrice' }, 'W/"2"');
    expect(weak.status).toBe(200);
    expect(weak.headers.get('etag')).toBe('"3"');
  });

  it('refuses a stale version with 412 STALE_VERSION and leaves the post as it was', async () => {
    const post = await createPost(site.host, token, { title: 'Fresh' });
    await patch(post.id, { title: 'Newer' }, '"1"');
    const before = await postRow(post.id);
    const res = await patch(post.id, { title: 'Overwrites newer' }, '"1"');
    expectProblem(res, 412, 'STALE_VERSION');
    expect(res.body.current_version).toBe(2);
    expect(await postRow(post.id)).toEqual(before);
    expect(before?.title).toBe('Newer');
    expect(await countRevisions(post.id)).toBe(2);
  });

  it('treats If-Match: * as "any current version" (RFC 9110)', async () => {
    const post = await createPost(site.host, token, { title: 'Any version' });
    await patch(post.id, { title: 'Any version, edited' }, '"1"');
    const res = await patch(post.id, { title: 'Any version, again' }, '*');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"3"');
  });

  it.each(['2', '"two"', '"1", "2"', 'W/2'])('refuses If-Match %s with 400 INVALID_IF_MATCH', async (value) => {
    const post = await createPost(site.host, token, { title: `Malformed ${value}` });
    const before = await postRow(post.id);
    expectProblem(await patch(post.id, { title: 'Changed' }, value), 400, 'INVALID_IF_MATCH');
    expect(await postRow(post.id)).toEqual(before);
  });

  it('lets exactly one of two simultaneous PATCHes from one version through; the other gets 412', async () => {
    const post = await createPost(site.host, token, { title: 'Contested' });
    const results = await Promise.all([
      patch(post.id, { title: 'Edit A' }, '"1"'),
      patch(post.id, { title: 'Edit B' }, '"1"'),
    ]);
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expectProblem(lost[0]!, 412, 'STALE_VERSION');
    expect(await postRow(post.id)).toMatchObject({ title: won[0]!.body.post.title, version: 2 });
    expect(await countRevisions(post.id)).toBe(2);
  });
});

// Protects the write guard itself. Requests through SELF are served one at a time here, so two saves truly in flight
// at once are raced against the service: both read version 1, and only D1 can tell them apart.
describe('two saves in flight from one version', () => {
  const actor = (): Actor => ({
    userId: site.users.editor.id,
    siteId: site.siteId,
    role: 'editor',
    name: 'Editor',
    email: site.users.editor.email,
  });
  const deps = () => ({
    db: openDatabase(env.DB),
    now: new Date(),
    reschedule: async () => {},
    outbox: unrelayedOutbox(),
  });
  const save = (id: string, title: string, ifMatch?: number) =>
    updatePost(deps(), actor(), 'post', id, { title }, ifMatch === undefined ? {} : { ifMatch });

  it.each([
    ['with If-Match', 1, 412, 'STALE_VERSION'],
    ['without If-Match', undefined, 409, 'EDIT_CONFLICT'],
  ] as const)('%s: one lands, the other is refused (%i %s)', async (_label, ifMatch, status, code) => {
    const post = await createPost(site.host, token, { title: `Raced ${code}` });
    const results = await Promise.allSettled([save(post.id, 'Racer A', ifMatch), save(post.id, 'Racer B', ifMatch)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(Problem);
    expect(lost[0]!.reason).toMatchObject({ status, code });
    const winner = (won[0] as PromiseFulfilledResult<{ title: string }>).value.title;
    expect(await postRow(post.id)).toMatchObject({ title: winner, version: 2 });
    expect(await countRevisions(post.id)).toBe(2);
  });
});
