// Invitations: who may invite whom, the link in the outbound message, and a token that works once, before it
// expires, only on its own site and only while not revoked; accepting creates the member and signs them in.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { expectProblem, run, scalar } from '../admin/support';
import { openDatabase } from '../../d1/db';
import { acceptInvitationStatements, isSpentInvitationError } from '../../d1/repositories/invitations';
import { users } from '../../d1/schema';
import { POLICIES } from '../../workers/identity/throttle';
import { ADMIN, freshIp, me, refresh, totpCode } from './support';

let site: TestSite;
let other: TestSite;

beforeAll(async () => {
  [site, other] = [await createTestSite('invite'), await createTestSite('invite-other')];
});

let counter = 0;
const newEmail = (label: string) => `${label}-${++counter}-${crypto.randomUUID().slice(0, 6)}@invitee.test`;

const inviteAs = (s: TestSite, token: string, body: Record<string, unknown>) =>
  api(s.host, 'POST', `${ADMIN}/invitations`, { token, body });

const accept = (s: TestSite, body: Record<string, unknown>, ip = freshIp()) =>
  api(s.host, 'POST', `${ADMIN}/invitations/accept`, { body, headers: { 'cf-connecting-ip': ip } });

/** The newest message to `email` on the site, as a mail sender would pick it up. */
async function lastMessage(siteId: string, email: string) {
  return env.DB.prepare(
    'SELECT kind, subject, body, status, channel FROM outbound_messages WHERE site_id = ? AND recipient = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  )
    .bind(siteId, email)
    .first<{ kind: string; subject: string; body: string; status: string; channel: string }>();
}

/** Invites `email` as `role` (by the site's owner unless told) and returns the token from the emailed link. */
async function invited(s: TestSite, email: string, role = 'author', by = s.users.owner.token) {
  const res = await inviteAs(s, by, { email, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const message = await lastMessage(s.siteId, email);
  const token = /#token=(\S+)/.exec(message!.body)?.[1];
  expect(token).toMatch(/^lede_inv_[A-Za-z0-9_-]{43}$/);
  return { id: res.body.invitation.id as string, token: token! };
}

const membersNamed = (siteId: string, email: string) =>
  scalar(
    'SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.site_id = ? AND u.email = ?',
    siteId,
    email,
  );
const usersNamed = (email: string) => scalar('SELECT count(*) AS n FROM users WHERE email = ?', email);
const invitationCount = (siteId: string) => scalar('SELECT count(*) AS n FROM invitations WHERE site_id = ?', siteId);
const messageCount = (siteId: string) =>
  scalar('SELECT count(*) AS n FROM outbound_messages WHERE site_id = ?', siteId);

describe('inviting', () => {
  it('writes the invitation (token hashed), the user.invited event, the email with its link and an audit entry', async () => {
    const email = newEmail('editor');
    const res = await inviteAs(site, site.users.owner.token, { email: email.toUpperCase(), role: 'editor' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const invitation = res.body.invitation;
    expect(invitation).toMatchObject({ email, role: 'editor', status: 'pending', invited_by: site.users.owner.id });
    const days = (Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)) / 86_400_000;
    expect(days).toBe(7);
    expect(JSON.stringify(res.body)).not.toContain('lede_inv_');

    const message = await lastMessage(site.siteId, email);
    expect(message).toMatchObject({ kind: 'invitation', channel: 'email', status: 'pending' });
    expect(message!.body).toContain(`http://${site.host}/admin/accept-invite#token=lede_inv_`);
    const token = /#token=(\S+)/.exec(message!.body)![1]!;
    expect(await scalar('SELECT count(*) AS n FROM invitations WHERE token_hash = ?', token)).toBe(0);

    const event = await env.DB.prepare(
      "SELECT aggregate_id, actor_id, payload FROM events WHERE site_id = ? AND type = 'user.invited' AND aggregate_id = ?",
    )
      .bind(site.siteId, invitation.id)
      .first<{ aggregate_id: string; actor_id: string; payload: string }>();
    expect(event?.actor_id).toBe(site.users.owner.id);
    expect(JSON.parse(event!.payload)).toEqual({ email, role: 'editor', invited_by: site.users.owner.id });
    const audited = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'invitation.created' AND target_id = ? AND actor_user_id = ?",
      site.siteId,
      invitation.id,
      site.users.owner.id,
    );
    expect(audited).toBe(1);
  });

  it('lists invitations with their status for owners and admins', async () => {
    const { id } = await invited(site, newEmail('listed'));
    const res = await api(site.host, 'GET', `${ADMIN}/invitations`, { token: site.users.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.invitations.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'pending' });
    expect(JSON.stringify(res.body)).not.toMatch(/token/);
  });

  it.each([
    ['admin', 'owner'],
    ['editor', 'author'],
    ['author', 'contributor'],
    ['contributor', 'contributor'],
  ] as const)('refuses a(n) %s inviting a(n) %s with 403, writing nothing', async (who, role) => {
    const [invitations, messages] = [await invitationCount(site.siteId), await messageCount(site.siteId)];
    expectProblem(await inviteAs(site, site.users[who].token, { email: newEmail('no'), role }), 403, 'FORBIDDEN');
    expect(await invitationCount(site.siteId)).toBe(invitations);
    expect(await messageCount(site.siteId)).toBe(messages);
  });

  it('lets an admin invite an admin but not revoke an owner invitation', async () => {
    await invited(site, newEmail('admin'), 'admin', site.users.admin.token);
    const { id } = await invited(site, newEmail('owner'), 'owner');
    const res = await api(site.host, 'DELETE', `${ADMIN}/invitations/${id}`, { token: site.users.admin.token });
    expectProblem(res, 403, 'FORBIDDEN');
  });

  it('refuses editors listing invitations, and integration keys everything', async () => {
    expectProblem(
      await api(site.host, 'GET', `${ADMIN}/invitations`, { token: site.users.editor.token }),
      403,
      'FORBIDDEN',
    );
    const key = await api(site.host, 'POST', `${ADMIN}/integrations`, {
      token: site.users.owner.token,
      body: { name: 'invite bot', scopes: ['posts:write', 'users:read'] },
    });
    expect(key.status).toBe(201);
    const res = await inviteAs(site, key.body.key, { email: newEmail('bot'), role: 'author' });
    expectProblem(res, 403, 'PERSON_REQUIRED');
  });

  it('refuses inviting someone already on the staff with 409', async () => {
    const res = await inviteAs(site, site.users.owner.token, { email: site.users.author.email, role: 'editor' });
    expectProblem(res, 409, 'ALREADY_MEMBER');
  });

  it.each([
    ['a bad email', { email: 'not-an-email', role: 'author' }],
    ['an unknown role', { email: 'x@invitee.test', role: 'superuser' }],
    ['the member role', { email: 'x@invitee.test', role: 'member' }],
    ['no role', { email: 'x@invitee.test' }],
    ['a site id', { email: 'x@invitee.test', role: 'author', site_id: 'OTHER' }],
    ['an inviter', { email: 'x@invitee.test', role: 'author', invited_by: 'someone' }],
  ])('refuses %s with 422, writing nothing', async (_label, raw) => {
    const body = { ...raw, ...('site_id' in raw ? { site_id: other.siteId } : {}) };
    const [invitations, messages] = [await invitationCount(site.siteId), await messageCount(site.siteId)];
    expectProblem(await inviteAs(site, site.users.owner.token, body), 422, 'VALIDATION_FAILED');
    expect(await invitationCount(site.siteId)).toBe(invitations);
    expect(await messageCount(site.siteId)).toBe(messages);
    expect(await invitationCount(other.siteId)).toBe(0);
  });
});

describe('accepting', () => {
  it('creates the account with the invited role, signs it in, and records the event and the audit entry', async () => {
    const email = newEmail('joiner');
    const { id, token } = await invited(site, email, 'editor');
    const res = await accept(site, { token, name: 'Jo Joiner', password: 'a fresh passphrase' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ token_type: 'Bearer', user: { email, name: 'Jo Joiner', role: 'editor' } });
    expect((await me(site.host, res.body.access_token)).body.user.role).toBe('editor');
    expect((await refresh(site.host, res.body.refresh_token)).status).toBe(200);
    const userId = res.body.user.id;
    expect(
      await scalar("SELECT count(*) AS n FROM events WHERE type = 'user.created' AND aggregate_id = ?", userId),
    ).toBe(1);
    const audited = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'invitation.accepted' AND target_id = ? AND actor_user_id = ?",
      site.siteId,
      id,
      userId,
    );
    expect(audited).toBe(1);
    const list = await api(site.host, 'GET', `${ADMIN}/invitations`, { token: site.users.owner.token });
    expect(list.body.invitations.find((i: { id: string }) => i.id === id).status).toBe('accepted');
    // The new password is the account's: sign-in works with it.
    const signIn = await api(site.host, 'POST', `${ADMIN}/session`, {
      body: { email, password: 'a fresh passphrase' },
    });
    expect(signIn.status).toBe(200);
  });

  it('gives the editor app its cookie session when asked: the refresh token only in an HttpOnly cookie', async () => {
    const email = newEmail('cookie');
    const { token } = await invited(site, email);
    const res = await api(site.host, 'POST', `${ADMIN}/invitations/accept`, {
      body: { token, name: 'Cookie Joiner', password: 'a cookie passphrase' },
      headers: { 'cf-connecting-ip': freshIp(), 'x-lede-session': 'cookie' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.refresh_token).toBeUndefined();
    expect((await me(site.host, res.body.access_token)).body.user.email).toBe(email);
    const cookies = res.headers.getSetCookie();
    const refreshCookie = cookies.find((c) => c.startsWith('__Secure-lede_refresh='));
    expect(refreshCookie).toMatch(/^__Secure-lede_refresh=lede_rt_[^;]+;/);
    expect(refreshCookie).toContain('HttpOnly');
    expect(cookies.some((c) => c.startsWith('__Secure-lede_csrf='))).toBe(true);
  });

  it('refuses the same token a second time, writing nothing', async () => {
    const email = newEmail('twice');
    const { token } = await invited(site, email);
    expect((await accept(site, { token, name: 'First', password: 'first passphrase' })).status).toBe(201);
    const again = await accept(site, { token, name: 'Second', password: 'second passphrase' });
    expectProblem(again, 400, 'INVALID_INVITATION');
    expect(again.body.access_token).toBeUndefined();
    expect(await usersNamed(email)).toBe(1);
    expect(await scalar('SELECT count(*) AS n FROM users WHERE name = ? AND email = ?', 'Second', email)).toBe(0);
  });

  it('lets exactly one of two concurrent accepts with the same token win', async () => {
    const email = newEmail('race');
    const { token } = await invited(site, email);
    const results = await Promise.all([
      accept(site, { token, name: 'Racer A', password: 'racing passphrase' }),
      accept(site, { token, name: 'Racer B', password: 'racing passphrase' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expectProblem(
      results.find((r) => r.status !== 201)!,
      400,
      'INVALID_INVITATION',
    );
    expect(await usersNamed(email)).toBe(1);
    expect(await membersNamed(site.siteId, email)).toBe(1);
  });

  it('rolls back the whole accept batch, new account included, when the invitation was spent under it', async () => {
    const { id, token } = await invited(site, newEmail('guard'));
    expect((await accept(site, { token, name: 'Winner', password: 'winner passphrase' })).status).toBe(201);
    // What a racing accept that read the invitation as pending writes next: its batch must fail and leave nothing.
    const db = openDatabase(env.DB);
    const userId = crypto.randomUUID();
    const now = new Date();
    const late = { id: userId, email: newEmail('late'), name: 'Late', slug: `late-${userId}`, passwordHash: 'x' };
    const error = await db
      .batch([
        db.insert(users).values({ ...late, createdAt: now, updatedAt: now }),
        ...acceptInvitationStatements(db, id, userId, 'author', now),
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isSpentInvitationError(error)).toBe(true);
    expect(await scalar('SELECT count(*) AS n FROM users WHERE id = ?', userId)).toBe(0);
    expect(await scalar('SELECT count(*) AS n FROM memberships WHERE user_id = ?', userId)).toBe(0);
  });

  it('refuses an expired invitation, writing nothing', async () => {
    const email = newEmail('late');
    const { id, token } = await invited(site, email);
    await run('UPDATE invitations SET expires_at = ? WHERE id = ?', Date.now() - 1000, id);
    expectProblem(await accept(site, { token, name: 'Late', password: 'late passphrase' }), 400, 'INVALID_INVITATION');
    expect(await usersNamed(email)).toBe(0);
    const list = await api(site.host, 'GET', `${ADMIN}/invitations`, { token: site.users.owner.token });
    expect(list.body.invitations.find((i: { id: string }) => i.id === id).status).toBe('expired');
  });

  it('refuses a revoked invitation; revoking is audited and happens once', async () => {
    const email = newEmail('revoked');
    const { id, token } = await invited(site, email);
    const del = await api(site.host, 'DELETE', `${ADMIN}/invitations/${id}`, { token: site.users.admin.token });
    expect(del.status).toBe(204);
    expectProblem(
      await api(site.host, 'DELETE', `${ADMIN}/invitations/${id}`, { token: site.users.admin.token }),
      409,
      'INVITATION_NOT_PENDING',
    );
    expectProblem(
      await accept(site, { token, name: 'Nope', password: 'revoked passphrase' }),
      400,
      'INVALID_INVITATION',
    );
    expect(await usersNamed(email)).toBe(0);
    const audited = await scalar(
      "SELECT count(*) AS n FROM audit_log WHERE site_id = ? AND action = 'invitation.revoked' AND target_id = ?",
      site.siteId,
      id,
    );
    expect(audited).toBe(1);
  });

  it("refuses another site's invitation on this host, and leaves it working on its own", async () => {
    const email = newEmail('elsewhere');
    const { token } = await invited(other, email, 'contributor');
    expectProblem(await accept(site, { token, name: 'Wrong', password: 'wrong site pass' }), 400, 'INVALID_INVITATION');
    expect(await usersNamed(email)).toBe(0);
    const res = await accept(other, { token, name: 'Right', password: 'right site pass' });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('contributor');
    expect(await membersNamed(site.siteId, email)).toBe(0);
  });

  it('refuses a token another invitation to the same email replaced', async () => {
    const email = newEmail('replaced');
    const first = await invited(site, email, 'author');
    const second = await invited(site, email, 'editor');
    expectProblem(
      await accept(site, { token: first.token, name: 'Old', password: 'old link pass' }),
      400,
      'INVALID_INVITATION',
    );
    const res = await accept(site, { token: second.token, name: 'New', password: 'new link pass' });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('editor');
  });

  it("joins an existing account (staff elsewhere) with that account's password, keeping its name", async () => {
    const user = other.users.author2;
    const { token } = await invited(site, user.email, 'contributor');
    const wrong = await accept(site, { token, name: 'Impostor', password: 'not their password' });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    expect(await membersNamed(site.siteId, user.email)).toBe(0);
    const res = await accept(site, { token, name: 'Ignored', password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'contributor' });
    expect(res.body.user.name).not.toBe('Ignored');
    expect(await usersNamed(user.email)).toBe(1);
  });

  it('asks an existing account with an authenticator for its code before signing it in', async () => {
    const user = other.users.editor;
    const start = await api(other.host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token: user.token });
    const secret: string = start.body.totp.secret;
    const confirmed = await api(other.host, 'POST', `${ADMIN}/users/me/mfa/totp/confirm`, {
      token: user.token,
      body: { code: await totpCode(secret) },
    });
    expect(confirmed.status).toBe(200);
    const { token } = await invited(site, user.email, 'author');
    const res = await accept(site, { token, name: 'Ignored', password: PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ mfa_required: true });
    expect(res.body.access_token).toBeUndefined();
    const signedIn = await api(site.host, 'POST', `${ADMIN}/session/mfa`, {
      body: { mfa_token: res.body.mfa_token, code: await totpCode(secret, Date.now(), 1) },
    });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: user.id, role: 'author' });
  });

  it.each([
    ['an unknown token', { token: `lede_inv_${'A'.repeat(43)}`, name: 'X', password: 'long enough pass' }],
    ['a token without the prefix', { token: 'A'.repeat(52), name: 'X', password: 'long enough pass' }],
  ])('refuses %s with 400 INVALID_INVITATION', async (_label, body) => {
    expectProblem(await accept(site, body), 400, 'INVALID_INVITATION');
  });

  it.each([
    ['a short password', { name: 'Short', password: 'short' }],
    ['no name', { password: 'long enough pass' }],
    ['a role', { name: 'Greedy', password: 'long enough pass', role: 'owner' }],
    ['a site id', { name: 'Hopper', password: 'long enough pass', siteId: 'x' }],
  ])('refuses %s with 422 and leaves the invitation pending', async (_label, extra) => {
    const email = newEmail('invalid');
    const { id, token } = await invited(site, email);
    expectProblem(await accept(site, { token, ...extra }), 422, 'VALIDATION_FAILED');
    expect(await usersNamed(email)).toBe(0);
    expect(await scalar('SELECT count(*) AS n FROM invitations WHERE id = ? AND accepted_at IS NULL', id)).toBe(1);
  });

  it('locks an address that keeps sending bad tokens: 429 with Retry-After', async () => {
    const ip = freshIp();
    const limit = POLICIES['invite-token'].ip.maxFailures;
    const body = { token: `lede_inv_${'C'.repeat(43)}`, name: 'Guesser', password: 'guessing passphrase' };
    for (let i = 1; i < limit; i++) expectProblem(await accept(site, body, ip), 400, 'INVALID_INVITATION');
    const locked = await accept(site, body, ip);
    expectProblem(locked, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers.get('retry-after'))).toBe(POLICIES['invite-token'].ip.lockMs / 1000);
    // Even a good token waits out the lockout from that address.
    const { token } = await invited(site, newEmail('locked'));
    expectProblem(await accept(site, { ...body, token }, ip), 429, 'TOO_MANY_ATTEMPTS');
  });
});
