// Content API test fixtures: content is created through the Admin API (as an editor), then read back publicly.
import { expect } from 'vitest';
import { api, type ApiResult, type TestSite } from '../helpers';

/** Ghost's two mounts; tests default to Lede's documented one. */
export const LEDE = '/api/v1/content';
export const GHOST = '/ghost/api/content';

/** A loosely typed JSON object, the way a client reads a response. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loosely

export type PostInput = Record<string, unknown> & { title: string };

/** Creates a post (or page) through the Admin API and returns it as the Admin API answered. */
export async function createPost(site: TestSite, input: PostInput, type: 'posts' | 'pages' = 'posts'): Promise<Json> {
  const res = await api(site.host, 'POST', `/api/v1/admin/${type}`, { token: site.users.editor.token, body: input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.post as Json;
}

export const publish = (site: TestSite, input: PostInput, type: 'posts' | 'pages' = 'posts') =>
  createPost(site, { status: 'published', ...input }, type);

/** A published post moved on to archived. */
export async function archived(site: TestSite, input: PostInput): Promise<Json> {
  const post = await publish(site, input);
  const res = await api(site.host, 'PATCH', `/api/v1/admin/posts/${post.id}`, {
    token: site.users.editor.token,
    body: { status: 'archived' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.post as Json;
}

export interface ContentOptions {
  /** The key to send; the site's own by default, null for none. */
  key?: string | null;
  headers?: Record<string, string>;
  mount?: string;
  method?: string;
}

/** GET a Content API path as `site`'s host, with `params` in the query string (the key first, as Ghost's client does). */
export function content(
  site: TestSite,
  path: string,
  params: Record<string, string | number> = {},
  options: ContentOptions = {},
): Promise<ApiResult<Json>> {
  const key = options.key === undefined ? site.contentKey : options.key;
  const query = new URLSearchParams();
  if (key !== null) query.set('key', key);
  for (const [name, value] of Object.entries(params)) query.set(name, String(value));
  const search = query.size > 0 ? `?${query}` : '';
  return api<Json>(site.host, options.method ?? 'GET', `${options.mount ?? LEDE}${path}${search}`, {
    headers: options.headers,
  });
}

/** Asserts an RFC 9457 problem with the given status and code, and Ghost's errors[] member beside it. */
export function expectProblem(res: ApiResult<Json>, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  expect(res.body.errors[0]).toMatchObject({ type: code, message: res.body.detail });
}

export const slugsOf = (res: ApiResult<Json>, key = 'posts'): string[] =>
  (res.body[key] as Json[]).map((item) => item.slug as string);

/** An ISO time `days` days ago (negative: in the future). */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
