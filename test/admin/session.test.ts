// Password sign-in: what a right and a wrong attempt look like, and that a wrong one reveals nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, expectProblem, run } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('session'), await createTestSite('session-other')];
});

const signIn = (host: string, body: unknown) => api(host, 'POST', `${ADMIN}/session`, { body });

/** A problem body without the parts that differ per request. */
const comparable = (body: Record<string, unknown>) => ({ ...body, request_id: undefined });

// Protects the happy path: the right password yields a working token for this site.
describe('signing in', () => {
  it('returns a bearer token for the right password, never cached', async () => {
    const res = await signIn(site.host, { email: site.users.editor.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(res.body.user).toMatchObject({ id: site.users.editor.id, role: 'editor', status: 'active' });
    const me = await api(site.host, 'GET', `${ADMIN}/users/me`, { token: res.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(site.users.editor.id);
  });

  it('treats the email case-insensitively', async () => {
    const res = await signIn(site.host, { email: site.users.author.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
  });
});

// Protects against account enumeration: every failed sign-in gets the same 401 answer.
describe('failed sign-in', () => {
  it('answers a wrong password, an unknown email, a disabled account and staff of another site identically', async () => {
    const disabled = site.users.contributor2;
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", disabled.id);
    const attempts = [
      { email: site.users.editor.email, password: 'not the password at all' },
      { email: `nobody@${site.host}`, password: PASSWORD },
      { email: disabled.email, password: PASSWORD },
      { email: other.users.owner.email, password: PASSWORD },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const res = await signIn(site.host, attempt);
      expectProblem(res, 401, 'INVALID_CREDENTIALS');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.access_token).toBeUndefined();
      bodies.push(comparable(res.body));
    }
    for (const body of bodies) expect(body).toEqual(bodies[0]);
  });

  it('lets the staff member of the other site sign in there', async () => {
    const res = await signIn(other.host, { email: other.users.owner.email, password: PASSWORD });
    expect(res.status).toBe(200);
  });
});

// Protects the body parser: broken, oversized or unexpected bodies are client errors with stable codes.
describe('sign-in bodies', () => {
  it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await api(site.host, 'POST', `${ADMIN}/session`, {
      rawBody: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('refuses a body over 2 MiB with 413 PAYLOAD_TOO_LARGE, and reads one just under', async () => {
    const res = await signIn(site.host, { email: site.users.editor.email, password: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    // Just under the limit the body is read and judged on its content instead.
    const under = await signIn(site.host, {
      email: site.users.editor.email,
      password: 'x'.repeat(2 * 1024 * 1024 - 100),
    });
    expectProblem(under, 422, 'VALIDATION_FAILED');
  });

  it.each([
    ['an unknown field', { email: 'a@b.test', password: 'x', remember: true }],
    ['a missing password', { email: 'a@b.test' }],
    ['a malformed email', { email: 'nope', password: 'x' }],
  ])('refuses %s with 422 VALIDATION_FAILED', async (_label, body) => {
    const res = await signIn(site.host, body);
    expectProblem(res, 422, 'VALIDATION_FAILED');
    expect(res.body.issues.length).toBeGreaterThan(0);
  });

  it('answers an unknown host with 404, not a sign-in', async () => {
    const res = await signIn('nowhere.test', { email: site.users.editor.email, password: PASSWORD });
    expectProblem(res, 404, 'NOT_FOUND');
  });
});
