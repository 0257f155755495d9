// A room (re)connect decides the site, the token and the post in one D1 round trip: every editor's reconnect waits on
// it, and on Cloudflare each round trip goes to the database's primary.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { roomAccess } from '../../workers/content/room-service';
import { createTestSite, type TestSite } from '../helpers';
import { createPost } from '../admin/support';

let site: TestSite;
let other: TestSite;
beforeAll(async () => {
  [site, other] = await Promise.all([createTestSite('access'), createTestSite('access-other')]);
});

const RUNS = new Set(['first', 'all', 'run', 'raw']);

/** The binding, counting the round trips made through it: a statement run on its own, or a batch. */
function countingD1(d1: D1Database) {
  const counter = { trips: 0 };
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'bind') return (...args: unknown[]) => wrap(value.apply(target, args) as D1PreparedStatement);
        return (...args: unknown[]) => {
          if (RUNS.has(String(key))) counter.trips += 1;
          return value.apply(target, args) as unknown;
        };
      },
    });
    real.set(proxy, statement);
    return proxy;
  };
  const binding = new Proxy(d1, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'prepare') return (query: string) => wrap(target.prepare(query));
      if (key === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counter.trips += 1;
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      }
      return value.bind(target);
    },
  });
  return { db: openDatabase(binding), counter };
}

describe('deciding a room connect', () => {
  it('reads D1 once for an editor, a reader, a refused token and an unknown host', async () => {
    const post = await createPost(site.host, site.users.editor.token, { title: 'Once', markdown: 'x' });
    const cases = [
      [site.host, site.users.editor.token, 'editor'],
      [site.host, site.users.author2.token, 'reader'],
      [site.host, other.users.owner.token, 401],
      [site.host, 'not.a.token', 401],
      ['nowhere.example', site.users.editor.token, 404],
    ] as const;
    for (const [host, token, expected] of cases) {
      const { db, counter } = countingD1(env.DB);
      const outcome = await roomAccess(db, host, token, 'post', post.id).then(
        (access) => (access.readOnly ? 'reader' : 'editor'),
        (error: { status: number }) => error.status,
      );
      expect(outcome).toBe(expected);
      expect(counter.trips).toBe(1);
    }
  });

  it('reads D1 once on a site that requires MFA, before and after the editor enrols', async () => {
    const strict = await createTestSite('access-mfa');
    const post = await createPost(strict.host, strict.users.editor.token, { title: 'Strict', markdown: 'x' });
    await env.DB.prepare('UPDATE sites SET require_mfa = 1 WHERE id = ?').bind(strict.siteId).run();
    const decide = async () => {
      const { db, counter } = countingD1(env.DB);
      const outcome = await roomAccess(db, strict.host, strict.users.editor.token, 'post', post.id).then(
        () => 'joined',
        (error: { code: string }) => error.code,
      );
      return { outcome, trips: counter.trips };
    };
    expect(await decide()).toEqual({ outcome: 'MFA_ENROLMENT_REQUIRED', trips: 1 });
    // An authenticator confirmed (its secret is never read here).
    await env.DB.prepare('INSERT INTO user_totp (user_id, secret, confirmed_at, created_at) VALUES (?, ?, ?, ?)')
      .bind(strict.users.editor.id, 'v1:unused', Date.now(), Date.now())
      .run();
    expect(await decide()).toEqual({ outcome: 'joined', trips: 1 });
  });
});
