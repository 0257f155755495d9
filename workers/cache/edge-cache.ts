// The edge cache in front of rendering: published pages, feeds, the sitemap and Content API answers are served from
// the Cache API of the location, keyed by URL, until a change purges them by tag (queues/cache/purge.ts). A hit costs
// a cache lookup and nothing else: no D1, no site lookup, no rendering. Anything personal never enters it.
import type { Context, Next } from 'hono';
import { RETAINED_304_HEADERS } from 'hono/etag';
import { createMiddleware } from 'hono/factory';
import { cacheTag, cacheTagHeader } from '../../queues/cache/tags';
import { cacheIndex } from '../../queues/cache/purge';
import type { Audience } from '../../d1/repositories/published';
import type { AppEnv } from '../app';
import { defaultCacheControl } from '../http/public-cache';
import { MEMBER_COOKIE } from '../identity/member-site-session';
import { keepAlive } from '../http/keep-alive';

/** Set by `wrangler dev --var LEDE_BENCH_FLOOR:1` only: lets the reader benchmark measure rendering on its own. */
type BenchVars = Partial<Record<'LEDE_BENCH_FLOOR', string>>;
export const BENCH_NOCACHE_HEADER = 'x-lede-bench-nocache';

/** How the response was served: from the cache, rendered and stored, rendered and not stored. */
export const CACHE_STATUS_HEADER = 'x-lede-cache';
export type CacheStatus = 'hit' | 'miss' | 'bypass' | 'stale';

// Kept with the stored copy only: when it was stored and the Cache-Control the reader gets.
const STORED_AT = 'x-lede-stored-at';
const READER_CACHE_CONTROL = 'x-lede-cache-control';
const PER_REQUEST_HEADERS = ['x-request-id', 'set-cookie'];
/** What workers/http/security-headers.ts and the site's own policy set on every answer. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'referrer-policy',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

export const isContentApiPath = (path: string) =>
  path.startsWith('/api/v1/content/') || path.startsWith('/ghost/api/content/');

/** Paths whose answers are the same for every reader: the published site and the Content API. */
export function isReaderPath(path: string): boolean {
  if (isContentApiPath(path)) return true;
  return !/^\/((api|ghost|media|admin)(\/|$)|__)/.test(path);
}

/**
 * Who a request may carry: nobody; a member's site cookie and nothing else of Lede's, whose pages are cached for
 * members as a whole once the site has checked the cookie; or a person in any other way (an Authorization header,
 * another of Lede's cookies), never answered from or into the cache.
 */
export function readerOf(request: Request): 'anonymous' | 'member' | 'personal' {
  if (request.headers.has('authorization')) return 'personal';
  const names = (request.headers.get('cookie') ?? '')
    .split(';')
    .map((pair) => pair.split('=', 1)[0]!.trim())
    .filter((name) => name.startsWith('lede_'));
  if (names.length === 0) return 'anonymous';
  return names.every((name) => name === MEMBER_COOKIE) ? 'member' : 'personal';
}

/**
 * The cache key. Site pages do not depend on the query, so it is dropped (a random query cannot bust the cache);
 * Content API answers do, so its parameters are kept, sorted so equal queries share one entry.
 */
export function cacheKey(url: URL): string {
  const key = new URL(url.origin + url.pathname);
  // By prefix: a site page such as /tag/api/ keeps no query either (nor could one name the members' copy below).
  if (isContentApiPath(url.pathname)) {
    const params = [...url.searchParams].sort(([a, av], [b, bv]) =>
      a === b ? av.localeCompare(bv) : a.localeCompare(b),
    );
    for (const [name, value] of params) key.searchParams.append(name, value);
  }
  return key.href;
}

/** The key of the copy rendered for signed-in members. A page's own key has no query, so no reader's request names it. */
export const membersKey = (key: string) => `${key}?lede_audience=members`;

/** Adds Cache-Tags to the response being built; the edge cache files the stored copy under them. */
export function tagResponse(c: Context<AppEnv>, tags: Iterable<string>): void {
  let set = c.get('cacheTags');
  if (!set) c.set('cacheTags', (set = new Set()));
  for (const tag of tags) set.add(tag);
}

// Compiled once: these run on every cache hit.
const DIRECTIVES = {
  's-maxage': /(?:^|,)\s*s-maxage=(\d+)/,
  'max-age': /(?:^|,)\s*max-age=(\d+)/,
  'stale-if-error': /(?:^|,)\s*stale-if-error=(\d+)/,
};

function directive(cacheControl: string, name: keyof typeof DIRECTIVES): number | undefined {
  const match = DIRECTIVES[name].exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}

/** Seconds the edge keeps a response fresh, or undefined when it must not keep it at all. */
export function edgeTtl(response: Response): number | undefined {
  // Redirects are left out: the trailing-slash one keeps the query, which the key drops.
  if (response.status !== 200) return undefined;
  if (response.headers.has('set-cookie') || response.headers.get('vary')?.includes('*')) return undefined;
  const cacheControl = response.headers.get('cache-control') ?? '';
  if (!/(^|,)\s*public\b/.test(cacheControl) || /\b(private|no-store|no-cache)\b/.test(cacheControl)) return undefined;
  const ttl = directive(cacheControl, 's-maxage') ?? directive(cacheControl, 'max-age');
  return ttl && ttl > 0 ? ttl : undefined;
}

/** A member's copy is theirs to keep in their browser, like the public's, and no shared cache's: it has the body. */
export const MEMBER_CACHE_CONTROL = 'private, max-age=0, must-revalidate';

function served(
  request: Request,
  requestId: string | undefined,
  stored: Response,
  status: CacheStatus,
  now: number,
  audience: Audience = 'public',
) {
  const headers = new Headers(stored.headers);
  const storedAt = Number(headers.get(STORED_AT));
  const readerControl = headers.get(READER_CACHE_CONTROL) ?? 'no-cache';
  headers.set('cache-control', audience === 'members' ? MEMBER_CACHE_CONTROL : readerControl);
  headers.delete(READER_CACHE_CONTROL);
  headers.delete(STORED_AT);
  headers.set('age', String(Math.max(0, Math.floor((now - storedAt) / 1000))));
  headers.set(CACHE_STATUS_HEADER, status);
  // A hit is answered ahead of the request-id middleware, so it makes its own.
  headers.set('x-request-id', requestId ?? crypto.randomUUID());
  const etag = headers.get('etag');
  const ifNoneMatch = request.headers.get('if-none-match');
  if (etag && ifNoneMatch?.match(/"[^"]*"/g)?.includes(etag.replace(/^W\//, ''))) {
    // A 304 carries only what the 200 would have said about caching (RFC 9110, 15.4.5), and its security headers:
    // a hit meets no middleware that would add them.
    const kept = [...RETAINED_304_HEADERS, ...SECURITY_HEADERS, 'age', CACHE_STATUS_HEADER, 'x-request-id'];
    return new Response(null, {
      status: 304,
      headers: kept.flatMap((h) => (headers.has(h) ? [[h, headers.get(h)!]] : [])),
    });
  }
  return new Response(request.method === 'HEAD' ? null : stored.body, { status: stored.status, headers });
}

/** What the cache holds for a reader's request: a copy still fresh, or one past freshness to fall back to. */
interface Lookup {
  key: string;
  now: number;
  fresh?: Response;
  stale?: Response;
}

/** What the lookup in front of the app decided: a public lookup, or that the site must check a member first. */
type Decision = Lookup | 'member' | 'bypass' | 'none';
// The lookup made in front of the app, kept for the middleware below, which needs the stale copy on a miss.
const lookups = new WeakMap<Request, Decision>();

async function lookUp(request: Request, env: Env): Promise<Decision> {
  const url = new URL(request.url);
  // HEAD reads the entry GET stored: Hono answers HEAD with the GET route.
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !isReaderPath(url.pathname)) return 'none';
  const bench = (env as BenchVars).LEDE_BENCH_FLOOR === '1' && request.headers.get(BENCH_NOCACHE_HEADER) === '1';
  const reader = readerOf(request);
  if (bench || reader === 'personal') return 'bypass';
  // The Content API reads no cookie, so a member there gets the public copy; a page is the site's to decide.
  if (reader === 'member' && !isContentApiPath(url.pathname)) return 'member';
  return lookUpKey(cacheKey(url));
}

async function lookUpKey(key: string): Promise<Lookup> {
  const cached = await caches.default.match(key);
  const now = Date.now();
  if (!cached) return { key, now };
  const readerControl = cached.headers.get(READER_CACHE_CONTROL) ?? '';
  const age = (now - Number(cached.headers.get(STORED_AT))) / 1000;
  const fresh = directive(readerControl, 's-maxage') ?? directive(readerControl, 'max-age') ?? 0;
  return age < fresh ? { key, now, fresh: cached } : { key, now, stale: cached };
}

/**
 * The edge cache's answer to a request, looked up before the request meets the app (workers/index.ts): a fresh
 * hit costs one Cache API read and no routing, middleware or database. Undefined when the app must answer.
 */
export async function answerFromCache(request: Request, env: Env): Promise<Response | undefined> {
  const lookup = await lookUp(request, env);
  lookups.set(request, lookup);
  return typeof lookup === 'object' && lookup.fresh
    ? served(request, undefined, lookup.fresh, 'hit', lookup.now)
    : undefined;
}

async function store(
  env: Env,
  siteId: string,
  key: string,
  response: Response,
  tags: string[],
  ttl: number,
  renderStartedAt: number,
): Promise<void> {
  const cacheControl = response.headers.get('cache-control')!;
  // Kept past freshness for as long as a failed render may fall back to it.
  const keepFor = ttl + (directive(cacheControl, 'stale-if-error') ?? 0);
  const headers = new Headers(response.headers);
  for (const name of PER_REQUEST_HEADERS) headers.delete(name);
  headers.delete(CACHE_STATUS_HEADER);
  headers.set(READER_CACHE_CONTROL, cacheControl);
  headers.set(STORED_AT, String(Date.now()));
  headers.set('cache-control', `public, max-age=${keepFor}`);
  const cache = caches.default;
  await cache.put(key, new Response(response.body, { status: response.status, headers }));
  const recorded = await cacheIndex(env, siteId).record({
    url: key,
    tags,
    expiresAt: Date.now() + keepFor * 1000,
    renderStartedAt,
  });
  // A purge ran while this was rendering: it may show what the purge was for, so it goes.
  if (!recorded) await cache.delete(key);
}

/**
 * The edge cache inside the app: it stores what the app renders for a reader, and falls back to a stale copy when
 * rendering fails. The lookup was made in front of the app; a request that did not pass there (a test calling the
 * app directly) is looked up here, so the app alone behaves the same.
 */
export const edgeCache = createMiddleware<AppEnv>(async (c, next) => {
  const lookup = lookups.get(c.req.raw) ?? (await lookUp(c.req.raw, c.env));
  // A member's request is left to the site, which checks the cookie before anything of the cache (memberCache).
  if (lookup === 'none' || lookup === 'member') return next();
  if (lookup === 'bypass') return bypassed(c, next);
  return throughCache(c, next, lookup, 'public');
});

/**
 * The edge cache for a request with a member's cookie, once the site has checked it (workers/site/reader-member.ts):
 * members share one copy of each page, under its own key, purged with the public copy by the same tags. A cookie
 * that signs nobody in is answered fresh and stored nowhere.
 */
export const memberCache = createMiddleware<AppEnv>(async (c, next) => {
  const lookup = lookups.get(c.req.raw) ?? (await lookUp(c.req.raw, c.env));
  if (!c.var.member) return lookup === 'member' ? bypassed(c, next) : next();
  if (lookup === 'member') {
    const hit = await throughCache(c, next, await lookUpKey(membersKey(cacheKey(new URL(c.req.url)))), 'members');
    if (hit) return hit;
  } else {
    // A member who carries more than the cookie was passed by in front, and is answered fresh.
    await next();
  }
  // Whatever a member is answered may hold a members-only body: theirs to keep, never a shared cache's.
  if (!/\bno-store\b/.test(c.res.headers.get('cache-control') ?? '')) {
    c.res.headers.set('cache-control', MEMBER_CACHE_CONTROL);
  }
});

async function bypassed(c: Context<AppEnv>, next: Next) {
  await next();
  c.res.headers.set(CACHE_STATUS_HEADER, 'bypass');
}

async function throughCache(c: Context<AppEnv>, next: Next, lookup: Lookup, audience: Audience) {
  const { key, now, fresh, stale } = lookup;
  if (fresh) return served(c.req.raw, c.var.requestId, fresh, 'hit', now, audience);
  await next();
  const response = c.res;
  if (response.status >= 500 && stale) {
    // stale-if-error: a copy past its freshness beats an error page.
    c.res = undefined;
    c.res = served(c.req.raw, c.var.requestId, stale, 'stale', now, audience);
    return;
  }
  // Inside the site the route's default Cache-Control is not set yet (workers/http/public-cache.ts sets it later).
  if (!response.headers.has('cache-control')) response.headers.set('cache-control', defaultCacheControl(response));
  const ttl = edgeTtl(response);
  const site = c.get('site');
  const tags = cacheTagHeader([...(site ? [cacheTag.site(site.id)] : []), ...(c.get('cacheTags') ?? [])]);
  if (ttl === undefined || !site || tags === undefined) {
    response.headers.set(CACHE_STATUS_HEADER, 'bypass');
    return;
  }
  response.headers.set('cache-tag', tags);
  response.headers.set(CACHE_STATUS_HEADER, 'miss');
  const storing = store(c.env, site.id, key, response.clone(), tags.split(','), ttl, now).catch((error: unknown) =>
    console.error(JSON.stringify({ level: 'error', msg: 'edge cache store failed', key, error: String(error) })),
  );
  keepAlive(c, storing);
}
