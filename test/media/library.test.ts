// The media library: filters, alt text and captions, usage by posts, deletion (refused while used unless
// forced), and who may do what.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { createPost, expectProblem } from '../admin/support';
import { fetchPublic, makePng, MEDIA, rawUpload, text } from './support';

let site: TestSite;
type Who = keyof TestSite['users'];

beforeAll(async () => {
  site = await createTestSite('media-library');
});

async function uploadAs(who: Who, filename: string, bytes = makePng(700, 500), contentType = 'image/png', alt = '') {
  const res = await rawUpload(site, bytes, {
    token: site.users[who].token,
    filename,
    contentType,
    query: alt ? `?alt=${encodeURIComponent(alt)}` : '',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.media as { id: string; url: string; name: string; uploaded_by: string };
}

const call = (who: Who, method: string, path: string, body?: unknown) =>
  api(site.host, method, `${MEDIA}${path}`, { token: site.users[who].token, body });

describe('library', () => {
  it('lists with filters by kind, name, alt text and date', async () => {
    const start = new Date().toISOString();
    const harbour = await uploadAs('author', 'harbour-at-dawn.png', undefined, 'image/png', 'Fishing boats in fog');
    const notes = await uploadAs('author', 'notes.pdf', text('%PDF-1.4\nnotes'), 'application/pdf');
    const ids = (res: { body: { media: { id: string }[] } }) => res.body.media.map((m) => m.id);

    const all = await call('contributor', 'GET', '/');
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual(expect.arrayContaining([harbour.id, notes.id]));
    expect(ids(await call('author', 'GET', '/?kind=file'))).toEqual([notes.id]);
    expect(ids(await call('author', 'GET', '/?q=HARBOUR'))).toEqual([harbour.id]);
    expect(ids(await call('author', 'GET', `/?q=${encodeURIComponent('boats in fog')}`))).toEqual([harbour.id]);
    // instr(), not LIKE: "%" and "_" are ordinary characters, and long searches work.
    expect(ids(await call('author', 'GET', '/?q=%25'))).toEqual([]);
    expect((await call('author', 'GET', `/?q=${'x'.repeat(80)}`)).status).toBe(200);
    expect(ids(await call('author', 'GET', `/?from=${encodeURIComponent(start)}&kind=image`))).toEqual([harbour.id]);
    expect(ids(await call('author', 'GET', `/?to=${encodeURIComponent(start)}`))).toEqual([]);
    const paged = await call('author', 'GET', '/?limit=1&page=2');
    expect(paged.body.meta.pagination).toMatchObject({ page: 2, limit: 1 });
    expectProblem(await call('author', 'GET', '/?kind=exe'), 400, 'VALIDATION_FAILED');
    expectProblem(await call('author', 'GET', '/?sort=name'), 400, 'VALIDATION_FAILED');
  });

  it('reads one file and changes its alt text and caption', async () => {
    const file = await uploadAs('contributor', 'own.png');
    expect((await call('contributor', 'GET', `/${file.id}`)).body.media.name).toBe('own.png');
    const changed = await call('contributor', 'PATCH', `/${file.id}`, { alt: 'A red square', caption: 'Figure 1' });
    expect(changed.status).toBe(200);
    expect(changed.body.media).toMatchObject({ alt: 'A red square', caption: 'Figure 1' });
    expectProblem(await call('contributor', 'PATCH', `/${file.id}`, { name: 'x.png' }), 422, 'VALIDATION_FAILED');
    expectProblem(await call('contributor', 'PATCH', `/${file.id}`, {}), 422, 'VALIDATION_FAILED');
    expectProblem(await call('contributor', 'GET', '/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });
});

describe('usage and deletion', () => {
  it('reports posts that use the file and refuses to delete it unless forced', async () => {
    const file = await uploadAs('author', 'cover.png');
    const unused = await call('author', 'GET', `/${file.id}/usage`);
    expect(unused.body).toEqual({ posts: [] });
    const feature = await createPost(site.host, site.users.author.token, {
      title: 'With a cover',
      feature_image: `https://${site.host}${file.url}`,
    });
    const inline = await createPost(site.host, site.users.author.token, {
      title: 'With an inline image',
      markdown: `Intro\n\n![A cover](/media/${file.id}/w640/cover.png)\n`,
    });
    const usage = await call('author', 'GET', `/${file.id}/usage`);
    expect(usage.body.posts.map((p: { id: string }) => p.id).sort()).toEqual([feature.id, inline.id].sort());

    const refused = await call('author', 'DELETE', `/${file.id}`);
    expectProblem(refused, 409, 'MEDIA_IN_USE');
    expect(refused.body.posts).toHaveLength(2);
    expect(await env.MEDIA.head(`sites/${site.siteId}/media/${file.id}/cover.png`)).not.toBeNull();

    // A variant exists too; forcing removes it along with the original.
    expect((await fetchPublic(site, `/media/${file.id}/w320/cover.png`)).status).toBe(200);
    expect((await call('author', 'DELETE', `/${file.id}?force=true`)).status).toBe(204);
    const left = await env.MEDIA.list({ prefix: `sites/${site.siteId}/media/${file.id}/` });
    expect(left.objects).toEqual([]);
    expect((await call('author', 'GET', `/${file.id}`)).status).toBe(404);
    expect((await fetchPublic(site, file.url)).status).toBe(404);
  });
});

describe('permissions', () => {
  it('lets authors and contributors change and delete only their own files; editors any', async () => {
    const authors = await uploadAs('author', 'authors.png');
    expectProblem(await call('contributor', 'DELETE', `/${authors.id}`), 403, 'FORBIDDEN');
    expectProblem(await call('author2', 'PATCH', `/${authors.id}`, { alt: 'mine now' }), 403, 'FORBIDDEN');
    expectProblem(await call('contributor2', 'PATCH', `/${authors.id}`, { caption: 'x' }), 403, 'FORBIDDEN');
    expect((await call('editor', 'PATCH', `/${authors.id}`, { alt: 'Edited' })).status).toBe(200);
    const contributors = await uploadAs('contributor', 'contributors.png');
    expectProblem(await call('contributor2', 'DELETE', `/${contributors.id}`), 403, 'FORBIDDEN');
    expect((await call('contributor', 'DELETE', `/${contributors.id}`)).status).toBe(204);
    expect((await call('editor', 'DELETE', `/${authors.id}`)).status).toBe(204);
  });

  it("treats another site's file as missing", async () => {
    const file = await uploadAs('owner', 'private.png');
    const other = await createTestSite('media-library-other');
    const as = (method: string, path: string, body?: unknown) =>
      api(other.host, method, `${MEDIA}${path}`, { token: other.users.owner.token, body });
    expectProblem(await as('GET', `/${file.id}`), 404, 'NOT_FOUND');
    expectProblem(await as('PATCH', `/${file.id}`, { alt: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await as('DELETE', `/${file.id}?force=true`), 404, 'NOT_FOUND');
    expectProblem(await as('GET', `/${file.id}/usage`), 404, 'NOT_FOUND');
    expect((await as('GET', '/')).body.media).toEqual([]);
    // A token from this site does not work on the other host either.
    const cross = await api(other.host, 'GET', `${MEDIA}/${file.id}`, { token: site.users.owner.token });
    expect(cross.status).toBe(401);
    expect(await env.MEDIA.head(`sites/${site.siteId}/media/${file.id}/private.png`)).not.toBeNull();
  });
});
