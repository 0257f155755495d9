// First-run setup under a race. Its own file because it needs an instance with no site at all.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { Problem } from '../../workers/http/problem';
import { setupFirstSite } from '../../workers/identity/accounts';
import { scalar } from './support';

// Protects "setup happens once": two setups racing (say, for two hosts) must not both create a site. Requests
// through SELF are served one after another here, so the race is run against the service itself.
describe('concurrent first-run setups', () => {
  it('let exactly one win; the other gets SETUP_ALREADY_DONE and leaves nothing behind', async () => {
    const db = openDatabase(env.DB);
    const attempt = (n: number) =>
      setupFirstSite(db, `race-${n}.test`, {
        title: `Race ${n}`,
        owner: { name: `Owner ${n}`, email: `owner@race-${n}.test`, password: 'a long enough password' },
      });
    const results = await Promise.allSettled([attempt(1), attempt(2), attempt(3)]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      expect(result.reason).toBeInstanceOf(Problem);
      expect(result.reason).toMatchObject({ status: 403, code: 'SETUP_ALREADY_DONE' });
    }
    expect(await scalar('SELECT count(*) AS n FROM sites')).toBe(1);
    expect(await scalar('SELECT count(*) AS n FROM site_hosts')).toBe(1);
    expect(await scalar('SELECT count(*) AS n FROM users')).toBe(1);
    expect(await scalar('SELECT count(*) AS n FROM memberships')).toBe(1);
  });
});
