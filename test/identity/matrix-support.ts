// The access matrix's world and its expectations: every Admin and Members API route read from the app itself, every
// kind of principal, one resource of each kind per owner, and what the policy table says each request should get.
import { env } from 'cloudflare:test';
import { openDatabase } from '../../d1/db';
import { INTEGRATION_SCOPES, type IntegrationScope, type Role } from '../../d1/schema';
import { adminApi } from '../../workers/admin-api';
import { membersApi } from '../../workers/members-api';
import { addStaffMember } from '../../workers/identity/accounts';
import { type Action, actionsFor, allows, integrationRole, POLICY } from '../../workers/identity/policy';
import { ACTION_EXTENSION, PEOPLE_ONLY_EXTENSION, PUBLIC_ACTION } from '../../workers/identity/route-policy';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, claimsFor, craftToken, createPost, signingKeyOf } from '../admin/support';
import { makePng, rawUpload } from '../media/support';

/** The APIs whose routes the matrix covers, by mount point: the Admin API and the Members API. */
export const MEMBERS = '/api/v1/members';
const APIS = [
  [ADMIN, adminApi],
  [MEMBERS, membersApi],
] as const;

export interface Route {
  method: string;
  /** Where its API is mounted: ADMIN or MEMBERS. */
  base: string;
  /** As the OpenAPI document spells it, under `base`: `/posts/{id}`. */
  path: string;
  /** The declared action; undefined when the route declares none (the test fails on it). */
  action: Action | typeof PUBLIC_ACTION | undefined;
  peopleOnly: boolean;
  /** A WebSocket route, which answers a plain GET with 426 before it looks at credentials. */
  websocket: boolean;
}

/** Every route the APIs answer (Hono's own registry, so undocumented routes count too), with its declaration. */
export async function adminRoutes(host: string): Promise<Route[]> {
  const doc = (await api(host, 'GET', '/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const routes = new Map<string, Route>();
  for (const [base, subApp] of APIS) {
    // `use()` middleware is registered under the method ALL; every handler of a route shares its method and path.
    for (const r of subApp.routes.filter((r) => r.method !== 'ALL')) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[base + path]?.[r.method.toLowerCase()];
      routes.set(`${r.method} ${base}${path}`, {
        method: r.method,
        base,
        path,
        action: operation?.[ACTION_EXTENSION] as Route['action'],
        peopleOnly: operation?.[PEOPLE_ONLY_EXTENSION] === true,
        websocket: '101' in ((operation?.responses as object | undefined) ?? {}),
      });
    }
  }
  return [...routes.values()];
}

export type Variant = 'none' | 'own' | 'other' | 'foreign';
export type Expected = 'allowed' | 'refused' | 'not_found';

export interface Principal {
  name: string;
  token?: string;
  /** Its role on site A (a key's: its creator's); undefined for anonymous and another site's user. */
  role?: Role;
  scope?: IntegrationScope;
  userId?: string;
}

/** What the policy table says `who` should get from a route needing `route.action`, on a resource of `variant`. */
export function expectedAnswer(who: Principal, route: Route, variant: Variant): Expected {
  const action = route.action!;
  if (action === PUBLIC_ACTION) return 'allowed';
  if (!who.role) return 'refused';
  if (who.scope && route.peopleOnly) return 'refused';
  const subject = who.scope
    ? { role: integrationRole(who.role), integration: { keyId: '-', actions: actionsFor([who.scope]) } }
    : { role: who.role };
  if (!allows(subject, action, true)) return 'refused';
  if (variant === 'foreign') return 'not_found';
  return allows(subject, action, variant !== 'other') ? 'allowed' : 'refused';
}

/** Whether a route's action distinguishes the actor's own resources from others' for some role. */
export const hasOwnership = (action: Action) => Object.values(POLICY[action]).includes('own');

/** Sites A (the one under test) and B (another tenant), the principals, and resources on both. */
export interface World {
  a: TestSite;
  b: TestSite;
  principals: Principal[];
  /** family → variant → principal name (or '*') → id */
  ids: Record<string, Partial<Record<Variant, Record<string, string>>>>;
}

async function tokenFor(siteId: string, userId: string): Promise<string> {
  // Hand-signed tokens name no session, so an allowed sign-out in the matrix cannot end the principal's access.
  const claims = { ...claimsFor(siteId, userId), exp: Math.floor(Date.now() / 1000) + 3600 };
  return craftToken({ alg: 'HS256', typ: 'JWT' }, claims, await signingKeyOf(siteId));
}

async function upload(site: TestSite, token: string, name: string): Promise<string> {
  const res = await rawUpload(site, makePng(2, 2), { token, contentType: 'image/png', filename: `${name}.png` });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.media.id as string;
}

const STAFF: Role[] = ['owner', 'admin', 'editor', 'author', 'contributor'];

export async function buildWorld(): Promise<World> {
  const [a, b] = [await createTestSite('matrix-a'), await createTestSite('matrix-b')];
  const memberId = await addStaffMember(
    openDatabase(env.DB),
    a.siteId,
    { name: 'Reader', email: `member@${a.host}`, password: PASSWORD },
    'member',
    new Date(),
  );
  const principals: Principal[] = [
    { name: 'anonymous' },
    { name: 'other-site-owner', token: await tokenFor(b.siteId, b.users.owner.id) },
  ];
  for (const role of STAFF) {
    principals.push({ name: role, role, userId: a.users[role].id, token: await tokenFor(a.siteId, a.users[role].id) });
  }
  principals.push({ name: 'member', role: 'member', userId: memberId, token: await tokenFor(a.siteId, memberId) });
  const ownerToken = principals.find((p) => p.name === 'owner')!.token!;
  for (const scope of INTEGRATION_SCOPES) {
    const res = await api(a.host, 'POST', `${ADMIN}/integrations`, {
      token: ownerToken,
      body: { name: `matrix ${scope}`, scopes: [scope] },
    });
    // The key's role is its creator's (owner), which the policy caps at admin.
    principals.push({ name: `key:${scope}`, role: 'owner', scope, token: res.body.key as string });
  }

  const ids: World['ids'] = {};
  const put = (family: string, variant: Variant, who: string, id: string) => {
    ((ids[family] ??= {})[variant] ??= {})[who] = id;
  };
  // Resources with an owner: one per staff principal ("own"), a second author's ("other"), site B's ("foreign").
  for (const family of ['posts', 'pages'] as const) {
    // The creator of a post is its author.
    const make = async (site: TestSite, token: string) =>
      (await createPost(site.host, token, { title: `Matrix ${family}` }, `/${family}`)).id;
    for (const p of principals.filter((p) => p.role && !p.scope && p.role !== 'member')) {
      put(family, 'own', p.name, await make(a, p.token!));
    }
    put(family, 'other', '*', await make(a, a.users.author2.token));
    put(family, 'foreign', '*', await make(b, b.users.owner.token));
  }
  for (const p of principals.filter((p) => p.role && !p.scope && p.role !== 'member')) {
    put('media', 'own', p.name, await upload(a, p.token!, `own-${p.name}`));
  }
  put('media', 'other', '*', await upload(a, a.users.author2.token, 'other'));
  put('media', 'foreign', '*', await upload(b, b.users.owner.token, 'foreign'));
  // Resources without an owner in the policy's sense: one on site A and one on site B.
  for (const [site, variant] of [
    [a, 'other'],
    [b, 'foreign'],
  ] as const) {
    const token = site.users.owner.token;
    const tag = await api(site.host, 'POST', `${ADMIN}/tags`, { token, body: { name: `Matrix ${variant}` } });
    put('tags', variant, '*', tag.body.tag.id);
    const cat = await api(site.host, 'POST', `${ADMIN}/categories`, { token, body: { name: `Matrix ${variant}` } });
    put('categories', variant, '*', cat.body.category.id);
    const key = await api(site.host, 'POST', `${ADMIN}/integrations`, {
      token: site.users.admin.token,
      body: { name: 'fixture', scopes: ['posts:read'] },
    });
    put('integrations', variant, '*', key.body.integration_key.id);
    put('users', variant, '*', site.users.contributor2.id);
  }
  return { a, b, principals, ids };
}
