// Simple uploads: the content's magic bytes decide the type; size, quota, names and emptiness are checked first.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { expectProblem } from '../admin/support';
import { makeJpeg, makePng, MIB, padded, rawUpload, text } from './support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('media-upload');
});

const upload = (body: Uint8Array | null, filename: string | undefined, contentType: string, query = '') =>
  rawUpload(site, body, { token: site.users.author.token, filename, contentType, query });

describe('simple upload', () => {
  it('stores a PNG under the site prefix and records its dimensions and colour', async () => {
    const png = makePng(400, 300, [30, 120, 220]);
    const res = await upload(png, 'Holiday photo.png', 'image/png', '?alt=' + encodeURIComponent('A blue sky'));
    expect(res.status).toBe(201);
    const media = res.body.media;
    expect(media).toMatchObject({
      kind: 'image',
      name: 'Holiday photo.png',
      content_type: 'image/png',
      size: png.length,
      width: 400,
      height: 300,
      format: 'png',
      dominant_color: '#1e78dc',
      alt: 'A blue sky',
      url: `/media/${media.id}/Holiday%20photo.png`,
    });
    const object = await env.MEDIA.head(`sites/${site.siteId}/media/${media.id}/Holiday photo.png`);
    expect(object?.size).toBe(png.length);
  });

  it('accepts a JPEG named .jpeg and declared image/jpg, stored as image/jpeg', async () => {
    const res = await upload(makeJpeg(64, 48), 'cat.JPEG', 'image/jpg');
    expect(res.status).toBe(201);
    expect(res.body.media).toMatchObject({ content_type: 'image/jpeg', width: 64, height: 48, format: 'jpeg' });
  });

  it('takes the filename from the query when there is no X-Filename header', async () => {
    const res = await upload(text('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), undefined, 'application/pdf', '?filename=report.pdf');
    expect(res.status).toBe(201);
    expect(res.body.media).toMatchObject({ kind: 'file', name: 'report.pdf', width: null });
  });

  it('streams bodies over the 2 MiB API limit, which still holds for JSON routes', async () => {
    const big = padded(text('%PDF-1.7\n'), 3 * MIB);
    expect((await upload(big, 'big.pdf', 'application/pdf')).status).toBe(201);
    const json = await api(site.host, 'POST', '/api/v1/admin/tags', {
      token: site.users.editor.token,
      rawBody: JSON.stringify({ name: 'x'.repeat(3 * MIB) }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(json, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('requires a signed-in staff member', async () => {
    const res = await rawUpload(site, makePng(4, 4), { token: 'nope', filename: 'a.png', contentType: 'image/png' });
    expectProblem(res, 401, 'INVALID_TOKEN');
  });
});

describe('refused uploads', () => {
  it('refuses a JPEG named .html (polyglot)', async () => {
    expectProblem(await upload(makeJpeg(8, 8), 'page.html', 'image/jpeg'), 422, 'TYPE_MISMATCH');
  });

  it('refuses HTML named .jpg and declared image/jpeg', async () => {
    const html = text('<!doctype html><html><script>alert(document.cookie)</script></html>');
    expectProblem(await upload(html, 'photo.jpg', 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a PNG declared as image/jpeg, and a PNG named .jpg', async () => {
    expectProblem(await upload(makePng(8, 8), 'a.png', 'image/jpeg'), 422, 'TYPE_MISMATCH');
    expectProblem(await upload(makePng(8, 8), 'a.jpg', 'image/png'), 422, 'TYPE_MISMATCH');
  });

  it('refuses types outside the allow-list even when name and declaration agree', async () => {
    const elf = padded(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 64);
    expectProblem(await upload(elf, 'tool.bin', 'application/octet-stream'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses zero bytes', async () => {
    expectProblem(await upload(new Uint8Array(0), 'empty.png', 'image/png'), 422, 'EMPTY_FILE');
  });

  it('refuses a file over the per-file limit with 413 before storing anything', async () => {
    const before = await env.MEDIA.list({ prefix: `sites/${site.siteId}/` });
    const res = await upload(padded(makePng(8, 8), 12 * MIB + 1), 'huge.png', 'image/png');
    expectProblem(res, 413, 'FILE_TOO_LARGE');
    const after = await env.MEDIA.list({ prefix: `sites/${site.siteId}/` });
    expect(after.objects.length).toBe(before.objects.length);
  });

  it('refuses a file that would take the site over its quota with 507', async () => {
    const other = await createTestSite('media-quota');
    // The site already holds almost all of its 10 GiB quota.
    await env.DB.prepare(
      `INSERT INTO media (id, site_id, kind, name, content_type, size, r2_key, uploaded_by)
       VALUES (?, ?, 'file', 'archive.zip', 'application/zip', ?, 'sites/x/media/y/archive.zip', ?)`,
    )
      .bind(crypto.randomUUID(), other.siteId, 10 * 1024 * MIB - 100, other.users.owner.id)
      .run();
    const res = await rawUpload(other, makePng(16, 16), {
      token: other.users.owner.token,
      filename: 'one-more.png',
      contentType: 'image/png',
    });
    expectProblem(res, 507, 'QUOTA_EXCEEDED');
  });

  it('needs a filename with an extension, and refuses unknown query parameters', async () => {
    expectProblem(await upload(makePng(4, 4), undefined, 'image/png'), 422, 'INVALID_FILENAME');
    expectProblem(await upload(makePng(4, 4), '../..', 'image/png'), 422, 'INVALID_FILENAME');
    expectProblem(await upload(makePng(4, 4), 'a.png', 'image/png', '?overwrite=1'), 400, 'VALIDATION_FAILED');
  });
});

describe('filenames', () => {
  it('keeps only the last path segment and drops controls, quotes and separators', async () => {
    const res = await upload(makePng(4, 4), '..\\..\\etc/"evil";\u0007name\u202e.png', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body.media.name).toBe('evilname.png');
    expect(res.body.media.url).toBe(`/media/${res.body.media.id}/evilname.png`);
  });

  it('normalises Unicode to NFC and caps the length, keeping the extension', async () => {
    const decomposed = 'Cafe\u0301 '.repeat(40) + '.png';
    const res = await upload(makePng(4, 4), decomposed, 'image/png');
    expect(res.status).toBe(201);
    const name: string = res.body.media.name;
    expect(name.startsWith('Café Café')).toBe(true);
    expect(name.endsWith('.png')).toBe(true);
    expect(Array.from(name).length).toBeLessThanOrEqual(120);
  });

  it('cannot inject a header through the filename', async () => {
    const res = await upload(makePng(4, 4), undefined, 'image/png', '?filename=a%0d%0aSet-Cookie%3a%20x%3d1.png');
    expect(res.status).toBe(201);
    expect(res.body.media.name).toBe('aSet-Cookie x=1.png');
  });
});
