// Resumable multipart uploads: parts of at least 5 MiB but the last, type checked on part 1, scoped to the
// uploader and the site (an upload id from elsewhere names nothing).
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { MEDIA, MIB, padded, rawUpload, text } from './support';

let site: TestSite;
let elsewhere: TestSite;

beforeAll(async () => {
  site = await createTestSite('media-multipart');
  elsewhere = await createTestSite('media-multipart-other');
});

const PDF = text('%PDF-1.7\n%âãÏÓ\n');

async function start(on: TestSite, filename = 'book.pdf', token = on.users.author.token) {
  const res = await api(on.host, 'POST', `${MEDIA}/uploads`, {
    token,
    body: { filename, content_type: 'application/pdf' },
  });
  expect(res.status).toBe(201);
  return res.body.upload.id as string;
}

const part = (on: TestSite, id: string, n: number, bytes: Uint8Array, token = on.users.author.token) =>
  rawUpload(on, bytes, { token, method: 'PUT', path: `${MEDIA}/uploads/${id}/parts/${n}` });
const complete = (on: TestSite, id: string, token = on.users.author.token) =>
  api(on.host, 'POST', `${MEDIA}/uploads/${id}/complete`, { token });

describe('multipart upload', () => {
  it('assembles parts into one file of the library', async () => {
    const id = await start(site);
    expect((await part(site, id, 1, padded(PDF, 5 * MIB))).status).toBe(200);
    const last = await part(site, id, 2, padded(text('tail'), 1000));
    expect(last.body).toEqual({ part: { part_number: 2, size: 1000 } });
    const done = await complete(site, id);
    expect(done.status).toBe(201);
    expect(done.body.media).toMatchObject({ kind: 'file', name: 'book.pdf', content_type: 'application/pdf' });
    expect(done.body.media.size).toBe(5 * MIB + 1000);
    const object = await env.MEDIA.get(`sites/${site.siteId}/media/${done.body.media.id}/book.pdf`);
    expect(object?.size).toBe(5 * MIB + 1000);
    expect(new TextDecoder().decode((await object!.arrayBuffer()).slice(0, 8))).toBe('%PDF-1.7');
    // The upload is finished: it cannot be completed twice.
    expect((await complete(site, id)).status).toBe(404);
  });

  it('refuses a non-final part under 5 MiB', async () => {
    const id = await start(site);
    await part(site, id, 1, padded(PDF, 1 * MIB));
    await part(site, id, 2, padded(text('tail'), 10));
    const res = await complete(site, id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PART_TOO_SMALL');
  });

  it('refuses non-final parts of different sizes, as R2 would', async () => {
    const id = await start(site);
    await part(site, id, 1, padded(PDF, 5 * MIB));
    await part(site, id, 2, padded(text('x'), 5 * MIB + 1));
    await part(site, id, 3, padded(text('tail'), 10));
    const res = await complete(site, id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PART_SIZE_MISMATCH');
  });

  it('refuses a missing part and a missing first part', async () => {
    const gap = await start(site);
    await part(site, gap, 1, padded(PDF, 5 * MIB));
    await part(site, gap, 3, padded(text('x'), 10));
    expect((await complete(site, gap)).body.code).toBe('MISSING_PART');
    const headless = await start(site);
    await part(site, headless, 2, padded(text('x'), 10));
    expect((await complete(site, headless)).body.code).toBe('MISSING_FIRST_PART');
  });

  it('checks the magic bytes of part 1 against the name and declared type', async () => {
    const id = await start(site, 'fake.pdf');
    const res = await part(site, id, 1, padded(text('<html><script>x</script></html>'), 100));
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an upload that grows past the per-file limit with 413', async () => {
    const id = await start(site);
    await part(site, id, 1, padded(PDF, 5 * MIB));
    await part(site, id, 2, padded(text('x'), 5 * MIB));
    const res = await part(site, id, 3, padded(text('x'), 3 * MIB));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
  });

  it('refuses an empty part', async () => {
    const id = await start(site);
    const res = await part(site, id, 1, new Uint8Array(0));
    expect(res.body.code).toBe('EMPTY_FILE');
  });

  it('aborts: the upload and its parts are gone', async () => {
    const id = await start(site);
    await part(site, id, 1, padded(PDF, 100));
    expect((await api(site.host, 'DELETE', `${MEDIA}/uploads/${id}`, { token: site.users.author.token })).status).toBe(
      204,
    );
    expect((await part(site, id, 2, padded(PDF, 100))).status).toBe(404);
    expect((await complete(site, id)).status).toBe(404);
  });

  it("cannot touch another site's upload, nor another staff member's", async () => {
    const id = await start(site);
    await part(site, id, 1, padded(PDF, 5 * MIB));
    // Another site's staff, on their own host, naming this site's upload id.
    const foreign = await part(elsewhere, id, 2, padded(text('evil'), 10), elsewhere.users.owner.token);
    expect(foreign.status).toBe(404);
    expect((await complete(elsewhere, id, elsewhere.users.owner.token)).status).toBe(404);
    const abort = await api(elsewhere.host, 'DELETE', `${MEDIA}/uploads/${id}`, { token: elsewhere.users.owner.token });
    expect(abort.status).toBe(404);
    // Another staff member of the same site.
    expect((await part(site, id, 2, padded(text('x'), 10), site.users.author2.token)).status).toBe(404);
    // The owner can still finish it, untouched.
    await part(site, id, 2, padded(text('end'), 10));
    const done = await complete(site, id);
    expect(done.status).toBe(201);
    expect(done.body.media.size).toBe(5 * MIB + 10);
  });

  it('validates the upload id, the part number and the start body', async () => {
    const token = site.users.author.token;
    expect((await part(site, 'not-a-uuid', 1, PDF)).body.code).toBe('VALIDATION_FAILED');
    const id = await start(site);
    expect((await part(site, id, 0, PDF)).status).toBe(400);
    expect((await part(site, id, 10_001, PDF)).status).toBe(400);
    const extra = await api(site.host, 'POST', `${MEDIA}/uploads`, {
      token,
      body: { filename: 'a.pdf', content_type: 'application/pdf', key: 'sites/other/media/x' },
    });
    expect(extra.status).toBe(422);
  });
});

describe('abandoned uploads', () => {
  it('are aborted when the site starts a new upload, and stop counting against the quota', async () => {
    const fresh = await createTestSite('media-abandoned');
    const old = await start(fresh);
    await part(fresh, old, 1, padded(PDF, 1000));
    // Two days pass.
    await env.DB.prepare('UPDATE media_uploads SET created_at = created_at - ? WHERE id = ?')
      .bind(2 * 24 * 60 * 60 * 1000, old)
      .run();
    const recent = await start(fresh);
    expect((await part(fresh, old, 2, padded(PDF, 10))).status).toBe(404);
    expect((await part(fresh, recent, 1, padded(PDF, 10))).status).toBe(200);
    const left = await env.DB.prepare(
      'SELECT count(*) AS n FROM media_upload_parts p JOIN media_uploads u ON u.id = p.upload_id WHERE u.site_id = ?',
    )
      .bind(fresh.siteId)
      .first<{ n: number }>();
    expect(left?.n).toBe(1);
  });
});
