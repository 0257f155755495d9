// The home page and what may appear on it: published posts only, newest first, paginated; pages elsewhere.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestSite } from '../helpers';
import { change, get, metaOf, readHead, write } from './helpers';

const titlesOn = (html: string) => [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

describe('home page', () => {
  it('lists published posts newest first, ten a page, and 404s past the end', async () => {
    const site = await createTestSite('home');
    for (let i = 1; i <= 12; i++) await write(site, { title: `Post ${i}` });

    const first = await get(site.host, '/');
    expect(first.status).toBe(200);
    expect(titlesOn(first.text)).toEqual([
      'Post 12',
      'Post 11',
      'Post 10',
      'Post 9',
      'Post 8',
      'Post 7',
      'Post 6',
      'Post 5',
      'Post 4',
      'Post 3',
    ]);
    expect(first.text).toContain('<nav class="pagination" aria-label="Pagination">');
    expect(first.text).toContain('<a href="/page/2/" rel="next">');
    const head = await readHead(first.text);
    expect(head.title).toMatch(/^Site home-/);
    expect(metaOf(head, 'og:type')).toBe('website');
    expect(head.links.find((l) => l.rel === 'next')?.href).toBe(`http://${site.host}/page/2/`);
    expect(JSON.parse(head.jsonLd[0]!)).toMatchObject({ '@type': 'WebSite', url: `http://${site.host}/` });

    const second = await get(site.host, '/page/2/');
    expect(second.status).toBe(200);
    expect(titlesOn(second.text)).toEqual(['Post 2', 'Post 1']);
    expect(second.text).toContain('<a href="/" rel="prev">');
    expect((await readHead(second.text)).links.find((l) => l.rel === 'canonical')?.href).toBe(
      `http://${site.host}/page/2/`,
    );

    expect((await get(site.host, '/page/3/')).status).toBe(404);
    expect((await get(site.host, '/page/0/')).status).toBe(404);
    expect((await get(site.host, '/page/two/')).status).toBe(404);
    const one = await get(site.host, '/page/1/');
    expect(one.status).toBe(301);
    expect(one.headers.get('location')).toBe(`http://${site.host}/`);
  });

  it('never shows drafts, posts in review, scheduled, archived or future-dated posts', async () => {
    const site = await createTestSite('statuses');
    await write(site, { title: 'Visible post' });
    const hidden = [
      await write(site, { title: 'Draft post', status: 'draft' }),
      await write(site, { title: 'Review post', status: 'review' }, { as: 'contributor' }),
      await write(site, { title: 'Scheduled post', status: 'scheduled', scheduled_at: '2099-01-01T00:00:00Z' }),
      await write(site, { title: 'Archived post' }),
      await write(site, { title: 'Future post' }),
    ];
    await change(site, hidden[3]!.id, { status: 'archived' });
    await change(site, hidden[4]!.id, { published_at: '2099-01-01T00:00:00Z' });

    const home = await get(site.host, '/');
    expect(titlesOn(home.text)).toEqual(['Visible post']);
    for (const post of hidden) {
      expect(home.text).not.toContain(post.title);
      expect((await get(site.host, `/${post.slug}/`)).status, post.title).toBe(404);
    }
  });

  it('shows an empty home page for a new site, and nothing of any other site', async () => {
    const other = await createTestSite('other');
    await write(other, { title: 'Someone else’s post' });
    const site = await createTestSite('empty');
    const home = await get(site.host, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Nothing has been published yet.');
    expect(home.text).not.toContain('Someone else’s post');
    expect((await get(site.host, '/someone-elses-post/')).status).toBe(404);
  });

  it('keeps pages out of the list and the feeds, but serves them at their slug', async () => {
    const site = await createTestSite('pages');
    await write(site, { title: 'A post' });
    const about = await write(site, { title: 'About us', markdown: 'We write things.' }, { type: 'pages' });
    const home = await get(site.host, '/');
    expect(titlesOn(home.text)).toEqual(['A post']);
    for (const feed of ['/rss/', '/atom.xml', '/feed.json']) {
      expect((await get(site.host, feed)).text, feed).not.toContain('About us');
    }
    const page = await get(site.host, `/${about.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>About us</h1>');
    expect(page.text).toContain('We write things.');
    expect(JSON.parse((await readHead(page.text)).jsonLd[0]!)['@type']).toBe('Article');
    expect((await get(site.host, '/sitemap.xml')).text).toContain(`<loc>http://${site.host}/${about.slug}/</loc>`);
  });
});

describe('site chrome', () => {
  it('renders the site’s navigation and accent colour, dropping anything unsafe', async () => {
    const site = await createTestSite('chrome');
    const about = await write(site, { title: 'About' }, { type: 'pages' });
    // No API edits a site's settings yet, so the row is written directly, as a future settings screen would.
    const navigation = [
      { label: 'About', url: `/${about.slug}/` },
      { label: 'Elsewhere', url: 'https://elsewhere.example/' },
      { label: 'Trap', url: 'javascript:alert(1)' },
      { label: 'Other host', url: '//evil.example/' },
    ];
    await env.DB.prepare('UPDATE sites SET navigation = ?, accent_color = ?, locale = ? WHERE id = ?')
      .bind(JSON.stringify(navigation), 'red;}</style><script>alert(1)</script>', 'de', site.siteId)
      .run();

    const page = await get(site.host, `/${about.slug}/`);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('<nav class="site-nav" aria-label="Main">');
    expect(page.text).toContain(`<a href="/${about.slug}/" aria-current="page">About</a>`);
    expect(page.text).toContain('<a href="https://elsewhere.example/">Elsewhere</a>');
    expect(page.text).not.toContain('Trap');
    expect(page.text).not.toContain('evil.example');
    expect(page.text).not.toContain('alert(1)');
    expect(page.text).toContain(':root{--accent:#ff1a75}');
    expect((await readHead(page.text)).scriptTypes).toEqual(['application/ld+json']);
  });
});

describe('answers on the edges', () => {
  it('301s a path without its trailing slash, keeping the query', async () => {
    const site = await createTestSite('slash');
    const post = await write(site, { title: 'Slashed' });
    for (const [from, to] of [
      [`/${post.slug}`, `/${post.slug}/`],
      [`/${post.slug}?ref=x`, `/${post.slug}/?ref=x`],
      ['/tag/news', '/tag/news/'],
      ['/page/2', '/page/2/'],
      ['/rss', '/rss/'],
      ['//evil-example', '//evil-example/'],
    ]) {
      const res = await get(site.host, from!);
      expect(res.status, from).toBe(301);
      // Always absolute on the request's origin, never protocol-relative.
      expect(res.headers.get('location'), from).toBe(`http://${site.host}${to}`);
      expect(res.headers.get('cache-control'), from).toBeTruthy();
    }
  });

  it('answers an unknown host with a plain HTML 404 that shows nothing of any site', async () => {
    const site = await createTestSite('known');
    const post = await write(site, { title: 'Known post' });
    for (const path of ['/', `/${post.slug}/`, '/rss/', '/sitemap.xml', `/${post.slug}`]) {
      const res = await get('nobody-here.test', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=UTF-8');
      expect(res.headers.get('cache-control'), path).toBeTruthy();
      expect(res.text, path).toContain('Page not found');
      expect(res.text, path).not.toContain('Known post');
      expect(res.text, path).not.toContain(site.host);
      expect(res.text, path).not.toMatch(/Site known-/);
    }
  });

  it('answers unknown paths with a styled 404 page of the site', async () => {
    const site = await createTestSite('missing');
    const res = await get(site.host, '/no/such/thing/');
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/^<!DOCTYPE html>/);
    expect(res.text).toContain('<h1>Page not found</h1>');
    expect(res.text).toContain('<style>');
    expect(metaOf(await readHead(res.text), 'robots')).toBe('noindex');
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  it('sends a strong ETag and explicit Cache-Control, and 304s a matching If-None-Match', async () => {
    const site = await createTestSite('etag');
    const post = await write(site, { title: 'Cached' });
    for (const path of ['/', `/${post.slug}/`, '/rss/', '/atom.xml', '/feed.json', '/sitemap.xml', '/robots.txt']) {
      const res = await get(site.host, path);
      expect(res.status, path).toBe(200);
      const etag = res.headers.get('etag');
      expect(etag, path).toMatch(/^"[0-9a-f]+"$/);
      expect(res.headers.get('cache-control'), path).toMatch(/^public, max-age=0, s-maxage=300/);
      const again = await get(site.host, path, { 'if-none-match': etag! });
      expect(again.status, path).toBe(304);
      expect(again.text, path).toBe('');
      expect(again.headers.get('cache-control'), path).toMatch(/^public, max-age=0, s-maxage=300/);
      expect(again.headers.get('etag'), path).toBe(etag);
    }
    // The ETag follows the content: an edit changes it.
    const before = (await get(site.host, '/')).headers.get('etag');
    await change(site, post.id, { title: 'Cached, edited' });
    const after = await get(site.host, '/', { 'if-none-match': before! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });
});
