// The published site uses the library's variants: a feature image from the library gets srcset, sizes, width and
// height; an image from elsewhere stays a plain <img>.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { get, write } from '../site/helpers';
import { fetchPublic, makePng, rawUpload } from './support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('media-site');
});

describe('feature images on the site', () => {
  it('offer the WebP variants narrower than the original, with the size reserved', async () => {
    const up = await rawUpload(site, makePng(1200, 800), {
      token: site.users.editor.token,
      filename: 'wide cover.png',
      contentType: 'image/png',
    });
    const media = up.body.media as { id: string; url: string };
    const post = await write(site, { title: 'Library cover', feature_image: media.url, feature_image_alt: 'Cover' });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.status).toBe(200);
    const base = `/media/${media.id}`;
    const srcset = [320, 640, 1024].map((w) => `${base}/w${w}/wide%20cover.png ${w}w`).join(', ');
    expect(page.text).toContain(`srcset="${srcset}, ${base}/wide%20cover.png 1200w"`);
    expect(page.text).toContain('width="1200" height="800"');
    expect(page.text).toContain('sizes="(max-width: 44rem) calc(100vw - 2.5rem), 666px"');
    // Every candidate in the srcset is served.
    for (const w of [320, 640, 1024]) {
      const res = await fetchPublic(site, `${base}/w${w}/wide%20cover.png`);
      expect(res.headers.get('content-type')).toBe('image/webp');
      await res.arrayBuffer();
    }
  });

  it("never take another site's file, nor a URL that only holds a file's id, for the library's", async () => {
    const other = await createTestSite('media-site-other');
    const up = await rawUpload(other, makePng(900, 600), {
      token: other.users.editor.token,
      filename: 'theirs.png',
      contentType: 'image/png',
    });
    const borrowed = await write(site, {
      title: 'Borrowed cover',
      feature_image: (up.body.media as { url: string }).url,
    });
    const borrowedPage = await get(site.host, `/${borrowed.slug}/`);
    // A plain image, as from anywhere else (the page writes its own host in front of a relative URL).
    expect(borrowedPage.text).toMatch(/<img src="[^"]*\/theirs\.png" alt=""\/>/);
    expect(borrowedPage.text).not.toContain('srcset');

    const mine = (
      await rawUpload(site, makePng(900, 600), {
        token: site.users.editor.token,
        filename: 'mine.png',
        contentType: 'image/png',
      })
    ).body.media as { id: string };
    // The id where a library URL has it, but under another path: not a library URL.
    const lookalike = `/archive/media/${mine.id}/mine.png`;
    const post = await write(site, { title: 'Lookalike cover', feature_image: lookalike });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.text).toMatch(/<img src="[^"]*\/archive\/media\/[^"]+\/mine\.png" alt=""\/>/);
    expect(page.text).not.toContain('srcset');
  });

  it('leave images from elsewhere as they were', async () => {
    const post = await write(site, { title: 'Remote cover', feature_image: 'https://images.example/x.jpg' });
    const page = await get(site.host, `/${post.slug}/`);
    expect(page.text).toContain('<img src="https://images.example/x.jpg" alt=""/>');
    expect(page.text).not.toContain('srcset');
  });
});
