// The editor's live preview: rendered and sanitized exactly like a save, nothing written, the post's read rule.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS } from '../../durable-objects/post-room/document';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let other: TestSite;
beforeAll(async () => {
  site = await createTestSite('preview');
  other = await createTestSite('preview-other');
});

const preview = (postId: string, token: string, body: unknown) =>
  api(site.host, 'POST', `${ADMIN}/posts/${postId}/preview`, { token, body });

describe('POST /posts/{id}/preview', () => {
  it('renders Markdown as a save would, sanitized, and writes nothing', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'P', markdown: 'saved' });
    const before = await postRow(post.id);
    const res = await preview(post.id, site.users.author.token, {
      markdown: '# Hello\n\n**bold**\n\n<script>alert(1)</script><img src=x onerror=alert(1)>',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.html).toContain('<h1>Hello</h1>');
    expect(res.body.html).toContain('<strong>bold</strong>');
    expect(res.body.html).not.toMatch(/<script|onerror/);
    expect(res.body.reading_time).toBe(1);
    expect(await postRow(post.id)).toEqual(before);
  });

  it('follows the post read rule: a contributor cannot preview another person’s post', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Theirs', markdown: '' });
    expect((await preview(post.id, site.users.contributor.token, { markdown: 'x' })).status).toBe(403);
    expect((await preview(post.id, site.users.editor.token, { markdown: 'x' })).status).toBe(200);
  });

  it('refuses bad input with problem+json', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: 'Bad', markdown: '' });
    expectProblem(await preview(post.id, site.users.author.token, { markdown: 1 }), 422, 'VALIDATION_FAILED');
    expectProblem(
      await preview(post.id, site.users.author.token, { markdown: 'x', site_id: other.siteId }),
      422,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await preview(post.id, site.users.author.token, { markdown: 'x'.repeat(MAX_BODY_CHARS + 1) }),
      422,
      'VALIDATION_FAILED',
    );
    expect((await preview(post.id, '', { markdown: 'x' })).status).toBe(401);
    // Another site's token, and a post of another site, are both refused.
    expect((await preview(post.id, other.users.owner.token, { markdown: 'x' })).status).toBe(401);
    const foreign = await createPost(other.host, other.users.owner.token, { title: 'Foreign', markdown: '' });
    expect((await preview(foreign.id, site.users.owner.token, { markdown: 'x' })).status).toBe(404);
  });
});
