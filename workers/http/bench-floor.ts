// The runtime floor for `npm run bench -- media`: a constant answer from the same Worker, so delivery figures can
// be read as multiples of what any request costs before Lede does any work. It answers only when the benchmark
// starts `wrangler dev --var LEDE_BENCH_FLOOR:1`; anywhere else the path falls through to the site (a 404 page).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app';

export const BENCH_FLOOR_PATH = '/__bench/floor';

/** Set by a `--var` on the command line only, so it is not in wrangler.toml and not in the generated Env. */
type BenchVars = Partial<Record<'LEDE_BENCH_FLOOR', string>>;

export const benchFloor: MiddlewareHandler<AppEnv> = async (c, next) => {
  if ((c.env as BenchVars).LEDE_BENCH_FLOOR !== '1') return next();
  return c.text('floor');
};

export const BENCH_CACHE_FLOOR_PATH = '/__bench/cache-floor';
const CACHE_FLOOR_KEY = 'https://bench-floor.invalid/__bench/cached';

/**
 * The floor plus one Cache API read: a constant answer stored in the cache and returned from it, so a cached page can
 * be read against what the runtime's cache alone costs (locally it runs in the Worker's own process).
 */
export const benchCacheFloor: MiddlewareHandler<AppEnv> = async (c, next) => {
  if ((c.env as BenchVars).LEDE_BENCH_FLOOR !== '1') return next();
  const hit = await caches.default.match(CACHE_FLOOR_KEY);
  if (hit) return new Response(hit.body, hit);
  await caches.default.put(CACHE_FLOOR_KEY, new Response('floor', { headers: { 'cache-control': 'max-age=86400' } }));
  return c.text('floor');
};

export const BENCH_D1_FLOOR_PATH = '/__bench/d1-floor';

/**
 * The floor plus one D1 round trip of the smallest query: what any page that reads D1 costs before it reads
 * anything (locally D1 runs in the Worker's own process, so its work shows in the process's CPU).
 */
export const benchD1Floor: MiddlewareHandler<AppEnv> = async (c, next) => {
  if ((c.env as BenchVars).LEDE_BENCH_FLOOR !== '1') return next();
  const row = await c.env.DB.prepare('SELECT 1 AS one').first<{ one: number }>();
  return c.text(row?.one === 1 ? 'floor' : 'no row');
};
