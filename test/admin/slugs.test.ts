// Slugs: readable in every script, unique within a site (never across sites), and old ones keep redirecting.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import type { Actor } from '../../workers/app';
import { createPost as createPostDirectly } from '../../workers/content/posts-service';
import { api, createTestSite, type TestSite, unrelayedOutbox } from '../helpers';
import { ADMIN, createPost } from './support';

let site: TestSite;
let other: TestSite;
let token: string;

beforeAll(async () => {
  [site, other] = [await createTestSite('slugs'), await createTestSite('slugs-other')];
  token = site.users.editor.token;
});

const create = (title: string, extra: Record<string, unknown> = {}, on = site) =>
  createPost(on.host, on.users.editor.token, { title, ...extra });
const rename = (id: string, slug: string) => api(site.host, 'PATCH', `${ADMIN}/posts/${id}`, { token, body: { slug } });
/** The post an old slug redirects to on this site, or null. */
async function redirectTarget(slug: string) {
  const row = await env.DB.prepare('SELECT post_id FROM slug_redirects WHERE site_id = ? AND slug = ?')
    .bind(site.siteId, slug)
    .first<{ post_id: string }>();
  return row?.post_id ?? null;
}

// Protects readable URLs for titles in any language.
describe('slugs from titles', () => {
  it.each([
    ['Café déjà vu', 'café-déjà-vu'],
    ['東京の夜', '東京の夜'],
    ['Привет, мир!', 'привет-мир'],
    ["Don't Panic: a guide", 'dont-panic-a-guide'],
    ['ＦＵＬＬ　ｗｉｄｔｈ', 'full-width'],
    ['  --Spaces & symbols!!  ', 'spaces-symbols'],
    ['🎉🎉🎉', 'untitled'],
  ])('%s → %s', async (title, slug) => {
    const post = await create(title);
    expect(post.slug).toBe(slug);
    expect(post.url).toBe(`http://${site.host}/${encodeURIComponent(slug)}/`);
  });

  it('keeps long slugs within 185 characters, suffix included', async () => {
    const title = `${'Long words '.repeat(22)}end`;
    const first = await create(title);
    const second = await create(title);
    expect(Array.from(first.slug).length).toBeLessThanOrEqual(185);
    expect(second.slug).toMatch(/-2$/);
    expect(Array.from(second.slug).length).toBeLessThanOrEqual(185);
    expect(second.slug.slice(0, -2)).toBe(first.slug.slice(0, second.slug.length - 2));
  });
});

// Protects uniqueness: within a site a slug names one post or page; across sites they are independent.
describe('slug uniqueness', () => {
  it('numbers repeated titles -2, -3 within a site', async () => {
    const slugs = [];
    for (let i = 0; i < 3; i++) slugs.push((await create('Same title')).slug);
    expect(slugs).toEqual(['same-title', 'same-title-2', 'same-title-3']);
  });

  it('skips a number a different title already took', async () => {
    expect((await create('Hello')).slug).toBe('hello');
    expect((await create('Hello 2')).slug).toBe('hello-2');
    expect((await create('Hello')).slug).toBe('hello-3');
  });

  // SELF serves requests one at a time here, so the race is run against the service itself.
  it('creates every post when several with one title are saved at the same moment', async () => {
    const actor: Actor = { userId: site.users.editor.id, siteId: site.siteId, role: 'editor', name: 'E', email: 'e' };
    const save = () =>
      createPostDirectly(
        { db: openDatabase(env.DB), now: new Date(), reschedule: async () => {}, outbox: unrelayedOutbox() },
        actor,
        'post',
        {
          title: 'Breaking news',
        },
      );
    const posts = await Promise.all([save(), save(), save()]);
    expect(posts.map((p) => p.slug).sort()).toEqual(['breaking-news', 'breaking-news-2', 'breaking-news-3']);
  });

  it('allows the same slug on two different sites', async () => {
    expect((await create('Shared name')).slug).toBe('shared-name');
    expect((await create('Shared name', {}, other)).slug).toBe('shared-name');
  });

  it('turns an explicit slug that is taken into the next free one, on create and on update', async () => {
    await create('Taken', { slug: 'taken' });
    expect((await create('Wants taken', { slug: 'Taken' })).slug).toBe('taken-2');
    const later = await create('Later');
    const res = await rename(later.id, 'taken');
    expect(res.status).toBe(200);
    expect(res.body.post.slug).toBe('taken-3');
  });

  it('keeps a post its own slug when it is sent back unchanged', async () => {
    const post = await create('Stable');
    const res = await rename(post.id, 'stable');
    expect(res.body.post.slug).toBe('stable');
    expect(await redirectTarget('stable')).toBeNull();
  });
});

// Protects old links: a changed slug leaves a redirect behind, and a live post always wins over a redirect.
describe('slug changes', () => {
  it('records a redirect from the old slug, and drops it when the post takes the slug back', async () => {
    const post = await create('Before rename');
    expect((await rename(post.id, 'after-rename')).body.post.slug).toBe('after-rename');
    expect(await redirectTarget('before-rename')).toBe(post.id);

    expect((await rename(post.id, 'before-rename')).body.post.slug).toBe('before-rename');
    expect(await redirectTarget('before-rename')).toBeNull();
    expect(await redirectTarget('after-rename')).toBe(post.id);
  });

  it('gives a redirected slug to a new post that asks for it, dropping the redirect', async () => {
    const post = await create('Moving out');
    await rename(post.id, 'moved-out');
    expect(await redirectTarget('moving-out')).toBe(post.id);
    const newcomer = await create('Moving out');
    expect(newcomer.slug).toBe('moving-out');
    expect(await redirectTarget('moving-out')).toBeNull();
  });
});
