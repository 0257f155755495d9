// What must never come from a shared cache: drafts and previews, the editor app's data, anything personal or with
// Set-Cookie, errors. And what the cache must get right when it does answer: conditional requests, HEAD, queries.
import { describe, expect, it } from 'vitest';
import { PUBLIC_CACHE_CONTROL } from '../../workers/http/public-cache';
import { cacheKey, edgeTtl, isReaderPath, readerOf } from '../../workers/cache/edge-cache';
import { api, createTestSite } from '../helpers';
import { get, write } from '../site/helpers';
import { cached, cacheOf } from './support';

describe('never cached', { timeout: 60_000 }, () => {
  it('a draft is a 404 that is not kept, so its page appears the moment it is published', async () => {
    const site = await createTestSite('never-draft');
    const draft = await write(site, { title: 'Secret draft', status: 'draft' });
    for (let i = 0; i < 3; i++) {
      const page = await get(site.host, `/${draft.slug}/`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain('Secret draft');
      expect(cacheOf(page)).toBe('bypass');
      expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    }
  });

  it('previews and every Admin API answer (the editor app’s data) are no-store and never enter the cache', async () => {
    const site = await createTestSite('never-admin');
    const draft = await write(site, { title: 'Preview me', status: 'draft' });
    const token = site.users.editor.token;
    const preview = await api(site.host, 'POST', `/api/v1/admin/posts/${draft.id}/preview`, {
      token,
      body: { markdown: 'Unsaved *words*' },
    });
    expect(preview.status).toBe(200);
    for (const path of ['/api/v1/admin/posts', `/api/v1/admin/posts/${draft.id}`, '/api/v1/admin/site']) {
      const first = await api(site.host, 'GET', path, { token });
      const second = await api(site.host, 'GET', path, { token });
      for (const res of [preview, first, second]) {
        expect(res.headers.get('cache-control'), path).toBe('no-store');
        expect(cacheOf(res), path).toBeNull();
        expect(res.headers.get('cache-tag'), path).toBeNull();
      }
    }
  });

  it('a request that carries a person (Authorization, a Lede cookie) is answered fresh and not stored', async () => {
    const site = await createTestSite('never-personal');
    const post = await write(site, { title: 'Public post' });
    const people: Record<string, string>[] = [
      { authorization: `Bearer ${site.users.owner.token}` },
      { cookie: 'a=1; lede_member=xyz' },
    ];
    for (const headers of people) {
      const page = await get(site.host, `/${post.slug}/`, headers);
      expect(page.status).toBe(200);
      expect(cacheOf(page)).toBe('bypass');
    }
    // Other cookies (analytics, consent banners) do not make a page personal.
    await cached(site.host, `/${post.slug}/`, { cookie: 'consent=yes' });
    // The Content API reads no cookie: a member's, which a browser sends with a theme's same-site calls, changes
    // nothing, so that call is served from (and into) the public copy. Authorization still passes it by.
    const api = `/api/v1/content/posts/?key=${site.contentKey}`;
    await cached(site.host, api, { cookie: 'lede_member=lede_rt_x' });
    expect(cacheOf(await get(site.host, api))).toBe('hit');
    expect(cacheOf(await get(site.host, api, { cookie: 'lede_member=x; lede_session=1' }))).toBe('bypass');
  });

  it('members-only posts are cached per visibility: every anonymous reader gets the same gated page', async () => {
    const site = await createTestSite('never-members');
    const post = await write(site, {
      title: 'For members',
      visibility: 'members',
      custom_excerpt: 'A teaser for everyone.',
      markdown: 'Only for members.',
    });
    const page = await cached(site.host, `/${post.slug}/`);
    expect(page.text).toContain('A teaser for everyone.');
    expect(page.text).not.toContain('Only for members.');
  });

  it('refuses to store what is personal, private, an error or uncacheable', () => {
    const response = (status: number, headers: Record<string, string>) =>
      new Response(status === 304 ? null : 'x', { status, headers });
    const publicCc = { 'cache-control': PUBLIC_CACHE_CONTROL };
    expect(edgeTtl(response(200, publicCc))).toBe(300);
    expect(edgeTtl(response(200, { ...publicCc, 'set-cookie': 'a=b' }))).toBeUndefined();
    expect(edgeTtl(response(200, { 'cache-control': 'private, max-age=60' }))).toBeUndefined();
    expect(edgeTtl(response(200, { 'cache-control': 'no-store' }))).toBeUndefined();
    expect(edgeTtl(response(200, { 'cache-control': 'public, no-cache, s-maxage=60' }))).toBeUndefined();
    expect(edgeTtl(response(200, { ...publicCc, vary: '*' }))).toBeUndefined();
    expect(edgeTtl(response(200, {}))).toBeUndefined();
    for (const status of [301, 304, 404, 500, 503])
      expect(edgeTtl(response(status, publicCc)), `${status}`).toBeUndefined();
    const readerWith = (headers: Record<string, string>) => readerOf(new Request('http://x/', { headers }));
    expect(readerWith({ cookie: 'lede_session=1' })).toBe('personal');
    expect(readerWith({ cookie: 'theme=dark' })).toBe('anonymous');
    // A member's cookie alone gets the members' copy (test/site/members.test.ts); anything more is answered fresh.
    expect(readerWith({ cookie: 'theme=dark; lede_member=lede_rt_x' })).toBe('member');
    expect(readerWith({ cookie: 'lede_member=lede_rt_x; lede_session=1' })).toBe('personal');
    expect(readerWith({ cookie: 'lede_member=lede_rt_x', authorization: 'Bearer x' })).toBe('personal');
    expect(readerWith({ cookie: 'not_lede_member=1' })).toBe('anonymous');
    for (const path of ['/api/v1/admin/posts', '/ghost/api/admin/x', '/media/abc/x.png', '/admin/', '/__bench/floor']) {
      expect(isReaderPath(path), path).toBe(false);
    }
    for (const path of ['/', '/a-post/', '/rss/', '/api/v1/content/posts/', '/ghost/api/content/tags/']) {
      expect(isReaderPath(path), path).toBe(true);
    }
  });
});

describe('serving from the cache', { timeout: 60_000 }, () => {
  it('answers If-None-Match from the cache with a 304 that keeps Cache-Control and the ETag', async () => {
    const site = await createTestSite('serve-304');
    const post = await write(site, { title: 'Conditional' });
    const hit = await cached(site.host, `/${post.slug}/`);
    const etag = hit.headers.get('etag')!;
    const again = await get(site.host, `/${post.slug}/`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(cacheOf(again)).toBe('hit');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(again.headers.get('content-type')).toBeNull();
  });

  it('serves the reader’s Cache-Control, Cache-Tags and security headers on a hit, never the stored copy’s own', async () => {
    const site = await createTestSite('serve-headers');
    const post = await write(site, { title: 'Headers' });
    const hit = await cached(site.host, `/${post.slug}/`);
    expect(hit.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(hit.headers.get('cache-tag')).toContain(`lede:${site.siteId}:post:${post.id}`);
    expect(hit.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(hit.headers.get('strict-transport-security')).toBeTruthy();
    expect(hit.headers.get('x-lede-stored-at')).toBeNull();
    expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('a query string cannot bust the cache of a page; Content API queries are keyed, in any order', async () => {
    const site = await createTestSite('serve-query');
    const post = await write(site, { title: 'Query' });
    await cached(site.host, `/${post.slug}/`);
    expect(cacheOf(await get(site.host, `/${post.slug}/?utm_source=x&r=${Math.random()}`))).toBe('hit');
    const a = cacheKey(new URL(`http://h/api/v1/content/posts/?key=k&limit=5&include=tags`));
    const b = cacheKey(new URL(`http://h/api/v1/content/posts/?include=tags&limit=5&key=k`));
    expect(a).toBe(b);
    expect(cacheKey(new URL('http://h/a-post/?x=1'))).toBe('http://h/a-post/');
    // A site page whose path merely contains "/api/" is a page: no query, so none can name the members' copy.
    expect(cacheKey(new URL('http://h/tag/api/?lede_audience=members'))).toBe('http://h/tag/api/');
  });

  it('answers HEAD from the same entry as GET', async () => {
    const site = await createTestSite('serve-head');
    const post = await write(site, { title: 'Head' });
    await cached(site.host, `/${post.slug}/`);
    const { SELF } = await import('cloudflare:test');
    const res = await SELF.fetch(`http://${site.host}/${post.slug}/`, { method: 'HEAD', headers: { host: site.host } });
    expect(res.status).toBe(200);
    expect(cacheOf(res)).toBe('hit');
    expect(await res.text()).toBe('');
  });

  it('a Content API answer with a wrong key is not stored', async () => {
    const site = await createTestSite('serve-key');
    for (let i = 0; i < 2; i++) {
      const res = await api(site.host, 'GET', '/api/v1/content/posts/?key=0123456789abcdef0123456789');
      expect(res.status).toBe(401);
      expect(cacheOf(res)).toBe('bypass');
    }
  });
});
