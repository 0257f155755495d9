// The OpenAPI document must be valid OpenAPI 3.1 under a standard validator, and the docs page must work offline.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, inject, it } from 'vitest';

const url = inject('ledeUrl');

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes both APIs', async () => {
    const res = await fetch(`${url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/v1/admin/session',
      '/api/v1/admin/posts',
      '/api/v1/admin/posts/{id}',
      '/api/v1/admin/posts/{id}/revisions/diff',
      '/api/v1/admin/tags',
      '/api/v1/admin/categories/{id}',
      '/api/v1/content/posts',
    ]) {
      expect(paths.some((p) => p.replace(/\/$/, '') === path)).toBe(true);
    }
  });

  it('serves an interactive docs page whose scripts come from this origin', async () => {
    const page = await fetch(`${url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/v1/openapi.json');
    const script = await fetch(`${url}/_lede/docs/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
