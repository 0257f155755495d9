// Purge by tag through the Cloudflare API, for production zones where a token is configured. It reaches every data
// centre, where the Cache API's own delete reaches only the one the Worker runs in.

/** Optional secrets; without both, purges stay local (queues/cache/purge.ts). */
export interface CloudflarePurgeConfig {
  CF_ZONE_ID?: string;
  CF_PURGE_TOKEN?: string;
}

// Cloudflare accepts up to 100 tags per call on current plans; 30 is the limit every plan has had.
const TAGS_PER_CALL = 30;

export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/** Returns the number of calls made; throws when Cloudflare refuses one (the caller retries the whole purge). */
export async function purgeTagsThroughApi(
  config: Required<CloudflarePurgeConfig>,
  tags: readonly string[],
  fetcher: Fetcher = (input, init) => fetch(input, init),
): Promise<number> {
  const url = `https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(config.CF_ZONE_ID)}/purge_cache`;
  let calls = 0;
  for (let i = 0; i < tags.length; i += TAGS_PER_CALL) {
    const response = await fetcher(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.CF_PURGE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tags: tags.slice(i, i + TAGS_PER_CALL) }),
    });
    calls += 1;
    const body = (await response.json().catch(() => null)) as { success?: boolean } | null;
    if (!response.ok || body?.success !== true) {
      throw new Error(`Cloudflare purge by tag failed with status ${response.status}`);
    }
  }
  return calls;
}

export function apiPurgeConfig(env: object): Required<CloudflarePurgeConfig> | undefined {
  const { CF_ZONE_ID, CF_PURGE_TOKEN } = env as CloudflarePurgeConfig;
  return CF_ZONE_ID && CF_PURGE_TOKEN ? { CF_ZONE_ID, CF_PURGE_TOKEN } : undefined;
}
