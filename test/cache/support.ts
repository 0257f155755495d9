// Shared by the cache tests: reading the cache status, and waiting until an answer is settled in the cache.
import { get, type Page } from '../site/helpers';

export const cacheOf = (res: { headers: Headers }) => res.headers.get('x-lede-cache');

/**
 * Fetches until the answer comes from the cache and stays there. The store runs after the response, and a store
 * that raced a purge (one within 250 ms before its render began) deletes itself, so one hit alone does not prove
 * the entry is settled.
 */
export async function cached(host: string, path: string, headers: Record<string, string> = {}): Promise<Page> {
  for (let i = 0; i < 100; i++) {
    const page = await get(host, path, headers);
    if (cacheOf(page) === 'hit') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await get(host, path, headers);
      if (cacheOf(again) === 'hit') return again;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} never came from the cache`);
}
