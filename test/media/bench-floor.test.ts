// The benchmark's constant-answer route exists only when `wrangler dev` is started with its dev-only variable; in
// every other configuration (wrangler.toml, production) the path is just another path of the site.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_CACHE_FLOOR_PATH, BENCH_D1_FLOOR_PATH, BENCH_FLOOR_PATH } from '../../workers/http/bench-floor';
import { readerApp } from '../../workers/reader-app';
import { createTestSite, type TestSite } from '../helpers';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('bench-floor');
});

/** A GET through the readers' app with `vars` added to the configured environment. */
async function fetchWith(path: string, vars: { LEDE_BENCH_FLOOR?: string }) {
  const ctx = createExecutionContext();
  const res = await readerApp.fetch(
    new Request(`http://${site.host}${path}`, { headers: { host: site.host }, redirect: 'manual' }),
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('the benchmark floor route', () => {
  it('answers a constant when LEDE_BENCH_FLOOR is 1', async () => {
    expect(await fetchWith(BENCH_FLOOR_PATH, { LEDE_BENCH_FLOOR: '1' })).toMatchObject({ status: 200, text: 'floor' });
  });

  it('answers the same constant from the Cache API on the cache floor, the first time and from the cache after', async () => {
    expect(await fetchWith(BENCH_CACHE_FLOOR_PATH, { LEDE_BENCH_FLOOR: '1' })).toMatchObject({
      status: 200,
      text: 'floor',
    });
    expect(await fetchWith(BENCH_CACHE_FLOOR_PATH, { LEDE_BENCH_FLOOR: '1' })).toMatchObject({
      status: 200,
      text: 'floor',
    });
  });

  it('answers the constant after one D1 query on the D1 floor', async () => {
    expect(await fetchWith(BENCH_D1_FLOOR_PATH, { LEDE_BENCH_FLOOR: '1' })).toMatchObject({
      status: 200,
      text: 'floor',
    });
  });

  it.each([{}, { LEDE_BENCH_FLOOR: '0' }, { LEDE_BENCH_FLOOR: 'true' }])(
    'is an ordinary path of the site otherwise (%j)',
    async (vars) => {
      for (const path of [BENCH_FLOOR_PATH, BENCH_CACHE_FLOOR_PATH, BENCH_D1_FLOOR_PATH]) {
        const floor = await fetchWith(path, vars);
        const other = await fetchWith('/__bench/elsewhere', vars);
        expect(floor.text).not.toBe('floor');
        expect(floor.status).toBe(other.status);
        expect(floor.location).toBe(other.location?.replace('/__bench/elsewhere', path) ?? null);
      }
    },
  );
});
