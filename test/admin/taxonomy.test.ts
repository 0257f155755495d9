// Tags and categories: editors and above manage them, everyone on staff can list them.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { ADMIN, countTags, createPost, expectProblem, scalar } from './support';

let site: TestSite;
type Who = keyof TestSite['users'];

beforeAll(async () => {
  site = await createTestSite('taxonomy');
});

const call = (who: Who, method: string, path: string, body?: unknown) =>
  api(site.host, method, `${ADMIN}${path}`, { token: site.users[who].token, body });
const countCategories = () => scalar('SELECT count(*) AS n FROM categories WHERE site_id = ?', site.siteId);
const tagRow = (id: string, nameAndSlug: string) =>
  scalar("SELECT count(*) AS n FROM tags WHERE id = ? AND name || '|' || slug = ?", id, nameAndSlug);

// Protects tag management by an editor.
describe('tags', () => {
  it('are created, renamed, re-slugged and deleted by an editor', async () => {
    const created = await call('editor', 'POST', '/tags', { name: 'Science', description: 'Lab notes' });
    expect(created.status).toBe(201);
    const tag = created.body.tag;
    expect(tag).toMatchObject({ name: 'Science', slug: 'science', visibility: 'public', description: 'Lab notes' });

    const renamed = await call('editor', 'PATCH', `/tags/${tag.id}`, { name: 'Sciences', slug: 'Hard Science' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tag).toMatchObject({ name: 'Sciences', slug: 'hard-science', description: 'Lab notes' });

    expect((await call('editor', 'DELETE', `/tags/${tag.id}`)).status).toBe(204);
    expectProblem(await call('editor', 'DELETE', `/tags/${tag.id}`), 404, 'NOT_FOUND');
    expectProblem(await call('editor', 'PATCH', `/tags/${tag.id}`, { name: 'Back' }), 404, 'NOT_FOUND');
  });

  it('treats "#name" as an internal tag', async () => {
    const res = await call('editor', 'POST', '/tags', { name: '#newsletter' });
    expect(res.body.tag).toMatchObject({ slug: 'hash-newsletter', visibility: 'internal' });
  });

  it('refuses a slug another tag has with 409 SLUG_TAKEN', async () => {
    const first = (await call('editor', 'POST', '/tags', { name: 'Taken' })).body.tag;
    const second = (await call('editor', 'POST', '/tags', { name: 'Other' })).body.tag;
    const tags = await countTags(site.siteId);
    expectProblem(await call('editor', 'POST', '/tags', { name: 'TAKEN' }), 409, 'SLUG_TAKEN');
    expectProblem(await call('editor', 'PATCH', `/tags/${second.id}`, { slug: 'taken' }), 409, 'SLUG_TAKEN');
    expect(await countTags(site.siteId)).toBe(tags);
    expect(await tagRow(second.id, 'Other|other')).toBe(1);
    expect(first.slug).toBe('taken');
  });

  it('counts only published posts, and deleting a tag leaves its posts their other tags', async () => {
    const published = await createPost(site.host, site.users.editor.token, {
      title: 'Counted',
      status: 'published',
      tags: ['Counted tag', 'Survivor'],
    });
    await createPost(site.host, site.users.editor.token, { title: 'Draft', tags: ['Counted tag'] });
    // Published but dated tomorrow: not live yet, so not counted (the site and the Content API agree).
    await createPost(site.host, site.users.editor.token, {
      title: 'Tomorrow',
      status: 'published',
      published_at: new Date(Date.now() + 86_400_000).toISOString(),
      tags: ['Counted tag'],
    });
    const list = (await call('author', 'GET', '/tags')).body.tags as { slug: string; post_count: number; id: string }[];
    const counted = list.find((t) => t.slug === 'counted-tag')!;
    expect(counted.post_count).toBe(1);

    expect((await call('admin', 'DELETE', `/tags/${counted.id}`)).status).toBe(204);
    const after = await call('editor', 'GET', `/posts/${published.id}`);
    expect(after.body.post.tags.map((t: { slug: string }) => t.slug)).toEqual(['survivor']);
  });

  it.each(['author', 'contributor'] as const)('may be listed but not managed by a %s (403, unchanged)', async (who) => {
    const tag = (await call('editor', 'POST', '/tags', { name: `Guarded from ${who}` })).body.tag;
    expect((await call(who, 'GET', '/tags')).status).toBe(200);
    const tags = await countTags(site.siteId);
    expectProblem(await call(who, 'POST', '/tags', { name: 'Sneaky' }), 403, 'FORBIDDEN');
    expectProblem(await call(who, 'PATCH', `/tags/${tag.id}`, { name: 'Sneaky' }), 403, 'FORBIDDEN');
    expectProblem(await call(who, 'DELETE', `/tags/${tag.id}`), 403, 'FORBIDDEN');
    expect(await countTags(site.siteId)).toBe(tags);
    expect(await tagRow(tag.id, `${tag.name}|${tag.slug}`)).toBe(1);
  });

  it('refuses unknown fields, unsafe images and names without a letter or digit with 422', async () => {
    expectProblem(await call('editor', 'POST', '/tags', { name: 'X', colour: 'red' }), 422, 'VALIDATION_FAILED');
    const bad = await call('editor', 'POST', '/tags', { name: 'X', feature_image: 'javascript:alert(1)' });
    expectProblem(bad, 422, 'VALIDATION_FAILED');
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('json.feature_image');
    const tags = await countTags(site.siteId);
    for (const name of ['!!!', '#', '#!?']) {
      expectProblem(await call('editor', 'POST', '/tags', { name }), 422, 'INVALID_SLUG');
    }
    expect(await countTags(site.siteId)).toBe(tags);
  });
});

// Protects the category tree: parents, cycles, and what happens to children when a parent goes.
describe('categories', () => {
  it('form a tree that cannot loop', async () => {
    const root = (await call('editor', 'POST', '/categories', { name: 'Sport' })).body.category;
    const child = (await call('editor', 'POST', '/categories', { name: 'Football', parent_id: root.id })).body.category;
    const grandchild = (await call('editor', 'POST', '/categories', { name: 'Goals', parent_id: child.id })).body
      .category;
    expect(grandchild).toMatchObject({ slug: 'goals', parent_id: child.id });

    const before = await countCategories();
    const cycle = await call('editor', 'PATCH', `/categories/${root.id}`, { parent_id: grandchild.id });
    expectProblem(cycle, 422, 'CATEGORY_CYCLE');
    expectProblem(
      await call('editor', 'PATCH', `/categories/${root.id}`, { parent_id: root.id }),
      422,
      'CATEGORY_CYCLE',
    );
    const orphan = await call('editor', 'POST', '/categories', { name: 'Orphan', parent_id: 'no-such-id' });
    expectProblem(orphan, 422, 'UNKNOWN_CATEGORY');
    expectProblem(await call('editor', 'POST', '/categories', { name: 'SPORT' }), 409, 'SLUG_TAKEN');
    expect(await countCategories()).toBe(before);
    expect(await scalar('SELECT count(*) AS n FROM categories WHERE id = ? AND parent_id IS NULL', root.id)).toBe(1);

    // Deleting a parent moves its children to the top level; their own children stay with them.
    expect((await call('admin', 'DELETE', `/categories/${root.id}`)).status).toBe(204);
    const list = (await call('contributor', 'GET', '/categories')).body.categories as {
      id: string;
      parent_id: string;
    }[];
    expect(list.find((c) => c.id === child.id)?.parent_id).toBeNull();
    expect(list.find((c) => c.id === grandchild.id)?.parent_id).toBe(child.id);
  });

  it('may be moved and renamed by an editor', async () => {
    const a = (await call('owner', 'POST', '/categories', { name: 'Arts' })).body.category;
    const b = (await call('owner', 'POST', '/categories', { name: 'Film' })).body.category;
    const moved = await call('editor', 'PATCH', `/categories/${b.id}`, { parent_id: a.id, name: 'Cinema' });
    expect(moved.status).toBe(200);
    expect(moved.body.category).toMatchObject({ name: 'Cinema', slug: 'film', parent_id: a.id });
  });

  it.each(['author', 'contributor'] as const)('may be listed but not managed by a %s (403, unchanged)', async (who) => {
    const category = (await call('editor', 'POST', '/categories', { name: `Kept from ${who}` })).body.category;
    const before = await countCategories();
    expectProblem(await call(who, 'POST', '/categories', { name: 'Sneaky' }), 403, 'FORBIDDEN');
    expectProblem(await call(who, 'PATCH', `/categories/${category.id}`, { name: 'Sneaky' }), 403, 'FORBIDDEN');
    expectProblem(await call(who, 'DELETE', `/categories/${category.id}`), 403, 'FORBIDDEN');
    expect(await countCategories()).toBe(before);
    const name = await scalar(
      'SELECT count(*) AS n FROM categories WHERE id = ? AND name = ?',
      category.id,
      category.name,
    );
    expect(name).toBe(1);
  });
});
