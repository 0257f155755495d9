// Public delivery on the site's host: caching headers, conditional and range requests, lazily made variants, and
// paths that try to reach other objects.
import { PhotonImage } from '@cf-wasm/photon';
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { fetchPublic, makePng, rawUpload, text } from './support';

const asText = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());

let site: TestSite;
let elsewhere: TestSite;
let png: Uint8Array;
let photo: { id: string; url: string; name: string };
let pdf: { id: string; url: string };

beforeAll(async () => {
  site = await createTestSite('media-delivery');
  elsewhere = await createTestSite('media-delivery-other');
  png = makePng(800, 600);
  const up = await rawUpload(site, png, {
    token: site.users.editor.token,
    filename: 'sea view.png',
    contentType: 'image/png',
  });
  photo = up.body.media;
  const doc = await rawUpload(site, text('%PDF-1.7\n0123456789abcdef'), {
    token: site.users.editor.token,
    filename: 'rapport été.pdf',
    contentType: 'application/pdf',
  });
  pdf = doc.body.media;
});

describe('delivery', () => {
  it('serves the original with immutable caching, a strong ETag and inline disposition', async () => {
    const res = await fetchPublic(site, photo.url);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="sea view.png"; filename*=UTF-8''sea%20view.png`,
    );
  });

  it('serves files as attachments with an RFC 8187 filename', async () => {
    const res = await fetchPublic(site, pdf.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="rapport _t_.pdf"; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.pdf`,
    );
  });

  it('answers 304 to a matching If-None-Match or a later If-Modified-Since', async () => {
    const first = await fetchPublic(site, photo.url);
    const etag = first.headers.get('etag')!;
    const again = await fetchPublic(site, photo.url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const later = new Date(Date.now() + 60_000).toUTCString();
    expect((await fetchPublic(site, photo.url, { 'if-modified-since': later })).status).toBe(304);
    expect((await fetchPublic(site, photo.url, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('answers ranges with 206 and unsatisfiable ones with 416', async () => {
    const res = await fetchPublic(site, pdf.url, { range: 'bytes=9-12' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 9-12/25');
    expect(await asText(res)).toBe('0123');
    const suffix = await fetchPublic(site, pdf.url, { range: 'bytes=-6' });
    expect(suffix.status).toBe(206);
    expect(await asText(suffix)).toBe('abcdef');
    const beyond = await fetchPublic(site, pdf.url, { range: 'bytes=100-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */25');
    // A stale If-Range gets the whole file.
    const stale = await fetchPublic(site, pdf.url, { range: 'bytes=0-1', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
  });

  it('is 404 for a wrong name, another site, and path tricks', async () => {
    const bad = [
      `/media/${photo.id}/other.png`,
      `/media/${photo.id}/..%2F..%2F${pdf.id}%2Frapport.pdf`,
      `/media/%2e%2e/${photo.name}`,
      `/media/${photo.id}/%2e%2e`,
      `/media/..%2Fsites%2F${site.siteId}%2Fmedia%2F${photo.id}/sea%20view.png`,
      `/media/${photo.id}/w320/..%2F..%2Fsea%20view.png`,
    ];
    for (const path of bad) expect((await fetchPublic(site, path)).status, path).toBe(404);
    expect((await fetchPublic(elsewhere, photo.url)).status).toBe(404);
  });
});

describe('variants', () => {
  const variantKey = (width: number) => `sites/${site.siteId}/media/${photo.id}/variants/${width}.webp`;

  it('makes a WebP variant on first request, stores it, and serves the stored copy afterwards', async () => {
    expect(await env.MEDIA.head(variantKey(320))).toBeNull();
    const path = `/media/${photo.id}/w320/sea%20view.png`;
    const first = await fetchPublic(site, path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    const image = PhotonImage.new_from_byteslice(new Uint8Array(await first.arrayBuffer()));
    expect([image.get_width(), image.get_height()]).toEqual([320, 240]);
    image.free();
    const stored = await env.MEDIA.head(variantKey(320));
    expect(stored?.httpMetadata?.contentType).toBe('image/webp');

    const second = await fetchPublic(site, path);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    await second.arrayBuffer();
    const after = await env.MEDIA.head(variantKey(320));
    expect(after?.uploaded.getTime()).toBe(stored?.uploaded.getTime());
    expect(after?.etag).toBe(stored?.etag);
  });

  it('answers conditional and range requests on a stored variant as on an original', async () => {
    const path = `/media/${photo.id}/w640/sea%20view.png`;
    const whole = new Uint8Array(await (await fetchPublic(site, path)).arrayBuffer());
    const stored = await fetchPublic(site, path);
    const etag = stored.headers.get('etag')!;
    await stored.arrayBuffer();
    expect((await fetchPublic(site, path, { 'if-none-match': etag })).status).toBe(304);
    const part = await fetchPublic(site, path, { range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${whole.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(whole.slice(0, 10));
    const beyond = await fetchPublic(site, path, { range: `bytes=${whole.length}-` });
    expect(beyond.status).toBe(416);
    await beyond.arrayBuffer();
  });

  it('never upscales: a width beyond the original serves the original', async () => {
    const res = await fetchPublic(site, `/media/${photo.id}/w1024/sea%20view.png`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    expect(await env.MEDIA.head(variantKey(1024))).toBeNull();
  });

  it('is 404 for widths that are not offered', async () => {
    expect((await fetchPublic(site, `/media/${photo.id}/w500/sea%20view.png`)).status).toBe(404);
  });
});
