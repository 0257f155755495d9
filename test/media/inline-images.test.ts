// Images inside a post's Markdown that are files of the site's library get srcset over the WebP variants, sizes for
// the article column, width/height from the library's row and lazy loading, in the HTML stored at save time and so
// on the site. Anything else (another host, another site's file, a wrong name, a srcset written by hand) stays plain.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { change, get, write } from '../site/helpers';
import { fetchPublic, makePng, rawUpload, text } from './support';

type Attributes = Record<string, string>;

/** Every <img> of an HTML fragment with its attributes, read by workerd's HTML parser as a browser would. */
async function images(html: string): Promise<Attributes[]> {
  const found: Attributes[] = [];
  await new HTMLRewriter()
    .on('img', { element: (el) => void found.push(Object.fromEntries([...el.attributes])) })
    .transform(new Response(html))
    .text();
  return found.map((attrs) =>
    Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, v.replace(/&#x26;|&amp;/g, '&')])),
  );
}

interface Uploaded {
  id: string;
  url: string;
  name: string;
}

async function upload(site: TestSite, bytes: Uint8Array, filename: string, contentType: string): Promise<Uploaded> {
  const res = await rawUpload(site, bytes, { token: site.users.editor.token, filename, contentType });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.media as Uploaded;
}

/** The HTML the Admin API stored for a post written with `markdown`. */
async function htmlOf(site: TestSite, markdown: string): Promise<string> {
  const post = await write(site, { title: 'Inline images', markdown });
  const res = await api(site.host, 'GET', `/api/v1/admin/posts/${post.id}`, { token: site.users.editor.token });
  return String(res.body.post.html);
}

const srcsetOf = (file: Uploaded, widths: number[], own: number) =>
  [...widths.map((w) => `/media/${file.id}/w${w}/${file.url.split('/').pop()} ${w}w`), `${file.url} ${own}w`].join(
    ', ',
  );

let site: TestSite;
let other: TestSite;
let wide: Uploaded;
let small: Uploaded;

beforeAll(async () => {
  [site, other] = await Promise.all([createTestSite('inline-images'), createTestSite('inline-images-other')]);
  wide = await upload(site, makePng(1200, 800), 'inline shot.png', 'image/png');
  small = await upload(site, makePng(400, 300), 'small.png', 'image/png');
});

describe('library images in Markdown', () => {
  it('get srcset, sizes, width, height and lazy loading, on the stored HTML and on the page', async () => {
    const post = await write(site, { title: 'Inline wide', markdown: `Before.\n\n![A shot](${wide.url})\n\nAfter.` });
    const stored = await api(site.host, 'GET', `/api/v1/admin/posts/${post.id}`, { token: site.users.editor.token });
    const expected = {
      src: wide.url,
      alt: 'A shot',
      width: '1200',
      height: '800',
      srcset: srcsetOf(wide, [320, 640, 1024], 1200),
      sizes: '(max-width: 44rem) calc(100vw - 2.5rem), 666px',
      loading: 'lazy',
      decoding: 'async',
    };
    expect(await images(String(stored.body.post.html))).toEqual([expected]);
    const page = await get(site.host, `/${post.slug}/`);
    expect((await images(page.text)).filter((img) => img.src === wide.url)).toEqual([expected]);
    // Every candidate of the srcset is served, as WebP.
    for (const candidate of expected.srcset.split(', ').slice(0, 3)) {
      const res = await fetchPublic(site, candidate.split(' ')[0]!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      await res.arrayBuffer();
    }
  });

  it('size an image narrower than the column by its own width', async () => {
    const [img] = await images(await htmlOf(site, `![](${small.url})`));
    expect(img).toMatchObject({
      width: '400',
      height: '300',
      srcset: srcsetOf(small, [320], 400),
      sizes: '(max-width: 440px) calc(100vw - 2.5rem), 400px',
    });
  });

  it("keep an author's width in raw HTML, with the height following the image's aspect ratio", async () => {
    const [byWidth, byHeight] = await images(
      await htmlOf(site, `<img src="${wide.url}" width="600" alt="w">\n\n<img src="${wide.url}" height="200" alt="h">`),
    );
    expect(byWidth).toMatchObject({
      width: '600',
      height: '400',
      sizes: '(max-width: 640px) calc(100vw - 2.5rem), 600px',
    });
    expect(byHeight).toMatchObject({
      width: '300',
      height: '200',
      sizes: '(max-width: 340px) calc(100vw - 2.5rem), 300px',
    });
    expect(byWidth!.srcset).toBe(srcsetOf(wide, [320, 640, 1024], 1200));
  });

  it('recognise an absolute URL on one of the site’s hosts, and re-render on update', async () => {
    const post = await write(site, { title: 'Inline update', markdown: 'No image yet.' });
    expect(await images(await htmlOf(site, 'No image yet.'))).toEqual([]);
    await change(site, post.id, { markdown: `![](http://${site.host}${small.url})` });
    const res = await api(site.host, 'GET', `/api/v1/admin/posts/${post.id}`, { token: site.users.editor.token });
    const [img] = await images(String(res.body.post.html));
    expect(img).toMatchObject({ src: `http://${site.host}${small.url}`, srcset: srcsetOf(small, [320], 400) });
  });

  it('serve a GIF (no variants) by its original alone', async () => {
    const gif = Uint8Array.from(atob('R0lGODlhAgADAIAAAAAAAP///yH5BAAAAAAALAAAAAACAAMAAAIDhI9WADs='), (c) =>
      c.charCodeAt(0),
    );
    const file = await upload(site, gif, 'dot.gif', 'image/gif');
    const [img] = await images(await htmlOf(site, `![](${file.url})`));
    expect(img).toMatchObject({ width: '2', height: '3', srcset: `${file.url} 2w` });
  });
});

describe('images that are not this library’s stay plain', () => {
  it.each([
    ['another host', () => `https://images.example${wide.url}`],
    ['a wrong name', () => `/media/${wide.id}/other.png`],
    ['a variant URL', () => `/media/${wide.id}/w640/inline%20shot.png`],
    ['a query string', () => `${wide.url}?v=2`],
    ['an unknown id', () => '/media/00000000-0000-4000-8000-000000000000/inline%20shot.png'],
    ['a relative path', () => wide.url.slice(1)],
  ])('%s', async (_label, src) => {
    const [img] = await images(await htmlOf(site, `![x](${src()})`));
    expect(img).toEqual({ src: src(), alt: 'x' });
  });

  it("another site's file, even on its own URL", async () => {
    const foreign = await upload(other, makePng(900, 600), 'foreign.png', 'image/png');
    const [img] = await images(await htmlOf(site, `![x](${foreign.url})`));
    expect(img).toEqual({ src: foreign.url, alt: 'x' });
  });

  it('a library file that is not an image', async () => {
    const pdf = await upload(site, text('%PDF-1.7\n0123456789abcdef'), 'doc.pdf', 'application/pdf');
    const [img] = await images(await htmlOf(site, `![x](${pdf.url})`));
    expect(img).toEqual({ src: pdf.url, alt: 'x' });
  });
});

describe('srcset written by hand', () => {
  it('never survives: a library image gets ours in its place, any other image none', async () => {
    const html = await htmlOf(
      site,
      [
        `<img src="${wide.url}" srcset="https://evil.example/big.png 2000w, javascript:alert(1) 1x" sizes="100vw" alt="a">`,
        `<img src="https://ok.example/i.png" srcset="${wide.url} 1200w" sizes="50vw" alt="b">`,
        `<picture><source srcset="https://evil.example/p.png"><img src="${small.url}" alt="c"></picture>`,
        `<picture><source srcset="${small.url} 400w"><img src="https://ok.example/j.png" alt="d"></picture>`,
      ].join('\n\n'),
    );
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<source>');
    const [ours, theirs, picture, plain] = await images(html);
    expect(ours).toMatchObject({
      srcset: srcsetOf(wide, [320, 640, 1024], 1200),
      sizes: '(max-width: 44rem) calc(100vw - 2.5rem), 666px',
    });
    expect(theirs).toEqual({ src: 'https://ok.example/i.png', alt: 'b' });
    expect(picture).toMatchObject({ srcset: srcsetOf(small, [320], 400) });
    expect(plain).toEqual({ src: 'https://ok.example/j.png', alt: 'd' });
  });
});
