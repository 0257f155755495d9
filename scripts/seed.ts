// Seeds the demo site. Accounts go straight into local D1 through Lede's own service functions (there is no
// invitation flow yet); everything else goes through the Admin API of the running Worker, the path a user takes.
// Every step looks before it writes, so seeding twice changes nothing.
import { Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { openDatabase } from '../d1/db';
import { findSiteByHost, updateSiteSettings } from '../d1/repositories/sites';
import { findStaffMember, findUserByEmail, insertMembershipStatement, updateProfile } from '../d1/repositories/users';
import { addStaffMember, createSiteWithOwner } from '../workers/identity/accounts';
import { DEMO_AUTHORS, DEMO_CATEGORIES, DEMO_PASSWORD, DEMO_POSTS, DEMO_SITE, type DemoPost } from './demo-content';
import { ROOT } from './local';

/** The hosts the demo site answers on locally (ports are ignored when resolving a site). */
export const DEMO_HOSTS = ['127.0.0.1', 'localhost'];
const owner = DEMO_AUTHORS.find((a) => a.role === 'owner')!;

/** Opens the local D1 database that `wrangler dev --persist-to persistTo` uses, without starting the Worker. */
export async function openLocalD1(persistTo: string) {
  const config = unstable_readConfig({ config: `${ROOT}/wrangler.toml` });
  const databaseId = config.d1_databases.find((d: { binding: string }) => d.binding === 'DB')?.database_id;
  if (!databaseId) throw new Error('wrangler.toml has no D1 binding named DB');
  const mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    d1Databases: { DB: databaseId },
    d1Persist: `${persistTo}/v3/d1`,
  });
  return { d1: (await mf.getD1Database('DB')) as unknown as D1Database, dispose: () => mf.dispose() };
}

export async function seedAccounts(persistTo: string): Promise<void> {
  const local = await openLocalD1(persistTo);
  try {
    const db = openDatabase(local.d1);
    const now = new Date();
    let site = await findSiteByHost(db, DEMO_HOSTS[0]!);
    if (!site) {
      await createSiteWithOwner(
        db,
        {
          title: DEMO_SITE.title,
          description: DEMO_SITE.description,
          hosts: DEMO_HOSTS,
          owner: { name: owner.name, email: owner.email, password: DEMO_PASSWORD },
        },
        now,
      );
      site = (await findSiteByHost(db, DEMO_HOSTS[0]!))!;
      await updateSiteSettings(db, site.id, { navigation: DEMO_SITE.navigation }, now);
    }
    for (const author of DEMO_AUTHORS) {
      let user = await findUserByEmail(db, author.email);
      if (!user) {
        const account = { name: author.name, email: author.email, password: DEMO_PASSWORD };
        await addStaffMember(db, site.id, account, author.role, now);
        user = (await findUserByEmail(db, author.email))!;
      } else if (!(await findStaffMember(db, site.id, user.id))) {
        await insertMembershipStatement(db, site.id, user.id, author.role, now);
      }
      if (user.bio === null) {
        await updateProfile(db, user.id, { bio: author.bio, website: author.website, location: author.location }, now);
      }
    }
  } finally {
    await local.dispose();
  }
}

interface Client {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

async function signedInClient(url: string, email: string): Promise<Client> {
  const call = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const session = await call<{ access_token: string }>('POST', '/api/v1/admin/session', {
    email,
    password: DEMO_PASSWORD,
  });
  return {
    get: (path) => call('GET', path, undefined, session.access_token),
    post: (path, body) => call('POST', path, body, session.access_token),
  };
}

const DAY = 24 * 60 * 60 * 1000;

function postBody(post: DemoPost, authorIds: string[], now: number) {
  return {
    title: post.title,
    slug: post.slug,
    markdown: post.markdown,
    tags: post.tags,
    categories: post.categories,
    authors: authorIds,
    featured: post.featured ?? false,
    content_format: post.contentFormat ?? 'article',
    status: post.status,
    ...(post.customExcerpt ? { custom_excerpt: post.customExcerpt } : {}),
    ...(post.featureImage ? { feature_image: post.featureImage, feature_image_alt: post.featureImageAlt ?? null } : {}),
    ...(post.metaDescription ? { meta_description: post.metaDescription } : {}),
    ...(post.customFields ? { custom_fields: post.customFields } : {}),
    ...(post.status === 'published' ? { published_at: new Date(now - post.daysAgo * DAY).toISOString() } : {}),
    ...(post.status === 'scheduled'
      ? { scheduled_at: new Date(now + (post.scheduleInHours ?? 2) * 60 * 60 * 1000).toISOString() }
      : {}),
  };
}

/** Creates the demo categories and posts that do not exist yet; returns the site's Content API key. */
export async function seedContent(url: string): Promise<{ contentKey: string; created: number }> {
  const client = await signedInClient(url, owner.email);
  const staff = (await client.get<{ users: { id: string; email: string }[] }>('/api/v1/admin/users')).users;
  const idOf = (key: string) => {
    const email = DEMO_AUTHORS.find((a) => a.key === key)?.email;
    const id = staff.find((u) => u.email === email)?.id;
    if (!id) throw new Error(`demo author ${key} is not staff of the demo site`);
    return id;
  };

  const existing = (await client.get<{ categories: { id: string; slug: string }[] }>('/api/v1/admin/categories'))
    .categories;
  const categoryIds = new Map(existing.map((c) => [c.slug, c.id]));
  // Parents come before children in DEMO_CATEGORIES.
  for (const category of DEMO_CATEGORIES) {
    if (categoryIds.has(category.slug)) continue;
    const parent = category.parent ? categoryIds.get(category.parent) : null;
    const { category: created } = await client.post<{ category: { id: string } }>('/api/v1/admin/categories', {
      name: category.name,
      slug: category.slug,
      description: category.description,
      parent_id: parent ?? null,
    });
    categoryIds.set(category.slug, created.id);
  }

  const slugs = new Set<string>();
  for (const type of ['posts', 'pages']) {
    for (let page = 1; ; page++) {
      const res = await client.get<{ posts: { slug: string }[]; meta: { pagination: { next: number | null } } }>(
        `/api/v1/admin/${type}?limit=100&page=${page}`,
      );
      for (const p of res.posts) slugs.add(p.slug);
      if (!res.meta.pagination.next) break;
    }
  }

  const now = Date.now();
  let created = 0;
  // Oldest first, so the revision history and "updated" times read naturally.
  for (const post of [...DEMO_POSTS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    if (slugs.has(post.slug)) continue;
    const authorIds = [post.author, ...(post.coAuthors ?? [])].map(idOf);
    await client.post(`/api/v1/admin/${post.type === 'page' ? 'pages' : 'posts'}`, postBody(post, authorIds, now));
    created++;
  }
  const { site } = await client.get<{ site: { content_api_key?: string } }>('/api/v1/admin/site');
  return { contentKey: site.content_api_key ?? '', created };
}

export const DEMO_OWNER = { email: owner.email, password: DEMO_PASSWORD };
