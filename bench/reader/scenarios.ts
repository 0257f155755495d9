// What a reader asks for, on Lede and on the Ghost peer: the same kinds of page, named alike so rows pair up.
import { BENCH_CACHE_FLOOR_PATH, BENCH_D1_FLOOR_PATH, BENCH_FLOOR_PATH } from '../../workers/http/bench-floor';
import { postSlug } from './corpus';
import { ghostSlug } from './ghost';
import type { Scenario } from './load';

/** The tag every third post or so carries, on both platforms ("Engineering" → engineering). */
const TAG = 'engineering';
/** Honoured only under LEDE_BENCH_FLOOR: the Worker skips its edge cache for the request, so rendering is measured. */
export const NO_CACHE_HEADER = 'x-lede-bench-nocache';

const randomOf = (count: number, slug: (i: number) => string) => () =>
  `/${slug(1 + Math.floor(Math.random() * count))}/`;

export function ledeScenarios(posts: number, contentKey: string): Scenario[] {
  return [
    { key: 'floor', label: `floor (${BENCH_FLOOR_PATH}, a constant string)`, path: BENCH_FLOOR_PATH },
    {
      key: 'cache-floor',
      label: `cache floor (${BENCH_CACHE_FLOOR_PATH}, the constant from one Cache API read)`,
      path: BENCH_CACHE_FLOOR_PATH,
    },
    {
      key: 'd1-floor',
      label: `D1 floor (${BENCH_D1_FLOOR_PATH}, the constant after one D1 SELECT 1)`,
      path: BENCH_D1_FLOOR_PATH,
    },
    { key: 'post-hot', label: 'post page, one hot post', path: `/${postSlug(1)}/` },
    { key: 'post-random', label: `post pages, random of ${posts}`, path: randomOf(posts, postSlug) },
    { key: 'home', label: 'home page', path: '/' },
    { key: 'tag', label: `tag archive /tag/${TAG}/`, path: `/tag/${TAG}/` },
    { key: 'rss', label: 'RSS /rss/', path: '/rss/' },
    {
      key: 'content-api',
      label: 'Content API browse, limit=15',
      path: `/api/v1/content/posts/?key=${contentKey}&limit=15`,
    },
    {
      key: 'post-uncached',
      label: `post pages, random, edge cache skipped (${NO_CACHE_HEADER})`,
      path: randomOf(posts, postSlug),
      headers: { [NO_CACHE_HEADER]: '1' },
    },
  ];
}

/** Ghost caches no pages in this setup: its "uncached" row is random post pages again, for the ratio. */
export function ghostScenarios(posts: number, contentKey: string): Scenario[] {
  return [
    { key: 'post-hot', label: 'post page, one hot post', path: `/${ghostSlug(1)}/` },
    { key: 'post-random', label: `post pages, random of ${posts}`, path: randomOf(posts, ghostSlug) },
    { key: 'home', label: 'home page', path: '/' },
    { key: 'tag', label: `tag archive /tag/${TAG}/`, path: `/tag/${TAG}/` },
    { key: 'rss', label: 'RSS /rss/', path: '/rss/' },
    {
      key: 'content-api',
      label: 'Content API browse, limit=15',
      path: `/ghost/api/content/posts/?key=${contentKey}&limit=15`,
    },
    { key: 'post-uncached', label: `post pages, random of ${posts} (no cache)`, path: randomOf(posts, ghostSlug) },
  ];
}
