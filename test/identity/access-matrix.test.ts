// The generated access matrix: every Admin and Members API route × every principal × {own, another user's, another site's}
// resource, each answer checked against the policy table. Routes come from the app, so a new route is in the matrix
// (and fails it until it declares its action) without anyone editing this file.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiApp } from '../../workers/api-app';
import { POLICY } from '../../workers/identity/policy';
import { PUBLIC_ACTION } from '../../workers/identity/route-policy';
import {
  adminRoutes,
  buildWorld,
  expectedAnswer,
  type Expected,
  hasOwnership,
  MEMBERS,
  type Principal,
  type Route,
  type Variant,
  type World,
} from './matrix-support';

interface Case {
  route: Route;
  who: Principal;
  variant: Variant;
  expected: Expected;
  path: string;
  body?: unknown;
}

// Bodies that get a request past validation to the service's own/other check; everywhere else `{}` will do, since
// a role that may never do the action is refused before the body is read (workers/identity/route-policy.ts).
const SAMPLE_BODIES: Record<string, unknown> = {
  'PATCH /posts/{id}': { title: 'Matrix edit' },
  'POST /posts/{id}/versions': { name: 'matrix' },
  'POST /posts/{id}/preview': { markdown: 'matrix' },
  'PATCH /media/{id}': { alt: 'matrix' },
  // Another site's tag, category or person must be answered 404, which only a valid body gets as far as.
  'PATCH /tags/{id}': { name: 'Matrix renamed' },
  'PATCH /categories/{id}': { name: 'Matrix renamed' },
  'PATCH /users/{id}': { role: 'contributor' }, // the role the fixture already has: an allowed change changes nothing
};
const SAMPLE_QUERIES: Record<string, string> = { 'GET /posts/{id}/revisions/diff': '?from=a&to=b' };
const sampleKey = (route: Route) => `${route.method} ${route.path.replace(/^\/pages\//, '/posts/')}`;
// A public route's answer depends on its body, never on who asks; a body every one of them rejects (their objects are
// strict) keeps the sign-in and refresh steps from acting, so that the answer is the same for every principal.
const bodyFor = (route: Route) =>
  route.action === PUBLIC_ACTION ? { matrix: true } : (SAMPLE_BODIES[sampleKey(route)] ?? {});

async function firstRevision(postId: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id FROM post_revisions WHERE post_id = ? LIMIT 1').bind(postId).first();
  return (row?.id as string | undefined) ?? 'matrix-none';
}

/** The requests one principal sends to one route: one per resource variant the route and the principal have. */
async function casesFor(world: World, route: Route, who: Principal): Promise<Case[]> {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const family = route.path.startsWith('/media/uploads') ? 'uploads' : route.path.split('/')[1]!;
  const fixtures = world.ids[family] ?? {};
  const variants: [Variant, string | undefined][] = params.length === 0 ? [['none', undefined]] : [];
  if (params.length > 0) {
    const ownable = route.action !== PUBLIC_ACTION && route.action && hasOwnership(route.action);
    if (ownable && fixtures.own?.[who.name]) variants.push(['own', fixtures.own[who.name]]);
    // Families without fixtures (a route added later) still get a request, on an id that does not exist.
    variants.push(['other', fixtures.other?.['*'] ?? 'matrix-none']);
    if (fixtures.foreign) variants.push(['foreign', fixtures.foreign['*']]);
  }
  const cases: Case[] = [];
  for (const [variant, id] of variants) {
    let path = route.path;
    for (const [i, name] of params.entries()) {
      const value = i === 0 ? id! : name === 'revisionId' ? await firstRevision(id!) : name === 'part' ? '1' : 'none';
      path = path.replace(`{${name}}`, encodeURIComponent(value));
    }
    path = route.base + path + (SAMPLE_QUERIES[sampleKey(route)] ?? '');
    const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? bodyFor(route) : undefined;
    cases.push({ route, who, variant, expected: expectedAnswer(who, route, variant), path, body });
  }
  return cases;
}

/** Sends one case and says what is wrong with the answer, if anything. */
async function check(host: string, c: Case, ctx: ExecutionContext): Promise<string | undefined> {
  const headers = new Headers({ host });
  if (c.who.token) headers.set('authorization', `Bearer ${c.who.token}`);
  if (c.body !== undefined) headers.set('content-type', 'application/json');
  if (c.route.websocket) headers.set('upgrade', 'websocket');
  const body = c.body === undefined ? undefined : JSON.stringify(c.body);
  // In process: SELF.fetch slows down request by request over a run this long; apiApp.request stays flat.
  const res = await apiApp.request(`http://${host}${c.path}`, { method: c.route.method, headers, body }, env, ctx);
  const type = res.headers.get('content-type') ?? '';
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, 'matrix');
  } else await res.arrayBuffer();
  const refused = res.status === 401 || res.status === 403;
  const where = `${c.route.method} ${c.path} as ${c.who.name} (${c.variant}): expected ${c.expected}, got ${res.status}`;
  if (c.expected === 'refused') return refused && type.startsWith('application/problem+json') ? undefined : where;
  if (c.expected === 'not_found') return res.status === 404 ? undefined : where;
  return refused || res.status >= 500 ? where : undefined;
}

async function runAll(host: string, cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  // In batches: enough at once to keep the run short, few enough not to swamp the single D1 database.
  for (let i = 0; i < cases.length; i += 24) {
    const ctx = createExecutionContext();
    const results = await Promise.all(cases.slice(i, i + 24).map((c) => check(host, c, ctx)));
    await waitOnExecutionContext(ctx);
    failures.push(...results.filter((r): r is string => r !== undefined));
  }
  return failures;
}

/** Every D1 table's rows, to prove a refused request wrote nothing. */
async function snapshot(): Promise<Map<string, string>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const rows = new Map<string, string>();
  for (const { name } of tables.results) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    // Using a credential is recorded even when what it asked for is refused (at most once a minute per key).
    rows.set(name, JSON.stringify(results.map((r) => ({ ...r, last_used_at: null }))));
  }
  return rows;
}

describe('access matrix', () => {
  let world: World;
  let routes: Route[];
  beforeAll(async () => {
    world = await buildWorld();
    routes = await adminRoutes(world.a.host);
  }, 60_000);

  it('finds every route in the policy table', () => {
    expect(routes.length).toBeGreaterThan(50);
    // The Members API's public routes are in the matrix too.
    expect(routes.filter((r) => r.base === MEMBERS).map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /sign-up', 'POST /sign-in/verify']),
    );
    const undeclared = routes.filter((r) => r.action !== PUBLIC_ACTION && !(r.action! in POLICY));
    expect(
      undeclared.map((r) => `${r.method} ${r.base}${r.path}`),
      'routes that declare no policy action',
    ).toEqual([]);
  });

  it('gives members no staff rights: only their own account', () => {
    for (const [action, row] of Object.entries(POLICY)) {
      expect(row.member, action).toBe(action === 'account:manage' ? 'own' : 'none');
    }
  });

  it('answers every principal on every route as the policy table says, and a refusal writes nothing', async () => {
    const cases: Case[] = [];
    for (const route of routes) for (const who of world.principals) cases.push(...(await casesFor(world, route, who)));
    const refusals = cases.filter((c) => c.expected !== 'allowed');
    const allowed = cases.filter((c) => c.expected === 'allowed');

    // Refusals first, while every resource is intact: none may be allowed, and D1 must not change.
    const before = await snapshot();
    const unexpectedAllows = await runAll(world.a.host, refusals);
    const after = await snapshot();
    const written = [...before.keys()].filter((table) => before.get(table) !== after.get(table));
    // Then the allowed requests (they may write, so they come last).
    const unexpectedRefusals = await runAll(world.a.host, allowed);

    console.log(
      `access matrix: ${routes.length} routes × ${world.principals.length} principals → ${cases.length} requests ` +
        `(${refusals.length} to refuse, ${allowed.length} to allow); unexpected allows: ${unexpectedAllows.length}, ` +
        `unexpected refusals: ${unexpectedRefusals.length}`,
    );
    expect(unexpectedAllows).toEqual([]);
    expect(written, 'tables changed by refused requests').toEqual([]);
    expect(unexpectedRefusals).toEqual([]);
    // The matrix really covers each kind of principal and resource.
    expect(new Set(cases.map((c) => c.variant))).toEqual(new Set(['none', 'own', 'other', 'foreign']));
    expect(cases.length).toBeGreaterThan(routes.length * world.principals.length);
  }, 180_000);
});
