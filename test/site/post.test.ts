// A post's page: its content and meta, every SEO tag escaped for its context, members-only bodies withheld, and
// author-supplied Markdown unable to run script.
import { describe, expect, it } from 'vitest';
import { api, createTestSite } from '../helpers';
import { gatedMarkdown, get, metaOf, readHead, write } from './helpers';

const HOSTILE_TITLE = `Fish "&" chips <b>bold</b> </script><script>alert(1)</script>`;
// U+2028 and U+2029 end lines in older JavaScript parsers, so JSON-LD must carry them escaped too.
const DESCRIPTION = 'Line\u2028and\u2029paragraph <separators> & more';

describe('post page', () => {
  it('renders the post with its meta, linked authors, tags and categories', async () => {
    const site = await createTestSite('post');
    const category = await api(site.host, 'POST', '/api/v1/admin/categories', {
      token: site.users.editor.token,
      body: { name: 'Guides' },
    });
    expect(category.status).toBe(201);
    const post = await write(site, {
      title: 'Hello 世界',
      markdown: `# Heading\n\n${'Plenty of words here. '.repeat(300)}`,
      tags: ['News', 'Deep Dives'],
      categories: ['guides'],
      feature_image: 'https://images.example/cover.jpg',
      feature_image_alt: 'A harbour at dawn',
      feature_image_caption: 'Photo <by> me',
    });
    expect(post.slug).toBe('hello-世界');

    const page = await get(site.host, `/${encodeURIComponent(post.slug)}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(page.text).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(page.text).toContain('<h1>Hello 世界</h1>');
    expect(page.text).toContain('<div class="content"><h1>Heading</h1>');
    expect(page.text).toContain('<a class="skip-link" href="#main">');
    expect(page.text).toContain('<main id="main" tabindex="-1">');
    expect(page.text).toMatch(/<time datetime="2024-01-01T\d\d:00:00\.000Z">January 1, 2024<\/time>/);
    expect(page.text).toMatch(/\d+ min read/);
    expect(page.text).toContain(
      `<a href="/author/${post.authors[0]!.slug}/" rel="author">${post.authors[0]!.name}</a>`,
    );
    expect(page.text).toContain('<a href="/tag/news/">News</a>');
    expect(page.text).toContain('<a href="/tag/deep-dives/">Deep Dives</a>');
    expect(page.text).toContain('<a href="/category/guides/">Guides</a>');
    expect(page.text).toContain('<img src="https://images.example/cover.jpg" alt="A harbour at dawn"/>');
    expect(page.text).toContain('<figcaption>Photo &lt;by&gt; me</figcaption>');
    // No script anywhere but JSON-LD, and no staff email.
    const head = await readHead(page.text);
    expect(head.scriptTypes).toEqual(['application/ld+json']);
    expect(page.text).not.toContain(site.users.editor.email);
  });

  it('lists authors and tags in the order the post gives them, read in the same statement as the post', async () => {
    const site = await createTestSite('post-order');
    const post = await write(site, {
      title: 'Ordered',
      // Neither alphabetical nor by id: the post's own order.
      authors: [site.users.owner.id, site.users.editor.id, site.users.author.id].reverse(),
      tags: ['Zebra', 'Apple', 'Mango'],
    });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.status).toBe(200);
    const at = (text: string) => page.text.indexOf(text);
    const authorLinks = post.authors.map((a) => at(`<a href="/author/${a.slug}/" rel="author">`));
    expect(authorLinks.every((i) => i > 0)).toBe(true);
    expect(authorLinks).toEqual([...authorLinks].sort((a, b) => a - b));
    expect(post.authors.map((a) => a.id)).toEqual([site.users.author.id, site.users.editor.id, site.users.owner.id]);
    const tagLinks = ['zebra', 'apple', 'mango'].map((slug) => at(`<a href="/tag/${slug}/">`));
    expect(tagLinks.every((i) => i > 0)).toBe(true);
    expect(tagLinks).toEqual([...tagLinks].sort((a, b) => a - b));
  });

  it('emits every SEO tag, escaped for its context', async () => {
    const site = await createTestSite('seo');
    const post = await write(site, {
      title: HOSTILE_TITLE,
      markdown: 'Body text.',
      meta_description: DESCRIPTION,
      tags: ['News & Views', '#hidden'],
      feature_image: 'https://images.example/a.jpg?x=1&y=2',
      feature_image_alt: 'Alt "text"',
    });
    const url = `http://${site.host}/${encodeURIComponent(post.slug)}/`;
    const page = await get(site.host, `/${encodeURIComponent(post.slug)}/`);
    expect(page.status).toBe(200);
    // The hostile title never appears as markup, only escaped.
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain('<b>bold</b>');
    expect(page.text).toContain('Fish &quot;&amp;&quot; chips &lt;b&gt;bold&lt;/b&gt; &lt;/script&gt;');

    const head = await readHead(page.text);
    expect(head.title).toBe(HOSTILE_TITLE);
    expect(metaOf(head, 'description')).toBe(DESCRIPTION);
    expect(head.links.find((l) => l.rel === 'canonical')?.href).toBe(url);
    expect(metaOf(head, 'og:type')).toBe('article');
    expect(metaOf(head, 'og:title')).toBe(HOSTILE_TITLE);
    expect(metaOf(head, 'og:description')).toBe(DESCRIPTION);
    expect(metaOf(head, 'og:url')).toBe(url);
    expect(metaOf(head, 'og:image')).toBe('https://images.example/a.jpg?x=1&y=2');
    expect(metaOf(head, 'og:image:alt')).toBe('Alt "text"');
    expect(metaOf(head, 'og:site_name')).toMatch(/^Site seo-/);
    expect(metaOf(head, 'article:published_time')).toMatch(/^2024-01-01T/);
    expect(head.meta.get('article:tag')).toEqual(['News & Views']);
    expect(metaOf(head, 'twitter:card')).toBe('summary_large_image');
    expect(metaOf(head, 'twitter:title')).toBe(HOSTILE_TITLE);
    expect(metaOf(head, 'twitter:image')).toBe('https://images.example/a.jpg?x=1&y=2');
    for (const type of ['application/rss+xml', 'application/atom+xml', 'application/feed+json']) {
      expect(head.links.find((l) => l.rel === 'alternate' && l.type === type)?.href).toMatch(/^http:\/\//);
    }

    expect(head.jsonLd).toHaveLength(1);
    const raw = head.jsonLd[0]!;
    expect(raw).not.toMatch(/[<>\u2028\u2029]/);
    expect(raw).toContain('\\u003c/script\\u003e');
    const ld = JSON.parse(raw);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: HOSTILE_TITLE,
      description: DESCRIPTION,
      image: 'https://images.example/a.jpg?x=1&y=2',
      keywords: 'News & Views',
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      publisher: { '@type': 'Organization', url: `http://${site.host}/` },
      author: [{ '@type': 'Person', name: post.authors[0]!.name }],
    });
    expect(ld.datePublished).toMatch(/^2024-01-01T/);
    expect(ld.dateModified).toEqual(expect.any(String));
    // The internal tag appears nowhere.
    expect(page.text).not.toMatch(/#hidden|hash-hidden/);
  });

  it('prefers the SEO fields an editor set, and a canonical URL elsewhere', async () => {
    const site = await createTestSite('seo-fields');
    const post = await write(site, {
      title: 'Plain title',
      custom_excerpt: 'A custom excerpt.',
      meta_title: 'Meta title',
      meta_description: 'Meta description',
      og_title: 'OG title',
      twitter_description: 'Tweet description',
      canonical_url: 'https://elsewhere.example/original/',
    });
    const page = await get(site.host, `/${post.slug}/`);
    const head = await readHead(page.text);
    expect(head.title).toBe('Meta title');
    expect(metaOf(head, 'description')).toBe('Meta description');
    expect(metaOf(head, 'og:title')).toBe('OG title');
    expect(metaOf(head, 'twitter:description')).toBe('Tweet description');
    expect(metaOf(head, 'twitter:card')).toBe('summary');
    expect(head.links.find((l) => l.rel === 'canonical')?.href).toBe('https://elsewhere.example/original/');
    expect(page.text).toContain('<p class="lede">A custom excerpt.</p>');
  });

  it('shows members-only and paid posts as title, excerpt and a notice, never the body', async () => {
    const site = await createTestSite('members');
    const members = await write(site, {
      title: 'For members',
      custom_excerpt: 'The teaser.',
      markdown: 'SECRET-MEMBERS-BODY',
      visibility: 'members',
    });
    // Without a custom excerpt the first words are the teaser; the rest of the body stays withheld.
    const paid = await write(site, {
      title: 'For payers',
      markdown: gatedMarkdown('SECRET-PAID-BODY'),
      visibility: 'paid',
    });
    const page = await get(site.host, `/${members.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>For members</h1>');
    expect(page.text).toContain('The teaser.');
    expect(page.text).toContain('This post is for members only');
    expect(page.text).not.toContain('SECRET-MEMBERS-BODY');
    const ld = JSON.parse((await readHead(page.text)).jsonLd[0]!);
    expect(ld.isAccessibleForFree).toBe(false);

    const paidPage = await get(site.host, `/${paid.slug}/`);
    expect(paidPage.text).toContain('This post is for paying subscribers only');
    expect(paidPage.text).toContain('Opening words. Opening words.');
    expect(paidPage.text).not.toContain('SECRET-PAID-BODY');
    expect(paidPage.text).not.toContain('<div class="content">');

    for (const feed of ['/rss/', '/atom.xml', '/feed.json']) {
      const text = (await get(site.host, feed)).text;
      expect(text, feed).toContain('members only');
      expect(text, feed).not.toContain('SECRET-MEMBERS-BODY');
      expect(text, feed).not.toContain('SECRET-PAID-BODY');
    }
  });

  it('strips script from Markdown: javascript: links, event handlers, script, iframe srcdoc, svg onload', async () => {
    const site = await createTestSite('xss');
    const post = await write(site, {
      title: 'Payloads',
      markdown: [
        '[click me](javascript:alert(1))',
        '<a href="JaVaScRiPt:alert(2)">two</a>',
        '<img src="x" onerror="alert(3)">',
        '<script>alert(4)</script>',
        '<iframe srcdoc="<script>alert(5)</script>"></iframe>',
        '<svg onload="alert(6)"><circle r="1"/></svg>',
        '<p style="background:url(javascript:alert(7))" onclick="alert(8)">styled</p>',
        '<form action="https://evil.example"><button formaction="javascript:alert(9)">go</button></form>',
      ].join('\n\n'),
    });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.status).toBe(200);
    const body = page.text.toLowerCase();
    for (const banned of [
      'javascript:',
      'onerror',
      'onload',
      'onclick',
      '<iframe',
      'srcdoc',
      '<svg',
      'alert(',
      '<form',
    ]) {
      expect(body, banned).not.toContain(banned);
    }
    expect((await readHead(page.text)).scriptTypes).toEqual(['application/ld+json']);
    expect(page.text).toContain('click me');
    // Defence in depth: even if something slipped through, the page may not run script.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
