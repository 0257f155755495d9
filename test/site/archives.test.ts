// Tag, category and author archives, internal tags, and old slugs that moved.
import { describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { change, get, metaOf, readHead, write } from './helpers';

const titlesOn = (html: string) => [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

async function category(site: TestSite, name: string, parentId?: string): Promise<{ id: string; slug: string }> {
  const res = await api(site.host, 'POST', '/api/v1/admin/categories', {
    token: site.users.editor.token,
    body: { name, ...(parentId ? { parent_id: parentId } : {}) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.category;
}

describe('archives', () => {
  it('lists a tag’s published posts, paginated, and 404s an unknown or unused tag', async () => {
    const site = await createTestSite('tags');
    for (let i = 1; i <= 11; i++) await write(site, { title: `Tagged ${i}`, tags: ['Field Notes'] });
    await write(site, { title: 'Untagged' });
    await write(site, { title: 'Draft tagged', status: 'draft', tags: ['Field Notes', 'Only Drafts'] });

    const page = await get(site.host, '/tag/field-notes/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Field Notes');
    expect(page.text).toContain('11 posts');
    expect(titlesOn(page.text)).toHaveLength(10);
    expect(page.text).not.toContain('Untagged');
    expect(page.text).not.toContain('Draft tagged');
    const head = await readHead(page.text);
    expect(head.title).toMatch(/^Field Notes – Site tags-/);
    expect(head.links.find((l) => l.rel === 'canonical')?.href).toBe(`http://${site.host}/tag/field-notes/`);
    expect(JSON.parse(head.jsonLd[0]!)['@type']).toBe('CollectionPage');

    const second = await get(site.host, '/tag/field-notes/page/2/');
    expect(titlesOn(second.text)).toEqual(['Tagged 1']);
    expect((await get(site.host, '/tag/field-notes/page/3/')).status).toBe(404);
    expect((await get(site.host, '/tag/field-notes/page/1/')).headers.get('location')).toBe(
      `http://${site.host}/tag/field-notes/`,
    );
    expect((await get(site.host, '/tag/no-such-tag/')).status).toBe(404);
    // A tag used only by drafts does not exist for readers.
    expect((await get(site.host, '/tag/only-drafts/')).status).toBe(404);
  });

  it('never shows internal tags to readers', async () => {
    const site = await createTestSite('internal');
    const post = await write(site, { title: 'With an internal tag', tags: ['#featured-hero', 'Public One'] });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.text).toContain('Public One');
    expect(page.text).not.toMatch(/featured-hero/);
    // The internal tag is not the post's primary tag on the page either.
    expect(page.text).toContain('<a class="label" href="/tag/public-one/">Public One</a>');
    expect((await get(site.host, '/tag/hash-featured-hero/')).status).toBe(404);
    for (const path of ['/', '/rss/', '/atom.xml', '/feed.json', '/sitemap.xml', '/tag/public-one/']) {
      expect((await get(site.host, path)).text, path).not.toMatch(/featured-hero/);
    }
  });

  it('lists a category’s posts together with those of its descendants', async () => {
    const site = await createTestSite('categories');
    const parent = await category(site, 'Travel');
    const child = await category(site, 'Europe', parent.id);
    const grandchild = await category(site, 'Lisbon', child.id);
    const sibling = await category(site, 'Food');
    await write(site, { title: 'Travel post', categories: [parent.slug] });
    await write(site, { title: 'Europe post', categories: [child.slug] });
    await write(site, { title: 'Lisbon post', categories: [grandchild.slug] });
    await write(site, { title: 'Food post', categories: [sibling.slug] });
    await write(site, { title: 'Draft Lisbon', categories: [grandchild.slug], status: 'draft' });

    expect(titlesOn((await get(site.host, '/category/travel/')).text)).toEqual([
      'Lisbon post',
      'Europe post',
      'Travel post',
    ]);
    expect(titlesOn((await get(site.host, '/category/europe/')).text)).toEqual(['Lisbon post', 'Europe post']);
    expect(titlesOn((await get(site.host, '/category/lisbon/')).text)).toEqual(['Lisbon post']);
    expect(titlesOn((await get(site.host, '/category/food/')).text)).toEqual(['Food post']);
    expect((await get(site.host, '/category/nowhere/')).status).toBe(404);
    const sitemap = (await get(site.host, '/sitemap.xml')).text;
    for (const slug of ['travel', 'europe', 'lisbon', 'food']) expect(sitemap).toContain(`/category/${slug}/</loc>`);
  });

  it('lists an author’s posts with their profile, and 404s staff without published posts', async () => {
    const site = await createTestSite('authors');
    const mine = await write(site, { title: 'By the author' }, { as: 'author' });
    await write(site, { title: 'By the editor' });
    const author = mine.authors[0]!;
    const page = await get(site.host, `/author/${author.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<h1>${author.name}`);
    expect(titlesOn(page.text)).toEqual(['By the author']);
    expect(page.text).not.toContain(site.users.author.email);
    const head = await readHead(page.text);
    expect(metaOf(head, 'og:type')).toBe('profile');
    expect(JSON.parse(head.jsonLd[0]!)).toMatchObject({ '@type': 'ProfilePage', mainEntity: { name: author.name } });
    expect((await get(site.host, `/author/no-such-person/`)).status).toBe(404);
    // The owner is staff but has published nothing: no archive, so the site does not list its staff.
    expect((await get(site.host, `/author/owner-${site.host.replace(/\.test$/, '')}/`)).status).toBe(404);
  });
});

describe('slugs', () => {
  it('301s an old slug to the post’s current URL, but never to a post readers cannot see', async () => {
    const site = await createTestSite('moved');
    const post = await write(site, { title: 'First name' });
    await change(site, post.id, { slug: 'second-name' });
    const moved = await get(site.host, `/${post.slug}/`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`http://${site.host}/second-name/`);
    expect((await get(site.host, '/second-name/')).status).toBe(200);

    await change(site, post.id, { status: 'draft' });
    expect((await get(site.host, `/${post.slug}/`)).status).toBe(404);
    expect((await get(site.host, '/second-name/')).status).toBe(404);
  });

  it('serves unicode slugs percent-encoded in every URL', async () => {
    const site = await createTestSite('unicode');
    const post = await write(site, { title: 'Hello 世界', tags: ['東京'] });
    expect(post.slug).toBe('hello-世界');
    const encoded = `/${encodeURIComponent('hello-世界')}/`;
    const page = await get(site.host, encoded);
    expect(page.status).toBe(200);
    expect((await readHead(page.text)).links.find((l) => l.rel === 'canonical')?.href).toBe(
      `http://${site.host}${encoded}`,
    );
    expect(page.text).toContain(`<a href="/tag/${encodeURIComponent('東京')}/">東京</a>`);
    expect((await get(site.host, `/tag/${encodeURIComponent('東京')}/`)).status).toBe(200);
    expect((await get(site.host, '/')).text).toContain(`<a href="${encoded}">Hello 世界</a>`);
  });
});
