// Mass assignment: fields a client must never set (the tenant, a role, the author or creator) are refused in the
// bodies of every writing route, with a 422 problem and nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, countPosts, countTags, createPost, expectProblem, postRow, scalar } from '../admin/support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('mass'), await createTestSite('mass-other')];
});

const FORBIDDEN_FIELDS: [string, unknown][] = [
  ['siteId', 'OTHER'],
  ['site_id', 'OTHER'],
  ['role', 'owner'],
  ['authorId', 'OTHER'],
  ['author_id', 'OTHER'],
  ['created_by', 'OTHER'],
  ['createdBy', 'OTHER'],
  ['uploaded_by', 'OTHER'],
];

/** The field with another site's or user's id where one is wanted. */
const valueFor = (value: unknown) => (value === 'OTHER' ? other.siteId : value);

describe.each(FORBIDDEN_FIELDS)('a body carrying %s', (field, raw) => {
  it('is refused on POST /posts by a contributor and an owner, creating nothing', async () => {
    for (const who of ['contributor', 'owner'] as const) {
      const before = await countPosts(site.siteId);
      const res = await api(site.host, 'POST', `${ADMIN}/posts`, {
        token: site.users[who].token,
        body: { title: `Mass ${field}`, [field]: valueFor(raw) },
      });
      expectProblem(res, 422, 'VALIDATION_FAILED');
      expect(await countPosts(site.siteId)).toBe(before);
      expect(await countPosts(other.siteId)).toBe(0);
    }
  });

  it('is refused on PATCH /posts/{id}, changing nothing', async () => {
    const post = await createPost(site.host, site.users.author.token, { title: `Own ${field}` });
    const before = await postRow(post.id);
    const res = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.author.token,
      body: { title: 'Changed', [field]: valueFor(raw) },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await postRow(post.id)).toEqual(before);
  });

  it('is refused on POST /tags, creating nothing', async () => {
    const before = await countTags(site.siteId);
    const res = await api(site.host, 'POST', `${ADMIN}/tags`, {
      token: site.users.editor.token,
      body: { name: `mass-${field}`, [field]: valueFor(raw) },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await countTags(site.siteId)).toBe(before);
  });

  it('is refused on POST /categories, creating nothing', async () => {
    const before = await scalar('SELECT count(*) AS n FROM categories WHERE site_id = ?', site.siteId);
    const res = await api(site.host, 'POST', `${ADMIN}/categories`, {
      token: site.users.editor.token,
      body: { name: `mass-${field}`, [field]: valueFor(raw) },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await scalar('SELECT count(*) AS n FROM categories WHERE site_id = ?', site.siteId)).toBe(before);
  });

  it('is refused on sign-in and creates no session', async () => {
    const before = await scalar('SELECT count(*) AS n FROM sessions');
    const res = await api(site.host, 'POST', `${ADMIN}/session`, {
      body: { email: site.users.contributor.email, password: PASSWORD, [field]: valueFor(raw) },
    });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(await scalar('SELECT count(*) AS n FROM sessions')).toBe(before);
  });
});
