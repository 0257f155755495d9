// Seeds the reader benchmark's 1,000 published posts on the demo site through the Admin API of the running Worker,
// the path a user takes: each post's Markdown is rendered and sanitized to stored `html` at publish time, tags are
// created on first use, and the post.created events go through the outbox and the Queue to their consumers. (Seeding
// straight into D1 from Node through Miniflare was tried first: about 40 ms per query on this machine, so 8 minutes.)
import { DEMO_AUTHORS } from '../../scripts/demo-content';
import { benchPost } from './corpus';

const HOUR = 60 * 60 * 1000;
/** Requests at once: enough to keep both cores busy, few enough that none waits long for D1. */
const PARALLEL = 4;

export interface Seeded {
  seconds: number;
  /** The slugs in post order; index 0 is the newest post, the "hot" one. */
  slugs: string[];
  /** A published post's id by slug, for the publish loop. */
  ids: Map<string, string>;
}

export async function seedPosts(url: string, token: string, count: number): Promise<Seeded> {
  const started = performance.now();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const users = await fetch(`${url}/api/v1/admin/users`, { headers });
  if (!users.ok) throw new Error(`listing staff answered ${users.status}: ${await users.text()}`);
  const emails = new Set(DEMO_AUTHORS.map((a) => a.email));
  const staff = ((await users.json()) as { users: { id: string; email: string }[] }).users
    .filter((u) => emails.has(u.email))
    .map((u) => u.id);
  if (staff.length === 0) throw new Error('no demo staff on the demo site');

  const now = Date.now();
  const slugs = Array.from({ length: count }, (_, i) => benchPost(i + 1).slug);
  const ids = new Map<string, string>();
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const i = next++;
      const post = benchPost(i);
      // One or two of the staff per post, the first being the primary author.
      const authors = [staff[i % staff.length]!, ...(i % 3 === 0 ? [staff[(i + 1) % staff.length]!] : [])];
      const res = await fetch(`${url}/api/v1/admin/posts`, {
        signal: AbortSignal.timeout(60_000),
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: post.title,
          slug: post.slug,
          markdown: post.markdown,
          custom_excerpt: post.customExcerpt,
          tags: post.tags,
          authors: [...new Set(authors)],
          status: 'published',
          // Post 1 is the newest, then one an hour before the other, so home and archives have a stable order.
          published_at: new Date(now - i * HOUR).toISOString(),
        }),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`creating ${post.slug} answered ${res.status}: ${text}`);
      const created = (JSON.parse(text) as { post: { id: string; slug: string } }).post;
      if (created.slug !== post.slug) throw new Error(`${post.slug} was saved as ${created.slug}`);
      ids.set(created.slug, created.id);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { seconds: (performance.now() - started) / 1000, slugs, ids };
}

/** Fetches a few pages and checks each is a 200 carrying its post's title (HTML-escaped as the page writes it). */
export async function checkPages(url: string, picks: number[]): Promise<void> {
  for (const i of picks) {
    const post = benchPost(i);
    const res = await fetch(`${url}/${post.slug}/`, { signal: AbortSignal.timeout(30_000) });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`/${post.slug}/ answered ${res.status}`);
    if (!html.includes(post.title)) throw new Error(`/${post.slug}/ does not carry its title "${post.title}"`);
    if (!html.includes('<blockquote>')) throw new Error(`/${post.slug}/ does not carry its rendered body`);
  }
}
