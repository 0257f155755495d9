// The profile: a person reads back (GET /users/me) what they edit, and edits only their own public fields; the avatar must be an image of this site's library;
// social links are handles of known networks; the author page shows all of it, escaped; anything else in the body
// (role, site, email, slug, password) is refused whole with nothing saved.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { expectProblem } from '../admin/support';
import { makePng, rawUpload } from '../media/support';
import { get, write } from '../site/helpers';
import { ADMIN } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('profile'), await createTestSite('profile-other')];
});

const patchMe = (s: TestSite, token: string, body: unknown) =>
  api(s.host, 'PATCH', `${ADMIN}/users/me`, { token, body });

const userRow = (id: string) =>
  env.DB.prepare(
    'SELECT name, email, slug, bio, website, location, profile_image, social_links, password_hash FROM users WHERE id = ?',
  )
    .bind(id)
    .first<Record<string, string | null>>();

const role = (s: TestSite, id: string) =>
  env.DB.prepare('SELECT role FROM memberships WHERE site_id = ? AND user_id = ?')
    .bind(s.siteId, id)
    .first<{ role: string }>()
    .then((r) => r?.role);

async function uploadImage(s: TestSite, token: string, name = 'avatar.png') {
  const res = await rawUpload(s, makePng(8, 8), { token, filename: name, contentType: 'image/png' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.media as { id: string; name: string };
}

describe('GET /users/me', () => {
  it('returns the profile in the shape PATCH /users/me takes it, social links included', async () => {
    const user = site.users.admin;
    const empty = await api(site.host, 'GET', `${ADMIN}/users/me`, { token: user.token });
    expect(empty.status).toBe(200);
    expect(empty.body.user).toMatchObject({ id: user.id, role: 'admin', social_links: {} });
    const saved = await patchMe(site, user.token, {
      bio: 'Runs the desk.',
      social_links: { github: 'desk-admin', bluesky: 'desk.bsky.social' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const read = await api(site.host, 'GET', `${ADMIN}/users/me`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body.user).toEqual(saved.body.user);
    expect(read.body.user.social_links).toEqual({ github: 'desk-admin', bluesky: 'desk.bsky.social' });
  });
});

describe('PATCH /users/me', () => {
  it('saves the profile fields sent and answers with the profile', async () => {
    const user = site.users.author;
    const avatar = await uploadImage(site, user.token);
    const res = await patchMe(site, user.token, {
      name: 'Ada Author',
      bio: 'Writes about engines.',
      website: 'https://ada.example/',
      location: 'London',
      profile_image: avatar.id,
      social_links: { x: '@ada', github: 'ada-l', mastodon: 'ada@hachyderm.io', youtube: '@AdaTalks' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toMatchObject({
      id: user.id,
      name: 'Ada Author',
      bio: 'Writes about engines.',
      website: 'https://ada.example/',
      location: 'London',
      profile_image: `http://${site.host}/media/${avatar.id}/${avatar.name}`,
      social_links: { x: 'ada', github: 'ada-l', mastodon: 'ada@hachyderm.io', youtube: '@AdaTalks' },
      role: 'author',
    });
    // Only what is sent changes; null clears.
    const again = await patchMe(site, user.token, { bio: null, social_links: { bluesky: 'ada.bsky.social' } });
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({
      name: 'Ada Author',
      bio: null,
      social_links: { bluesky: 'ada.bsky.social' },
    });
    expect(again.body.user.website).toBe('https://ada.example/');
  });

  it('shows the profile on the author page, links built from handles and text escaped', async () => {
    const user = site.users.author2;
    const post = await write(site, { title: 'Profiled post' }, { as: 'author2' });
    const avatar = await uploadImage(site, user.token, 'face.png');
    const res = await patchMe(site, user.token, {
      name: 'Bo <b>Bold</b>',
      bio: 'Bio with <script>alert(1)</script> & more',
      website: 'https://bo.example/',
      profile_image: avatar.id,
      social_links: { github: 'bo-dev', mastodon: '@bo@mastodon.social' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = await get(site.host, `/author/${post.authors[0]!.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bo &lt;b&gt;Bold&lt;/b&gt;');
    expect(page.text).toContain('Bio with &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('href="https://bo.example/"');
    expect(page.text).toContain('href="https://github.com/bo-dev"');
    expect(page.text).toContain('href="https://mastodon.social/@bo"');
    expect(page.text).toContain(`/media/${avatar.id}/face.png`);
    const jsonLd = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page.text)?.[1];
    expect(JSON.parse(jsonLd!).mainEntity.sameAs).toEqual([
      'https://bo.example/',
      'https://github.com/bo-dev',
      'https://mastodon.social/@bo',
    ]);
  });

  it('tells every site the person belongs to (term.changed), so a page already served shows the new profile', async () => {
    const user = site.users.editor;
    const post = await write(site, { title: 'Before the rename' }, { as: 'editor' });
    await env.DB.prepare("INSERT INTO memberships (site_id, user_id, role, created_at) VALUES (?, ?, 'author', ?)")
      .bind(other.siteId, user.id, Date.now())
      .run();
    const path = `/author/${post.authors[0]!.slug}/`;
    expect((await get(site.host, path)).text).not.toContain('Fresh bio');
    expect((await patchMe(site, user.token, { bio: 'Fresh bio' })).status).toBe(200);
    expect((await get(site.host, path)).text).toContain('Fresh bio');
    const events = await env.DB.prepare(
      "SELECT site_id, payload FROM events WHERE type = 'term.changed' AND aggregate_type = 'user' AND aggregate_id = ?",
    )
      .bind(user.id)
      .all<{ site_id: string; payload: string }>();
    expect(events.results.map((e) => e.site_id).sort()).toEqual([site.siteId, other.siteId].sort());
    expect(JSON.parse(events.results[0]!.payload)).toEqual({ kind: 'author', change: 'updated' });
  });

  it.each([
    ['role', { role: 'owner' }],
    ['siteId', { siteId: 'OTHER' }],
    ['site_id', { site_id: 'OTHER' }],
    ['email', { email: 'thief@example.com' }],
    ['slug', { slug: 'someone-else' }],
    ['password', { password: 'a new password!' }],
    ['status', { status: 'active' }],
  ])('refuses a body carrying %s with 422 and saves nothing, not even the valid fields', async (_label, extra) => {
    const user = site.users.contributor;
    const before = await userRow(user.id);
    const res = await patchMe(site, user.token, { name: 'Should not save', ...extra });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await userRow(user.id)).toEqual(before);
    expect(await role(site, user.id)).toBe('contributor');
  });

  it.each([
    ['a javascript: website', { website: 'javascript:alert(1)' }],
    ['a website without a scheme', { website: 'example.com' }],
    ['a URL as a GitHub handle', { social_links: { github: 'https://github.com/x' } }],
    ['an unknown network', { social_links: { myspace: 'tom' } }],
    ['a Mastodon handle without an instance', { social_links: { mastodon: 'ada' } }],
    ['a YouTube handle without @', { social_links: { youtube: 'AdaTalks' } }],
    ['an empty name', { name: '  ' }],
    ['a bio over 500 characters', { bio: 'x'.repeat(501) }],
    ['a number as a name', { name: 42 }],
  ])('refuses %s with 422 and saves nothing', async (_label, body) => {
    const user = site.users.editor;
    const before = await userRow(user.id);
    expectProblem(await patchMe(site, user.token, body), 422, 'VALIDATION_FAILED');
    expect(await userRow(user.id)).toEqual(before);
  });

  it("refuses another site's image, a file that is not an image, and an unknown id, saving nothing", async () => {
    const user = site.users.admin;
    const theirs = await uploadImage(other, other.users.owner.token);
    const pdf = await rawUpload(site, new TextEncoder().encode('%PDF-1.4\nnot a face'), {
      token: user.token,
      filename: 'cv.pdf',
      contentType: 'application/pdf',
    });
    expect(pdf.status).toBe(201);
    const before = await userRow(user.id);
    for (const id of [theirs.id, pdf.body.media.id, crypto.randomUUID()]) {
      const res = await patchMe(site, user.token, { bio: 'not saved', profile_image: id });
      expectProblem(res, 422, 'INVALID_PROFILE_IMAGE');
    }
    expect(await userRow(user.id)).toEqual(before);
  });

  it('edits only your own profile and refuses integration keys', async () => {
    const key = await api(site.host, 'POST', `${ADMIN}/integrations`, {
      token: site.users.owner.token,
      body: { name: 'profile bot', scopes: ['users:read'] },
    });
    expectProblem(await patchMe(site, key.body.key, { name: 'Bot' }), 403, 'PERSON_REQUIRED');
    // PATCH /users/{id} is the role change: it does not take profile fields.
    const res = await api(site.host, 'PATCH', `${ADMIN}/users/${site.users.author.id}`, {
      token: site.users.owner.token,
      body: { name: 'Renamed by the owner' },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expectProblem(await patchMe(site, '', { name: 'Anonymous' }), 401, 'UNAUTHORIZED');
  });
});
