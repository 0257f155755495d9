// RSS, Atom, JSON Feed, the sitemap and robots.txt: valid structure, correct types, escaping, and only live posts.
import { describe, expect, it } from 'vitest';
import { createTestSite } from '../helpers';
import { change, expectWellFormedXml, get, readHead, write, xmlTexts } from './helpers';

// "&" and "<" break XML unless escaped; U+0001 and U+FFFF are not allowed in XML at all, even escaped.
const TRICKY_TITLE = 'Fish & chips <i>now</i> "quoted" \u0001\uFFFF';
const CLEAN_TITLE = 'Fish & chips <i>now</i> "quoted" ';

describe('feeds', () => {
  it('serve the newest twenty published posts as RSS 2.0, Atom 1.0 and JSON Feed 1.1', async () => {
    const site = await createTestSite('feeds');
    for (let i = 1; i <= 21; i++) await write(site, { title: `Feed post ${i}`, tags: ['Feedable', '#internal'] });
    const tricky = await write(site, {
      title: TRICKY_TITLE,
      markdown: 'Body with <b>bold</b> & an [a link](https://example.com/?a=1&b=2).',
    });
    const draft = await write(site, { title: 'Draft in feed', status: 'draft' });
    const origin = `http://${site.host}`;

    const rss = await get(site.host, '/rss/');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expectWellFormedXml(rss.text);
    expect(rss.text).toContain(`<atom:link href="${origin}/rss/" rel="self" type="application/rss+xml"/>`);
    expect(rss.text).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    const rssTitles = xmlTexts(rss.text, 'title');
    expect(rssTitles).toHaveLength(21); // the channel and twenty items
    expect(rssTitles[1]).toBe(CLEAN_TITLE);
    expect(rssTitles).not.toContain('Feed post 1');
    expect(rss.text).not.toContain('Draft in feed');
    expect(rss.text).not.toContain('#internal');
    // Each item names its public tags and its authors: the nineteen feed posts among the twenty carry the tag.
    expect(rss.text.match(/<category>Feedable<\/category>/g)).toHaveLength(19);
    expect(rss.text.match(/<dc:creator>[^<]+<\/dc:creator>/g)).toHaveLength(20);
    expect(xmlTexts(rss.text, 'link')[1]).toBe(`${origin}/${tricky.slug}/`);
    const [encoded] = xmlTexts(rss.text, 'content:encoded');
    expect(encoded).toBe(
      '<p>Body with <b>bold</b> &#x26; an <a href="https://example.com/?a=1&#x26;b=2">a link</a>.</p>',
    );
    expect(xmlTexts(rss.text, 'pubDate')[0]).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);

    const atom = await get(site.host, '/atom.xml');
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expectWellFormedXml(atom.text);
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.text).toContain(`<link rel="self" type="application/atom+xml" href="${origin}/atom.xml"/>`);
    expect(xmlTexts(atom.text, 'id')[1]).toBe(`urn:uuid:${tricky.id}`);
    expect(xmlTexts(atom.text, 'title')[1]).toBe(CLEAN_TITLE);
    expect(xmlTexts(atom.text, 'entry')).toHaveLength(20);
    expect(xmlTexts(atom.text, 'updated')[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(atom.text).not.toContain('Draft in feed');

    const json = await get(site.host, '/feed.json');
    expect(json.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(json.text);
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      home_page_url: `${origin}/`,
      feed_url: `${origin}/feed.json`,
    });
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]).toMatchObject({
      id: tricky.id,
      url: `${origin}/${tricky.slug}/`,
      title: TRICKY_TITLE,
      tags: [],
      date_published: expect.stringMatching(/^2024-/),
    });
    expect(feed.items[1].tags).toEqual(['Feedable']);
    expect(json.text).not.toContain(draft.title);
  });

  it('drop a post as soon as it leaves the published state', async () => {
    const site = await createTestSite('unpublish');
    const post = await write(site, { title: 'Soon gone' });
    expect((await get(site.host, '/rss/')).text).toContain('Soon gone');
    await change(site, post.id, { status: 'draft' });
    for (const path of ['/rss/', '/atom.xml', '/feed.json', '/sitemap.xml']) {
      expect((await get(site.host, path)).text, path).not.toContain(post.slug);
    }
  });

  it('are linked from the head of every page', async () => {
    const site = await createTestSite('alternates');
    const post = await write(site, { title: 'Linked', tags: ['Linked Tag'] });
    for (const path of ['/', `/${post.slug}/`, '/tag/linked-tag/', '/missing/']) {
      const { links } = await readHead((await get(site.host, path)).text);
      const alternates = links.filter((l) => l.rel === 'alternate').map((l) => [l.type, l.href]);
      expect(alternates, path).toEqual([
        ['application/rss+xml', `http://${site.host}/rss/`],
        ['application/atom+xml', `http://${site.host}/atom.xml`],
        ['application/feed+json', `http://${site.host}/feed.json`],
      ]);
    }
  });
});

describe('sitemap and robots', () => {
  it('list home, posts, pages, public tags and authors with lastmod, and nothing unpublished', async () => {
    const site = await createTestSite('sitemap');
    const post = await write(site, { title: TRICKY_TITLE, tags: ['Maps & Charts', '#secret'] });
    const page = await write(site, { title: 'Colophon' }, { type: 'pages' });
    const draft = await write(site, { title: 'Unfinished', status: 'draft', tags: ['Draft Only'] });
    const res = await get(site.host, '/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expectWellFormedXml(res.text);
    expect(res.text).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const origin = `http://${site.host}`;
    expect(xmlTexts(res.text, 'loc').sort()).toEqual(
      [
        `${origin}/`,
        `${origin}/${post.slug}/`,
        `${origin}/${page.slug}/`,
        `${origin}/tag/maps-charts/`,
        `${origin}/author/${post.authors[0]!.slug}/`,
      ].sort(),
    );
    expect(xmlTexts(res.text, 'lastmod').every((d) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(d))).toBe(true);
    expect(res.text).not.toContain(draft.slug);
    expect(res.text).not.toContain('secret');
  });

  it('point crawlers at the sitemap', async () => {
    const site = await createTestSite('robots');
    const res = await get(site.host, '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(res.text).toContain('User-agent: *');
    expect(res.text).toContain(`Sitemap: http://${site.host}/sitemap.xml`);
  });
});
