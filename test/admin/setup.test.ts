// First-run setup. This file must start on an empty instance, so it creates no test sites of its own.
import { describe, expect, it } from 'vitest';
import { api } from '../helpers';
import { ADMIN, expectProblem, scalar } from './support';

const HOST = 'first-run.test';
const valid = {
  site_title: 'The First Lede',
  name: 'Ada Owner',
  email: 'Ada@First-Run.test',
  password: 'a long enough password',
};
const sites = () => scalar('SELECT count(*) AS n FROM sites');
const users = () => scalar('SELECT count(*) AS n FROM users');

async function setupDone(): Promise<boolean> {
  const res = await api(HOST, 'GET', `${ADMIN}/setup`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.body.setup.done;
}

// Protects the window before setup: bad input is refused field by field and leaves the instance empty.
describe('setup before it is done', () => {
  it('reports that setup has not been done', async () => {
    expect(await setupDone()).toBe(false);
  });

  it.each([
    ['a short password', { ...valid, password: 'short' }, 'json.password'],
    ['a malformed email', { ...valid, email: 'not-an-email' }, 'json.email'],
    ['a missing site title', { ...valid, site_title: undefined }, 'json.site_title'],
    ['a blank name', { ...valid, name: '   ' }, 'json.name'],
  ])('refuses %s with 422 naming the field, creating nothing', async (_label, body, path) => {
    const res = await api(HOST, 'POST', `${ADMIN}/setup`, { body });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await sites()).toBe(0);
    expect(await users()).toBe(0);
    expect(await setupDone()).toBe(false);
  });

  it('refuses an unknown field with 422 naming it, creating nothing', async () => {
    const res = await api(HOST, 'POST', `${ADMIN}/setup`, { body: { ...valid, role: 'owner' } });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.issues)).toContain('role');
    expect(await sites()).toBe(0);
    expect(await users()).toBe(0);
  });

  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await api(HOST, 'POST', `${ADMIN}/setup`, {
      rawBody: '{"site_title": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(await sites()).toBe(0);
  });
});

// Protects the one-time nature of setup, including a double-submitted form.
describe('setup', () => {
  let token = '';

  // SELF serves these one after the other; setup-race.test.ts races two setups truly in flight.
  it('creates the site and its owner once when the form is submitted twice', async () => {
    const [a, b] = await Promise.all([
      api(HOST, 'POST', `${ADMIN}/setup`, { body: valid }),
      api(HOST, 'POST', `${ADMIN}/setup`, { body: valid }),
    ]);
    const created = [a, b].find((r) => r.status === 201);
    const refused = [a, b].find((r) => r !== created);
    expect(created, JSON.stringify([a.body, b.body])).toBeDefined();
    expectProblem(refused!, 403, 'SETUP_ALREADY_DONE');
    expect(created!.body.token_type).toBe('Bearer');
    expect(created!.body.user).toMatchObject({ role: 'owner', email: 'ada@first-run.test', name: 'Ada Owner' });
    token = created!.body.access_token;
    expect(await sites()).toBe(1);
    expect(await users()).toBe(1);
    expect(await setupDone()).toBe(true);
  });

  it('returns a token that works on the site it created for the Host', async () => {
    const me = await api(HOST, 'GET', `${ADMIN}/users/me`, { token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ role: 'owner', email: 'ada@first-run.test' });
    const site = await api(HOST, 'GET', `${ADMIN}/site`, { token });
    expect(site.body.site.title).toBe('The First Lede');
    const post = await api(HOST, 'POST', `${ADMIN}/posts`, { token, body: { title: 'Hello' } });
    expect(post.status).toBe(201);
  });

  it('lets the owner sign in with the password chosen at setup', async () => {
    const res = await api(HOST, 'POST', `${ADMIN}/session`, {
      body: { email: 'ada@first-run.test', password: valid.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('owner');
  });

  it('refuses a second setup with 403 SETUP_ALREADY_DONE, on any host, creating nothing', async () => {
    for (const host of [HOST, 'another-host.test']) {
      const res = await api(host, 'POST', `${ADMIN}/setup`, {
        body: { ...valid, email: `someone@${host}` },
      });
      expectProblem(res, 403, 'SETUP_ALREADY_DONE');
    }
    expect(await sites()).toBe(1);
    expect(await users()).toBe(1);
    // The other host has no site: the Admin API there knows nothing.
    const res = await api('another-host.test', 'POST', `${ADMIN}/session`, {
      body: { email: 'ada@first-run.test', password: valid.password },
    });
    expectProblem(res, 404, 'NOT_FOUND');
  });
});
