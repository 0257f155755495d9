// The README's promise, end to end against `wrangler dev`: the demo is seeded once, the owner signs in, a post
// written through the Admin API and published appears on the site, in the feeds and in the Content API.
import { describe, expect, inject, it } from 'vitest';
import { DEMO_AUTHORS, DEMO_POSTS } from '../../scripts/demo-content';
import { DEMO_OWNER } from '../../scripts/seed';

const url = inject('ledeUrl');
const key = inject('contentKey');

async function json<T>(
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('quick start', () => {
  it('seeds the demo once, however often it runs', () => {
    expect(inject('seededTwice')).toEqual({ first: DEMO_POSTS.length, second: 0 });
  });

  it('serves the seeded site', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const newest = DEMO_POSTS.filter((p) => p.type === 'post' && p.status === 'published').sort(
      (a, b) => a.daysAgo - b.daysAgo,
    )[0]!;
    expect(html).toContain(`/${encodeURIComponent(newest.slug)}/`);
  });

  it('lets the demo owner sign in and lists every demo author once', async () => {
    const session = await json<{ access_token: string }>('/api/v1/admin/session', {
      method: 'POST',
      body: JSON.stringify(DEMO_OWNER),
    });
    expect(session.status).toBe(200);
    const users = await json<{ users: { email: string }[] }>('/api/v1/admin/users', {
      token: session.body.access_token,
    });
    expect(users.body.users.map((u) => u.email).sort()).toEqual(DEMO_AUTHORS.map((a) => a.email).sort());
  });

  it('publishes a post written through the Admin API to the site, the feeds and the Content API', async () => {
    const author = DEMO_AUTHORS.find((a) => a.role === 'author')!;
    const session = await json<{ access_token: string }>('/api/v1/admin/session', {
      method: 'POST',
      body: JSON.stringify({ email: author.email, password: DEMO_OWNER.password }),
    });
    const token = session.body.access_token;
    const title = `Field notes ${Date.now()}`;
    const draft = await json<{ post: { id: string; slug: string; version: number } }>('/api/v1/admin/posts', {
      method: 'POST',
      token,
      body: JSON.stringify({ title, markdown: 'Written *end to end*.', tags: ['Guides'] }),
    });
    expect(draft.status).toBe(201);
    const { slug, id } = draft.body.post;
    expect((await fetch(`${url}/${slug}/`)).status).toBe(404);

    const published = await fetch(`${url}/api/v1/admin/posts/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'if-match': '"1"' },
      body: JSON.stringify({ status: 'published' }),
    });
    expect(published.status).toBe(200);

    const page = await fetch(`${url}/${slug}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<em>end to end</em>');
    expect(await (await fetch(`${url}/rss/`)).text()).toContain(title);
    const content = await json<{ posts: { title: string }[] }>(`/api/v1/content/posts/slug/${slug}/?key=${key}`);
    expect(content.status).toBe(200);
    expect(content.body.posts[0]!.title).toBe(title);

    // Deleting it takes it off the site again (and leaves the shared demo state as the other suites expect).
    const deleted = await fetch(`${url}/api/v1/admin/posts/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);
    expect((await fetch(`${url}/${slug}/`)).status).toBe(404);
  });
});
