// Every change a reader can see reaches them on the next request: each trigger purges exactly the cached answers it
// affects, through the Admin API as staff would make it, and leaves unrelated answers cached.
import { describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { change, get, write } from '../site/helpers';
import { cached, cacheOf } from './support';

const contentPath = (site: TestSite, path: string) => `/api/v1/content${path}?key=${site.contentKey}`;

async function tagId(site: TestSite, slug: string): Promise<string> {
  const res = await api(site.host, 'GET', '/api/v1/admin/tags', { token: site.users.editor.token });
  return (res.body.tags as { id: string; slug: string }[]).find((t) => t.slug === slug)!.id;
}

// Each test builds a site and warms several pages; on a busy machine that takes longer than the default.
describe('invalidation', { timeout: 60_000 }, () => {
  it('publishing shows the post on every list it belongs to, at once, and leaves other pages cached', async () => {
    const site = await createTestSite('inv-publish');
    const older = await write(site, { title: 'Older post', tags: ['Other'] });
    const lists = ['/', '/tag/news/', '/rss/', '/sitemap.xml', contentPath(site, '/posts/')];
    // The tag archive 404s until a live post has the tag: it is not cached, so it can appear at once.
    await write(site, { title: 'Seed news', tags: ['News'] });
    for (const path of [...lists, `/${older.slug}/`, '/tag/other/']) await cached(site.host, path);
    const draft = await write(site, { title: 'Fresh news', status: 'draft', tags: ['News'] });
    expect((await get(site.host, `/${draft.slug}/`)).status).toBe(404);
    await change(site, draft.id, { status: 'published', published_at: new Date().toISOString() });
    for (const path of lists) {
      const page = await get(site.host, path);
      expect(page.text, path).toContain(draft.slug);
      expect(cacheOf(page), path).toBe('miss');
    }
    expect((await get(site.host, `/${draft.slug}/`)).status).toBe(200);
    // Pages the new post does not appear on keep their cached copy.
    expect(cacheOf(await get(site.host, `/${older.slug}/`))).toBe('hit');
    expect(cacheOf(await get(site.host, '/tag/other/'))).toBe('hit');
  });

  it('editing a live post purges its page and the lists that show it', async () => {
    const site = await createTestSite('inv-update');
    const post = await write(site, { title: 'Before the edit', tags: ['Edits'] });
    const other = await write(site, { title: 'Bystander' });
    const readers = ['/', `/${post.slug}/`, '/tag/edits/', '/atom.xml', contentPath(site, `/posts/${post.id}/`)];
    for (const path of [...readers, `/${other.slug}/`]) await cached(site.host, path);
    await change(site, post.id, { title: 'After the edit' });
    for (const path of readers) {
      const page = await get(site.host, path);
      expect(page.text, path).toContain('After the edit');
      expect(page.text, path).not.toContain('Before the edit');
    }
    expect(cacheOf(await get(site.host, `/${other.slug}/`))).toBe('hit');
  });

  it('editing only the body purges the post page but not the lists', async () => {
    const site = await createTestSite('inv-body');
    const post = await write(site, { title: 'Body only', markdown: 'First words.', custom_excerpt: 'Fixed.' });
    await cached(site.host, `/${post.slug}/`);
    await cached(site.host, '/tag/nothing/').catch(() => undefined);
    const api2 = await api(site.host, 'PATCH', `/api/v1/admin/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { markdown: 'Second words.' },
    });
    expect(api2.status).toBe(200);
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.text).toContain('Second words.');
  });

  for (const [name, body] of [
    ['unpublishing', { status: 'draft' }],
    ['archiving', { status: 'archived' }],
  ] as const) {
    it(`${name} takes the post off its page and every list`, async () => {
      const site = await createTestSite('inv-status');
      const post = await write(site, { title: 'Soon hidden', tags: ['Hidden'] });
      await write(site, { title: 'Stays', tags: ['Hidden'] });
      const lists = ['/', '/tag/hidden/', '/rss/', '/feed.json', '/sitemap.xml', contentPath(site, '/posts/')];
      for (const path of [...lists, `/${post.slug}/`]) await cached(site.host, path);
      await change(site, post.id, body);
      expect((await get(site.host, `/${post.slug}/`)).status).toBe(404);
      for (const path of lists) expect((await get(site.host, path)).text, path).not.toContain(post.slug);
    });
  }

  it('a scheduled post appears on the lists when the scheduler publishes it, through the events queue', async () => {
    const site = await createTestSite('inv-scheduled');
    await write(site, { title: 'Already out' });
    const lists = ['/', '/rss/', contentPath(site, '/posts/')];
    for (const path of lists) await cached(site.host, path);
    const due = new Date(Date.now() + 1500).toISOString();
    const post = await write(site, { title: 'Right on time', status: 'scheduled', scheduled_at: due });
    // No request publishes it: the scheduler's alarm does, and its post.published event purges through the Queue.
    for (const path of lists) {
      await expect
        .poll(async () => (await get(site.host, path)).text, { timeout: 20_000, interval: 250 })
        .toContain(post.slug);
    }
  });

  it('rescheduling a scheduled post moves nothing readers can see, and purges nothing', async () => {
    const site = await createTestSite('inv-reschedule');
    const post = await write(site, { title: 'Later', status: 'scheduled', scheduled_at: '2099-01-01T00:00:00.000Z' });
    await cached(site.host, '/');
    await change(site, post.id, { scheduled_at: '2098-01-01T00:00:00.000Z' });
    expect(cacheOf(await get(site.host, '/'))).toBe('hit');
  });

  it('refuses a schedule the scheduler could not keep (past 2099) with a 422, writing nothing', async () => {
    const site = await createTestSite('inv-far-future');
    const res = await api(site.host, 'POST', '/api/v1/admin/posts', {
      token: site.users.editor.token,
      body: { title: 'Far away', status: 'scheduled', scheduled_at: '2999-01-01T00:00:00.000Z' },
    });
    expect(res.status).toBe(422);
    const list = await api(site.host, 'GET', '/api/v1/admin/posts', { token: site.users.editor.token });
    expect(list.body.posts).toEqual([]);
  });

  it('deleting a live post purges its page and the lists', async () => {
    const site = await createTestSite('inv-delete');
    const post = await write(site, { title: 'To be deleted', tags: ['Gone'] });
    await write(site, { title: 'Survivor', tags: ['Gone'] });
    const lists = ['/', '/tag/gone/', '/rss/', contentPath(site, '/posts/')];
    for (const path of [...lists, `/${post.slug}/`]) await cached(site.host, path);
    const res = await api(site.host, 'DELETE', `/api/v1/admin/posts/${post.id}`, { token: site.users.editor.token });
    expect(res.status).toBe(204);
    expect((await get(site.host, `/${post.slug}/`)).status).toBe(404);
    for (const path of lists) expect((await get(site.host, path)).text, path).not.toContain(post.slug);
  });

  it('renaming a tag purges every page that prints its name, and its archive', async () => {
    const site = await createTestSite('inv-tag');
    const post = await write(site, { title: 'Tagged', tags: ['Old Name'] });
    const other = await write(site, { title: 'Untagged' });
    const shown = [`/${post.slug}/`, '/tag/old-name/', '/rss/', contentPath(site, '/tags/')];
    for (const path of [...shown, `/${other.slug}/`]) await cached(site.host, path);
    const id = await tagId(site, 'old-name');
    const res = await api(site.host, 'PATCH', `/api/v1/admin/tags/${id}`, {
      token: site.users.editor.token,
      body: { name: 'New Name' },
    });
    expect(res.status).toBe(200);
    for (const path of shown) {
      const page = await get(site.host, path);
      expect(page.text, path).toContain('New Name');
      expect(page.text, path).not.toContain('Old Name');
    }
    expect(cacheOf(await get(site.host, `/${other.slug}/`))).toBe('hit');
  });

  it('deleting a tag purges the pages that showed it', async () => {
    const site = await createTestSite('inv-tag-delete');
    const post = await write(site, { title: 'Loses a tag', tags: ['Doomed'] });
    await cached(site.host, `/${post.slug}/`);
    const id = await tagId(site, 'doomed');
    const res = await api(site.host, 'DELETE', `/api/v1/admin/tags/${id}`, { token: site.users.editor.token });
    expect(res.status).toBe(204);
    expect((await get(site.host, `/${post.slug}/`)).text).not.toContain('Doomed');
    expect((await get(site.host, '/tag/doomed/')).status).toBe(404);
  });

  it('changing the site settings purges every page of the site, and the isolate forgets the old settings', async () => {
    const site = await createTestSite('inv-settings');
    const post = await write(site, { title: 'Any post' });
    const pages = ['/', `/${post.slug}/`, '/rss/', contentPath(site, '/settings/')];
    for (const path of pages) await cached(site.host, path);
    const res = await api(site.host, 'PATCH', '/api/v1/admin/site', {
      token: site.users.owner.token,
      body: { title: 'Renamed Gazette', navigation: [{ label: 'About us', url: '/about/' }] },
    });
    expect(res.status).toBe(200);
    for (const path of pages) expect((await get(site.host, path)).text, path).toContain('Renamed Gazette');
    expect((await get(site.host, '/')).text).toContain('About us');
  });

  it('a site settings change is refused to editors and to bad input, and nothing changes', async () => {
    const site = await createTestSite('inv-settings-refused');
    const editor = await api(site.host, 'PATCH', '/api/v1/admin/site', {
      token: site.users.editor.token,
      body: { title: 'Hijacked' },
    });
    expect(editor.status).toBe(403);
    for (const body of [
      {},
      { title: '' },
      { siteId: 'other' },
      { accent_color: 'red' },
      { navigation: [{ label: 'x', url: 'javascript:alert(1)' }] },
      { logo: 'javascript:alert(1)' },
    ]) {
      const res = await api(site.host, 'PATCH', '/api/v1/admin/site', { token: site.users.owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await get(site.host, '/')).text).not.toContain('Hijacked');
  });
});
