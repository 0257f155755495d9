// Helpers shared by the Admin API suites: problem assertions, raw reads of D1 to prove what was (not) written,
// and a hand-rolled JWT signer so token tests can craft exactly the header and claims they need.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { api, type ApiResult } from '../helpers';

export const ADMIN = '/api/v1/admin';

/** Asserts an RFC 9457 problem: status, content type, stable code, and the status echoed in the body. */
export function expectProblem(res: ApiResult, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
  expect(res.body.status).toBe(status);
}

/** One number from SQL, read straight from D1 rather than through the API under test. */
export async function scalar(query: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(query)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Runs one statement straight against D1, to change state behind the API's back. */
export async function run(query: string, ...binds: unknown[]): Promise<void> {
  await env.DB.prepare(query)
    .bind(...binds)
    .run();
}

export const countPosts = (siteId: string) => scalar('SELECT count(*) AS n FROM posts WHERE site_id = ?', siteId);
export const countTags = (siteId: string) => scalar('SELECT count(*) AS n FROM tags WHERE site_id = ?', siteId);
export const countRevisions = (postId: string) =>
  scalar('SELECT count(*) AS n FROM post_revisions WHERE post_id = ?', postId);

/** The post as D1 holds it: the fields a refused write must leave alone. */
export async function postRow(id: string) {
  return env.DB.prepare('SELECT status, title, slug, version, featured, markdown, published_at FROM posts WHERE id = ?')
    .bind(id)
    .first<{
      status: string;
      title: string;
      slug: string;
      version: number;
      featured: number;
      markdown: string;
      published_at: number;
    }>();
}

/** The fields of an Admin API post the suites read; the rest stay loosely typed. */
export interface PostJson {
  id: string;
  slug: string;
  title: string;
  status: string;
  version: number;
  tags: { id: string; slug: string; name: string }[];
  authors: { id: string; slug: string; name: string }[];
  [field: string]: unknown;
}

/** Creates a post through the API and returns its JSON; fails the test if the API refuses. */
export async function createPost(host: string, token: string, body: Record<string, unknown>, path = '/posts') {
  const res = await api(host, 'POST', `${ADMIN}${path}`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.post as PostJson;
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
export const b64json = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** Signs header.payload with HMAC under `key`, whatever algorithm the header claims. */
export async function craftToken(header: unknown, payload: unknown, key: string, hash = 'SHA-256'): Promise<string> {
  const input = `${b64json(header)}.${b64json(payload)}`;
  const encoder = new TextEncoder();
  const hmac = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, encoder.encode(input)));
  return `${input}.${b64url(signature)}`;
}

export async function signingKeyOf(siteId: string): Promise<string> {
  const row = await env.DB.prepare('SELECT signing_key AS k FROM sites WHERE id = ?')
    .bind(siteId)
    .first<{ k: string }>();
  if (!row) throw new Error(`no site ${siteId}`);
  return row.k;
}

/** The claims Lede itself issues for `userId` on `siteId`, valid for a minute. */
export function claimsFor(siteId: string, userId: string) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'lede', aud: `lede:admin:${siteId}`, sub: userId, site: siteId, iat: now, exp: now + 60 };
}
