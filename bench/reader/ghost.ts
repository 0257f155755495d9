// The Ghost peer (../shared/peers/ghost/): found, not started. Its setup.sh installs and starts Ghost 6 on
// 127.0.0.1:2368 with 200 seeded posts (bench-post-001 … 200) and writes the integration keys; this suite only reads
// its state, checks the recorded PID is that Ghost, and drives it with the same harness as Lede.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Ghost {
  url: string;
  /** Ghost's node process, whose CPU time is read. */
  pid: number;
  contentKey: string;
  /** "id:hexsecret" of the Admin API integration key. */
  adminKey: string;
  posts: number;
}

export const ghostSlug = (i: number): string => `bench-post-${String(i).padStart(3, '0')}`;

/** The running Ghost peer, or why there is none. */
export async function findGhost(): Promise<Ghost | { missing: string }> {
  const work = process.env.GHOST_PEER_WORK ?? join(process.env.TMPDIR ?? tmpdir(), 'lede-ghost-peer');
  const url = process.env.GHOST_URL ?? 'http://127.0.0.1:2368';
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(url)) return { missing: `GHOST_URL ${url} is not loopback` };
  const keysFile = join(work, 'state', 'keys.json');
  const pidFile = join(work, 'state', 'ghost.pid');
  if (!existsSync(keysFile) || !existsSync(pidFile)) {
    return { missing: `no Ghost peer state in ${work} (run ../shared/peers/ghost/setup.sh)` };
  }
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return { missing: `Ghost (pid ${pid}) is not running (start it with ../shared/peers/ghost/start.sh)` };
  }
  if (!cmdline.includes('current/index.js')) return { missing: `pid ${pid} is not the Ghost peer` };
  const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as { content: string; admin: string };
  try {
    const res = await fetch(`${url}/${ghostSlug(1)}/`, { signal: AbortSignal.timeout(30_000) });
    if (res.status !== 200) return { missing: `Ghost answered ${res.status} for /${ghostSlug(1)}/` };
  } catch (error) {
    return { missing: `Ghost does not answer on ${url}: ${String(error)}` };
  }
  return { url, pid, contentKey: keys.content, adminKey: keys.admin, posts: Number(process.env.SEED_POSTS ?? 200) };
}

/** A short-lived Admin API token, as Ghost's own clients make it (HS256, kid = key id, aud /admin/). */
function adminToken(adminKey: string): string {
  const [id, secret] = adminKey.split(':') as [string, string];
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const data = `${b64({ alg: 'HS256', kid: id, typ: 'JWT' })}.${b64({ iat, exp: iat + 300, aud: '/admin/' })}`;
  return `${data}.${createHmac('sha256', Buffer.from(secret, 'hex')).update(data).digest('base64url')}`;
}

/**
 * Changes a published Ghost post's title through its Admin API (Ghost requires the updated_at it last read);
 * returns the title it had, so the peer's posts can be put back as they were.
 */
export async function retitleGhostPost(ghost: Ghost, slug: string, title: string): Promise<string> {
  const headers = { authorization: `Ghost ${adminToken(ghost.adminKey)}`, 'content-type': 'application/json' };
  const read = await fetch(`${ghost.url}/ghost/api/admin/posts/slug/${slug}/`, {
    headers,
    signal: AbortSignal.timeout(30_000),
  });
  if (!read.ok) throw new Error(`Ghost: reading ${slug} answered ${read.status}`);
  const [post] = ((await read.json()) as { posts: { id: string; title: string; updated_at: string }[] }).posts;
  const res = await fetch(`${ghost.url}/ghost/api/admin/posts/${post!.id}/`, {
    signal: AbortSignal.timeout(30_000),
    method: 'PUT',
    headers,
    body: JSON.stringify({ posts: [{ title, updated_at: post!.updated_at }] }),
  });
  if (!res.ok) throw new Error(`Ghost: updating ${slug} answered ${res.status}: ${await res.text()}`);
  return post!.title;
}
