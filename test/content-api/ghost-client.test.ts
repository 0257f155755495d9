// Compatibility: Ghost's own client, @tryghost/content-api, runs inside workerd against Lede unchanged. Only its
// transport is swapped: makeRequest does what its axios default does, through SELF.fetch.
import GhostContentAPI, { type GhostRequest } from '@tryghost/content-api';
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { daysAgo, type Json, publish } from './fixtures';

let site: TestSite;
let client: ReturnType<typeof GhostContentAPI>;
let requests: string[];
let authorSlug = '';
let firstId = '';

/** The client's default paramsSerializer: arrays joined with commas, every value URI-encoded. */
function serialize(params: Record<string, unknown>): string {
  return Object.keys(params)
    .map((k) => `${k}=${encodeURIComponent(([] as unknown[]).concat(params[k]).join(','))}`)
    .join('&');
}

/** Resolves like axios ({ data }) and rejects like axios on a non-2xx (error.response.data). */
function makeRequest(host: string) {
  return async ({ url, method, params, headers }: GhostRequest) => {
    const target = `${url}?${serialize(params)}`;
    requests.push(target);
    const res = await SELF.fetch(target, { method: method.toUpperCase(), headers: { ...headers, host } });
    const data: unknown = await res.json();
    if (!res.ok) {
      throw Object.assign(new Error(`Request failed with status code ${res.status}`), {
        response: { status: res.status, data },
      });
    }
    return { data };
  };
}

beforeAll(async () => {
  site = await createTestSite('content-ghost-client');
  const first = await publish(site, {
    title: 'Ghost compatible',
    markdown: 'Read by **Ghost’s** client.',
    tags: ['News'],
    featured: true,
    published_at: daysAgo(2),
    authors: [site.users.author.id],
  });
  await publish(site, { title: 'Second post', tags: ['Tech'], published_at: daysAgo(1) });
  await publish(site, { title: 'About', markdown: 'About page.' }, 'pages');
  firstId = first.id;
  authorSlug = (first.authors as Json[])[0]!.slug;
  requests = [];
  client = GhostContentAPI({
    url: `http://${site.host}`,
    key: site.contentKey,
    version: 'v5.0',
    makeRequest: makeRequest(site.host),
  });
});

describe('@tryghost/content-api', () => {
  it('browses posts with limit, filter and include, and keeps the pagination meta', async () => {
    const posts = await client.posts.browse({ limit: 5, filter: 'tag:news+featured:true', include: 'tags,authors' });
    expect(posts.map((p) => p.slug)).toEqual(['ghost-compatible']);
    expect(posts[0]!.primary_tag.slug).toBe('news');
    expect(posts[0]!.primary_author.slug).toBe(authorSlug);
    expect(posts.meta.pagination).toMatchObject({ page: 1, limit: 5, total: 1 });
    expect(requests.at(-1)).toContain(`/ghost/api/content/posts/?key=${site.contentKey}&limit=5&filter=tag%3Anews%2B`);
  });

  it('reads a post by slug and by id, unwrapped to the object', async () => {
    const bySlug = await client.posts.read({ slug: 'ghost-compatible' }, { formats: ['html', 'plaintext'] });
    expect(bySlug.id).toBe(firstId);
    expect(bySlug.html).toBe('<p>Read by <strong>Ghost’s</strong> client.</p>');
    expect(bySlug.plaintext).toBe('Read by Ghost’s client.');
    const byId = await client.posts.read({ id: firstId }, { include: ['tags'] });
    expect(byId.slug).toBe('ghost-compatible');
    expect(byId.tags.map((t: Json) => t.slug)).toEqual(['news']);
  });

  it('browses pages and tags with counts', async () => {
    const pages = await client.pages.browse();
    expect(pages.map((p) => p.slug)).toEqual(['about']);
    const tags = await client.tags.browse({ include: 'count.posts' });
    expect(tags.map((t) => [t.slug, t.count.posts])).toEqual([
      ['news', 1],
      ['tech', 1],
    ]);
  });

  it('reads an author by slug', async () => {
    const author = await client.authors.read({ slug: authorSlug });
    expect(author.id).toBe(site.users.author.id);
    expect(author.url).toBe(`http://${site.host}/author/${authorSlug}/`);
  });

  it('browses the settings', async () => {
    const settings = await client.settings.browse();
    expect(settings.title).toContain('content-ghost-client');
    expect(settings.url).toBe(`http://${site.host}/`);
  });

  it('rejects with the problem’s message and code, as Ghost’s errors do', async () => {
    const error = await client.posts.read({ slug: 'no-such-post' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: 'Post not found.', name: 'NOT_FOUND', type: 'NOT_FOUND' });
    const invalid = await client.posts.browse({ filter: 'tag:' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'INVALID_FILTER' });
  });

  it('surfaces a wrong key as an authorization error', async () => {
    const wrong = GhostContentAPI({
      url: `http://${site.host}`,
      key: '0123456789abcdef0123456789',
      version: 'v5.0',
      makeRequest: makeRequest(site.host),
    });
    await expect(wrong.posts.browse()).rejects.toMatchObject({ name: 'INVALID_KEY' });
  });
});
