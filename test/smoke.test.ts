import { describe, expect, it } from 'vitest';
import { api, createTestSite } from './helpers';

describe('smoke', () => {
  it('creates a post', async () => {
    const site = await createTestSite();
    const res = await api(site.host, 'POST', '/api/v1/admin/posts', {
      token: site.users.author.token,
      body: { title: 'Hello 世界', markdown: '# Hi\n\nSome *text*.', tags: ['News', '#internal'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.post.slug).toBe('hello-世界');
    const list = await api(site.host, 'GET', '/api/v1/admin/posts?limit=5', { token: site.users.author.token });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.meta.pagination.total).toBe(1);
    const doc = await api(site.host, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
  });
});
