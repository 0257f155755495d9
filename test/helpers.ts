// Shared test fixtures: sites with staff of every role, signed-in tokens, and a request helper that speaks JSON.
import { env, SELF } from 'cloudflare:test';
import { openDatabase } from '../d1/db';
import type { Role } from '../d1/schema';
import type { Outbox } from '../queues/events/relay';
import { addStaffMember, createSiteWithOwner } from '../workers/identity/accounts';

export const PASSWORD = 'correct horse battery staple';

export interface TestSite {
  host: string;
  siteId: string;
  contentKey: string;
  users: Record<Role | 'author2' | 'contributor2', { id: string; email: string; token: string }>;
}

let counter = 0;

/** A fresh site on its own host, with one staff member per role (plus a second author and contributor). */
export async function createTestSite(label = 'site'): Promise<TestSite> {
  const n = `${label}-${++counter}-${crypto.randomUUID().slice(0, 8)}`;
  const host = `${n}.test`;
  const db = openDatabase(env.DB);
  const now = new Date();
  const owner = { name: `Owner ${n}`, email: `owner@${host}`, password: PASSWORD };
  const created = await createSiteWithOwner(db, { title: `Site ${n}`, hosts: [host], owner }, now);
  const users = { owner: { id: created.ownerId, email: owner.email, token: '' } } as TestSite['users'];
  const others: [keyof TestSite['users'], Role][] = [
    ['admin', 'admin'],
    ['editor', 'editor'],
    ['author', 'author'],
    ['author2', 'author'],
    ['contributor', 'contributor'],
    ['contributor2', 'contributor'],
  ];
  for (const [key, role] of others) {
    const email = `${key}@${host}`;
    const id = await addStaffMember(db, created.siteId, { name: `${key} ${n}`, email, password: PASSWORD }, role, now);
    users[key] = { id, email, token: '' };
  }
  for (const user of Object.values(users)) user.token = await signInAs(host, user.email);
  return { host, siteId: created.siteId, contentKey: created.contentKey, users };
}

export async function signInAs(host: string, email: string, password = PASSWORD): Promise<string> {
  const res = await api(host, 'POST', '/api/v1/admin/session', { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { access_token: string }).access_token;
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON request against the Worker as `host`; problem+json and JSON bodies are parsed. */
export async function api<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loosely
  host: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers = new Headers(options.headers);
  headers.set('host', host);
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  const res = await SELF.fetch(`http://${host}${path}`, { method, headers, body, redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** An outbox for tests that call services directly: events are written with the change and left for the sweeper. */
export function unrelayedOutbox(): Outbox {
  return { correlationId: `test-${crypto.randomUUID()}`, committed: () => {} };
}
