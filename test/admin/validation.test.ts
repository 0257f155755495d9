// Input validation for posts: every bad body or query is refused with a stable code, and nothing at all is written
// (no post, no revision, and no tag created on the way).
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countPosts, countRevisions, countTags, createPost, expectProblem, postRow } from './support';

let site: TestSite;
let token: string;
let existing: { id: string };

beforeAll(async () => {
  site = await createTestSite('validation');
  token = site.users.editor.token;
  existing = await createPost(site.host, token, { title: 'Existing', markdown: 'Body' });
});

const create = (body: unknown) => api(site.host, 'POST', `${ADMIN}/posts`, { token, body });
const update = (body: unknown) => api(site.host, 'PATCH', `${ADMIN}/posts/${existing.id}`, { token, body });
const paths = (body: { issues?: { path: string }[] }) => (body.issues ?? []).map((i) => i.path);
const tooMany = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const BAD_URLS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x.png',
  '/\\evil.example/x.png',
  'not a url',
];

/** Runs `request` and proves it wrote nothing: same post count, same tags, existing post and its history untouched. */
async function writesNothing(request: () => Promise<unknown>) {
  const [posts, tags, row, revisions] = [
    await countPosts(site.siteId),
    await countTags(site.siteId),
    await postRow(existing.id),
    await countRevisions(existing.id),
  ];
  await request();
  expect(await countPosts(site.siteId)).toBe(posts);
  expect(await countTags(site.siteId)).toBe(tags);
  expect(await postRow(existing.id)).toEqual(row);
  expect(await countRevisions(existing.id)).toBe(revisions);
}

// Protects the shape of a post body: strict objects, right types, bounded sizes.
describe('body shape', () => {
  it.each([
    ['an unknown field', { title: 'T', colour: 'red' }, 'colour'],
    ['a misspelled field', { title: 'T', tilte: 'x' }, 'tilte'],
    ['a numeric title', { title: 123 }, 'json.title'],
    ['a blank title', { title: '   ' }, 'json.title'],
    ['a 256-character title', { title: 'x'.repeat(256) }, 'json.title'],
    ['a string for featured', { title: 'T', featured: 'yes' }, 'json.featured'],
    ['a string for tags', { title: 'T', tags: 'news' }, 'json.tags'],
    ['an unknown status', { title: 'T', status: 'live' }, 'json.status'],
    ['an unknown visibility', { title: 'T', visibility: 'everyone' }, 'json.visibility'],
    ['a non-ISO scheduled_at', { title: 'T', status: 'scheduled', scheduled_at: 'next tuesday' }, 'json.scheduled_at'],
    ['51 tags', { title: 'T', tags: tooMany(51, (i) => `tag ${i}`) }, 'json.tags'],
    ['21 categories', { title: 'T', categories: tooMany(21, (i) => `c${i}`) }, 'json.categories'],
    ['no authors', { title: 'T', authors: [] }, 'json.authors'],
    ['a custom field key with a space', { title: 'T', custom_fields: { 'Bad Key': 1 } }, 'json.custom_fields'],
    ['a custom field key starting with a digit', { title: 'T', custom_fields: { '1st': 1 } }, 'json.custom_fields'],
    ['a custom field key with a dash', { title: 'T', custom_fields: { 'a-b': 1 } }, 'json.custom_fields'],
    ['a 65-character custom field key', { title: 'T', custom_fields: { ['k'.repeat(65)]: 1 } }, 'json.custom_fields'],
    [
      'an object as a custom field value',
      { title: 'T', custom_fields: { ok: { nested: true } } },
      'json.custom_fields',
    ],
    [
      '51 custom fields',
      { title: 'T', custom_fields: Object.fromEntries(tooMany(51, (i) => [`f${i}`, i] as const)) },
      'json.custom_fields',
    ],
  ])('refuses %s with 422 naming it, writing nothing', async (_label, body, path) => {
    await writesNothing(async () => {
      const res = await create({ ...body, ...('tags' in body ? {} : { tags: ['Would be new'] }) });
      expectProblem(res, 422, 'VALIDATION_FAILED');
      expect(JSON.stringify(res.body.issues)).toContain(path);
    });
  });

  it('refuses an empty PATCH and an unknown field on PATCH, changing nothing', async () => {
    await writesNothing(async () => {
      expectProblem(await update({}), 422, 'VALIDATION_FAILED');
      const res = await update({ title: 'New', id: 'forged' });
      expectProblem(res, 422, 'VALIDATION_FAILED');
      expect(res.body.issues.map((i: { message: string }) => i.message)).toContain('Unrecognized key: "id"');
    });
  });
});

// Protects every URL field from script and off-site tricks.
describe('URL fields', () => {
  it.each(['feature_image', 'canonical_url', 'og_image', 'twitter_image'])('%s refuses unsafe URLs', async (field) => {
    await writesNothing(async () => {
      for (const url of BAD_URLS) {
        const res = await create({ title: 'T', [field]: url });
        expectProblem(res, 422, 'VALIDATION_FAILED');
        expect(paths(res.body), url).toContain(`json.${field}`);
        expectProblem(await update({ [field]: url }), 422, 'VALIDATION_FAILED');
      }
    });
  });

  it('accepts http(s) URLs and site-relative paths', async () => {
    const post = await createPost(site.host, token, {
      title: 'Good URLs',
      feature_image: '/content/images/cat.png',
      canonical_url: 'https://elsewhere.example/original',
      og_image: 'http://cdn.example/og.png',
    });
    expect(post).toMatchObject({ feature_image: '/content/images/cat.png', og_image: 'http://cdn.example/og.png' });
  });
});

// Protects references to other records: they must exist on this site, and a bad one leaves no trace.
describe('references', () => {
  it('refuses an unknown category slug with 422 UNKNOWN_CATEGORY, creating no tag on the way', async () => {
    await writesNothing(async () => {
      const res = await create({ title: 'T', tags: ['Fresh A'], categories: ['no-such-category'] });
      expectProblem(res, 422, 'UNKNOWN_CATEGORY');
      expect(res.body.detail).toContain('no-such-category');
      expectProblem(await update({ tags: ['Fresh B'], categories: ['nope'] }), 422, 'UNKNOWN_CATEGORY');
    });
  });

  it('refuses an unknown author id with 422 UNKNOWN_AUTHOR, creating no tag on the way', async () => {
    await writesNothing(async () => {
      const res = await create({ title: 'T', tags: ['Fresh C'], authors: ['no-such-user'] });
      expectProblem(res, 422, 'UNKNOWN_AUTHOR');
      expectProblem(await update({ tags: ['Fresh D'], authors: ['no-such-user'] }), 422, 'UNKNOWN_AUTHOR');
    });
  });

  it('refuses a schedule in the past without creating the tags it names', async () => {
    await writesNothing(async () => {
      const past = new Date(Date.now() - 60_000).toISOString();
      const res = await create({ title: 'T', tags: ['Fresh E'], status: 'scheduled', scheduled_at: past });
      expectProblem(res, 422, 'SCHEDULE_TIME_IN_PAST');
      const upd = await update({ tags: ['Fresh F'], status: 'scheduled', scheduled_at: past });
      expectProblem(upd, 422, 'SCHEDULE_TIME_IN_PAST');
    });
  });

  it('refuses a tag name with no letters or digits with 422 INVALID_TAG', async () => {
    await writesNothing(async () => {
      for (const name of ['!!!', '#', '#?']) {
        expectProblem(await create({ title: 'T', tags: ['Fresh G', name] }), 422, 'INVALID_TAG');
      }
    });
  });
});

// Protects the list query: unknown parameters are errors, not silently ignored.
describe('list query', () => {
  it.each(['?filter=status:published', '?include=authors', '?limit=10&sort=title'])(
    'refuses %s with 400',
    async (q) => {
      const res = await api(site.host, 'GET', `${ADMIN}/posts${q}`, { token });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    },
  );
});
