// Revisions: every save is one; two can be compared; restoring one is a new save that keeps the post's status.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countRevisions, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let token: string;

beforeAll(async () => {
  site = await createTestSite('revisions');
  token = site.users.editor.token;
});

const get = (path: string) => api(site.host, 'GET', `${ADMIN}/posts/${path}`, { token });
const patch = (id: string, body: unknown) => api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, { token, body });
type Revision = { id: string; version: number; title: string; status: string; reason: string; markdown?: string };
const revisionsOf = async (id: string) => (await get(`${id}/revisions`)).body.revisions as Revision[];

// Protects the history: one revision per save, numbered in order, newest first.
describe('revision history', () => {
  it('adds one revision per save, listed newest first without bodies', async () => {
    const post = await createPost(site.host, token, { title: 'v1', markdown: 'one' });
    for (const n of [2, 3, 4])
      expect((await patch(post.id, { title: `v${n}`, markdown: 'x'.repeat(n) })).status).toBe(200);
    const revisions = await revisionsOf(post.id);
    expect(revisions.map((r) => [r.version, r.title, r.reason])).toEqual([
      [4, 'v4', 'edited'],
      [3, 'v3', 'edited'],
      [2, 'v2', 'edited'],
      [1, 'v1', 'created'],
    ]);
    expect(revisions.every((r) => r.markdown === undefined)).toBe(true);
  });

  it('reads one revision with its Markdown and fields', async () => {
    const post = await createPost(site.host, token, { title: 'Readable', markdown: '# Body', custom_excerpt: 'Ex' });
    const [first] = await revisionsOf(post.id);
    const res = await get(`${post.id}/revisions/${first!.id}`);
    expect(res.status).toBe(200);
    expect(res.body.revision).toMatchObject({ version: 1, title: 'Readable', markdown: '# Body', status: 'draft' });
    expect(res.body.revision.fields).toMatchObject({ slug: 'readable', custom_excerpt: 'Ex' });
  });
});

// Protects the diff an editor reads before restoring.
describe('comparing two revisions', () => {
  it('reports the title change, lines added and removed, and each other field that changed', async () => {
    const post = await createPost(site.host, token, {
      title: 'Draft title',
      markdown: 'line one\nline two\nline three\n',
    });
    await patch(post.id, {
      title: 'Final title',
      markdown: 'line one\nline 2\nline three\nline four\n',
      custom_excerpt: 'Teaser',
    });
    const [to, from] = await revisionsOf(post.id);
    const res = await get(`${post.id}/revisions/diff?from=${from!.id}&to=${to!.id}`);
    expect(res.status).toBe(200);
    expect(res.body.from).toEqual({ id: from!.id, version: 1 });
    expect(res.body.to).toEqual({ id: to!.id, version: 2 });
    expect(res.body.title).toEqual({ from: 'Draft title', to: 'Final title' });
    expect(res.body.markdown).toMatchObject({ lines_added: 2, lines_removed: 1 });
    expect(res.body.markdown.hunks[0].lines).toEqual([
      ' line one',
      '-line two',
      '+line 2',
      ' line three',
      '+line four',
    ]);
    expect(res.body.fields).toEqual([{ field: 'custom_excerpt', from: null, to: 'Teaser' }]);
  });

  it('reports no title change and no lines for identical revisions', async () => {
    const post = await createPost(site.host, token, { title: 'Same', markdown: 'same\n' });
    const [only] = await revisionsOf(post.id);
    const res = await get(`${post.id}/revisions/diff?from=${only!.id}&to=${only!.id}`);
    expect(res.body).toMatchObject({
      title: null,
      markdown: { lines_added: 0, lines_removed: 0, hunks: [] },
      fields: [],
    });
  });

  it('refuses a diff without both ends (400) or with an unknown revision (404)', async () => {
    const post = await createPost(site.host, token, { title: 'Diffless' });
    const [only] = await revisionsOf(post.id);
    expectProblem(await get(`${post.id}/revisions/diff?from=${only!.id}`), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`${post.id}/revisions/diff?from=${only!.id}&to=nope`), 404, 'NOT_FOUND');
  });
});

// Protects restore: it brings old content back as a new revision and never changes status or rewinds history.
describe('restoring a revision', () => {
  it('writes the old content as a new revision and keeps the status', async () => {
    const post = await createPost(site.host, token, { title: 'Original', markdown: 'Old *text*', status: 'published' });
    await patch(post.id, { title: 'Rewritten', markdown: 'New text', meta_title: 'SEO' });
    const [, first] = await revisionsOf(post.id);

    const res = await api(site.host, 'POST', `${ADMIN}/posts/${post.id}/revisions/${first!.id}/restore`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"3"');
    expect(res.body.post).toMatchObject({
      title: 'Original',
      markdown: 'Old *text*',
      html: '<p>Old <em>text</em></p>',
      meta_title: null,
      status: 'published',
      version: 3,
    });
    const revisions = await revisionsOf(post.id);
    expect(revisions.map((r) => [r.version, r.reason, r.status])).toEqual([
      [3, 'restored', 'published'],
      [2, 'edited', 'published'],
      [1, 'created', 'published'],
    ]);
  });

  it('honours If-Match: a stale version is refused with 412 and nothing is restored', async () => {
    const post = await createPost(site.host, token, { title: 'Guarded' });
    await patch(post.id, { title: 'Guarded, edited' });
    const [, first] = await revisionsOf(post.id);
    const before = await postRow(post.id);
    const res = await api(site.host, 'POST', `${ADMIN}/posts/${post.id}/revisions/${first!.id}/restore`, {
      token,
      headers: { 'if-match': '"1"' },
    });
    expectProblem(res, 412, 'STALE_VERSION');
    expect(await postRow(post.id)).toEqual(before);
    expect(await countRevisions(post.id)).toBe(2);
  });

  it("answers 404 for another post's revision id, on read, diff and restore, writing nothing", async () => {
    const mine = await createPost(site.host, token, { title: 'Mine' });
    const other = await createPost(site.host, token, { title: 'Other' });
    const [foreign] = await revisionsOf(other.id);
    const [own] = await revisionsOf(mine.id);
    expectProblem(await get(`${mine.id}/revisions/${foreign!.id}`), 404, 'NOT_FOUND');
    expectProblem(await get(`${mine.id}/revisions/diff?from=${own!.id}&to=${foreign!.id}`), 404, 'NOT_FOUND');
    const restore = await api(site.host, 'POST', `${ADMIN}/posts/${mine.id}/revisions/${foreign!.id}/restore`, {
      token,
    });
    expectProblem(restore, 404, 'NOT_FOUND');
    expect((await postRow(mine.id))?.title).toBe('Mine');
    expect(await countRevisions(mine.id)).toBe(1);
  });

  it('is refused to a contributor once their post is published', async () => {
    const post = await createPost(site.host, site.users.contributor.token, { title: 'Mine', status: 'review' });
    await patch(post.id, { status: 'published' });
    const [, first] = await revisionsOf(post.id);
    const res = await api(site.host, 'POST', `${ADMIN}/posts/${post.id}/revisions/${first!.id}/restore`, {
      token: site.users.contributor.token,
    });
    expectProblem(res, 403, 'FORBIDDEN');
    expect(await countRevisions(post.id)).toBe(2);
  });
});
