// Sessions: rotating refresh tokens, reuse detection, sign-out, sign-out everywhere, password change, and account
// changes taking effect on the next request and the next refresh.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { expectProblem, run, scalar } from '../admin/support';
import { ADMIN, me, refresh, signInFull } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('sessions'), await createTestSite('sessions-other')];
});

const liveSessions = (userId: string, siteId = site.siteId) =>
  scalar('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND site_id = ? AND revoked_at IS NULL', userId, siteId);

// Protects the session format: a sign-in yields an access token and a refresh token stored only as a hash.
describe('sign-in', () => {
  it('returns a refresh token with the access token; D1 holds only its SHA-256', async () => {
    const s = await signInFull(site.host, site.users.editor.email);
    expect(s.refresh).toMatch(/^lede_rt_[A-Za-z0-9_-]{43}$/);
    expect(await scalar('SELECT count(*) AS n FROM refresh_tokens WHERE hash = ?', s.refresh)).toBe(0);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s.refresh)));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    expect(await scalar('SELECT count(*) AS n FROM refresh_tokens WHERE hash = ?', hex)).toBe(1);
  });
});

// Protects rotation: every refresh spends its token, and a spent token presented again ends the whole family.
describe('refresh', () => {
  it('rotates: a new access token and a new refresh token, each working', async () => {
    const s = await signInFull(site.host, site.users.author.email);
    const res = await refresh(site.host, s.refresh);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { id: site.users.author.id } });
    expect(res.body.refresh_token).not.toBe(s.refresh);
    expect((await me(site.host, res.body.access_token)).status).toBe(200);
    expect((await refresh(site.host, res.body.refresh_token)).status).toBe(200);
  });

  it('detects reuse: the spent token gets 401 and the whole family (successor and access tokens) is revoked', async () => {
    const s = await signInFull(site.host, site.users.author2.email);
    const first = await refresh(site.host, s.refresh);
    expect(first.status).toBe(200);
    const second = await refresh(site.host, first.body.refresh_token);
    expect(second.status).toBe(200);

    const replay = await refresh(site.host, s.refresh);
    expectProblem(replay, 401, 'REFRESH_TOKEN_REUSED');
    // The legitimate holder's newest tokens die too: the thief may hold them.
    expectProblem(await refresh(site.host, second.body.refresh_token), 401, 'INVALID_REFRESH_TOKEN');
    expectProblem(await me(site.host, second.body.access_token), 401, 'INVALID_TOKEN');
    expectProblem(await me(site.host, s.access), 401, 'INVALID_TOKEN');
    expect(
      await scalar(
        "SELECT count(*) AS n FROM sessions WHERE user_id = ? AND revoked_reason = 'refresh_reuse'",
        site.users.author2.id,
      ),
    ).toBe(1);
  });

  it('lets exactly one of two concurrent refreshes with the same token win; the other ends the family', async () => {
    const s = await signInFull(site.host, site.users.contributor.email);
    const results = await Promise.all([refresh(site.host, s.refresh), refresh(site.host, s.refresh)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!;
    expectProblem(await me(site.host, winner.body.access_token), 401, 'INVALID_TOKEN');
  });

  it.each([
    ['an unknown token', 'lede_rt_' + 'A'.repeat(43)],
    ['a token without the prefix', 'A'.repeat(51)],
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
  ])('refuses %s with 401 INVALID_REFRESH_TOKEN, writing nothing', async (_label, token) => {
    const before = await scalar('SELECT count(*) AS n FROM refresh_tokens');
    expectProblem(await refresh(site.host, token), 401, 'INVALID_REFRESH_TOKEN');
    expect(await scalar('SELECT count(*) AS n FROM refresh_tokens')).toBe(before);
  });

  it("refuses another site's refresh token on this host, and leaves it working on its own", async () => {
    const s = await signInFull(other.host, other.users.owner.email);
    expectProblem(await refresh(site.host, s.refresh), 401, 'INVALID_REFRESH_TOKEN');
    expect((await refresh(other.host, s.refresh)).status).toBe(200);
  });

  it.each([
    ['no body field', {}],
    ['an unknown field', { refresh_token: 'x', user_id: 'y' }],
    ['a number', { refresh_token: 12 }],
  ])('refuses %s with 422 VALIDATION_FAILED', async (_label, body) => {
    expectProblem(await api(site.host, 'POST', `${ADMIN}/session/refresh`, { body }), 422, 'VALIDATION_FAILED');
  });

  it('refuses a disabled account on refresh and revokes the session', async () => {
    const user = other.users.contributor2;
    const s = await signInFull(other.host, user.email);
    await run("UPDATE users SET status = 'disabled' WHERE id = ?", user.id);
    expectProblem(await refresh(other.host, s.refresh), 401, 'INVALID_REFRESH_TOKEN');
    await run("UPDATE users SET status = 'active' WHERE id = ?", user.id);
    // Re-enabling does not resurrect the session it ended.
    expectProblem(await refresh(other.host, s.refresh), 401, 'INVALID_REFRESH_TOKEN');
    expect(await liveSessions(user.id, other.siteId)).toBe(0);
  });

  it('answers a demoted user with the new role after a refresh as before it', async () => {
    const user = other.users.editor;
    const s = await signInFull(other.host, user.email);
    await run("UPDATE memberships SET role = 'contributor' WHERE site_id = ? AND user_id = ?", other.siteId, user.id);
    const res = await refresh(other.host, s.refresh);
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('contributor');
    const tag = await api(other.host, 'POST', `${ADMIN}/tags`, { token: res.body.access_token, body: { name: 'x' } });
    expectProblem(tag, 403, 'FORBIDDEN');
  });
});

// Protects sign-out: it ends the session at once, not when the access token would have expired.
describe('sign-out', () => {
  it('ends this session only: its access and refresh tokens stop working, other sessions go on', async () => {
    const [a, b] = [
      await signInFull(site.host, site.users.admin.email),
      await signInFull(site.host, site.users.admin.email),
    ];
    const out = await api(site.host, 'POST', `${ADMIN}/session/sign-out`, { token: a.access });
    expect(out.status).toBe(204);
    expectProblem(await me(site.host, a.access), 401, 'INVALID_TOKEN');
    expectProblem(await refresh(site.host, a.refresh), 401, 'INVALID_REFRESH_TOKEN');
    expect((await me(site.host, b.access)).status).toBe(200);
  });

  it('sign-out everywhere ends every session of the user on this site, and none elsewhere', async () => {
    const user = site.users.owner;
    const sessions = [await signInFull(site.host, user.email), await signInFull(site.host, user.email)];
    const res = await api(site.host, 'POST', `${ADMIN}/session/sign-out-everywhere`, { token: sessions[0]!.access });
    expect(res.status).toBe(200);
    expect(res.body.sessions_ended).toBeGreaterThanOrEqual(2);
    for (const s of sessions) {
      expectProblem(await me(site.host, s.access), 401, 'INVALID_TOKEN');
      expectProblem(await refresh(site.host, s.refresh), 401, 'INVALID_REFRESH_TOKEN');
    }
    expect(await liveSessions(user.id)).toBe(0);
    const audited = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'session.signed_out_everywhere' AND actor_user_id = ?",
      site.siteId,
      user.id,
    );
    expect(audited).toBe(1);
  });

  it('refuses sign-out without a token', async () => {
    expectProblem(await api(site.host, 'POST', `${ADMIN}/session/sign-out`), 401, 'UNAUTHORIZED');
  });
});

// Protects password change: the current password is required, and every other session ends.
describe('password change', () => {
  it('changes the password, keeps this session, ends the others, and the new password signs in', async () => {
    const user = other.users.author;
    const [current, elsewhere] = [await signInFull(other.host, user.email), await signInFull(other.host, user.email)];
    const others = (await liveSessions(user.id, other.siteId)) - 1;
    expect(others).toBeGreaterThanOrEqual(1);
    const res = await api(other.host, 'POST', `${ADMIN}/users/me/password`, {
      token: current.access,
      body: { current_password: PASSWORD, new_password: 'a brand new passphrase' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.other_sessions_ended).toBe(others);
    expect(await liveSessions(user.id, other.siteId)).toBe(1);
    expect((await me(other.host, current.access)).status).toBe(200);
    expectProblem(await me(other.host, elsewhere.access), 401, 'INVALID_TOKEN');
    expectProblem(await refresh(other.host, elsewhere.refresh), 401, 'INVALID_REFRESH_TOKEN');
    expectProblem(
      await api(other.host, 'POST', `${ADMIN}/session`, { body: { email: user.email, password: PASSWORD } }),
      401,
      'INVALID_CREDENTIALS',
    );
    await signInFull(other.host, user.email, 'a brand new passphrase');
    const audited = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'password.changed' AND actor_user_id = ?",
      other.siteId,
      user.id,
    );
    expect(audited).toBe(1);
  });

  it('refuses a wrong current password with 403 and changes nothing', async () => {
    const user = other.users.author2;
    const s = await signInFull(other.host, user.email);
    const hash = await api(other.host, 'POST', `${ADMIN}/users/me/password`, {
      token: s.access,
      body: { current_password: 'wrong wrong wrong', new_password: 'another passphrase' },
    });
    expectProblem(hash, 403, 'WRONG_PASSWORD');
    await signInFull(other.host, user.email);
  });

  it.each([
    ['a short new password', { current_password: PASSWORD, new_password: 'short' }],
    ['a missing current password', { new_password: 'long enough password' }],
    ['a role in the body', { current_password: PASSWORD, new_password: 'long enough password', role: 'owner' }],
  ])('refuses %s with 422 and changes nothing', async (_label, body) => {
    const user = other.users.contributor;
    const s = await signInFull(other.host, user.email);
    const res = await api(other.host, 'POST', `${ADMIN}/users/me/password`, { token: s.access, body });
    expectProblem(res, 422, 'VALIDATION_FAILED');
    await signInFull(other.host, user.email);
  });
});
