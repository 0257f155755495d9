// Members are readers with an account on the site: they sign in and manage their own account, and the Admin API
// gives them nothing else (the access matrix checks every route; these are the cases a reader would notice).
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../d1/db';
import { addStaffMember } from '../../workers/identity/accounts';
import { api, createTestSite, PASSWORD, type TestSite } from '../helpers';
import { ADMIN, createPost, expectProblem, postRow } from '../admin/support';
import { signInFull } from './support';

let site: TestSite;
let memberId: string;
let memberEmail: string;

beforeAll(async () => {
  site = await createTestSite('members');
  memberEmail = `reader@${site.host}`;
  const db = openDatabase(env.DB);
  memberId = await addStaffMember(
    db,
    site.siteId,
    { name: 'Reader', email: memberEmail, password: PASSWORD },
    'member',
    new Date(),
  );
});

describe('a member', () => {
  it('signs in and reads and manages only their own account', async () => {
    const { access } = await signInFull(site.host, memberEmail);
    const me = await api(site.host, 'GET', `${ADMIN}/users/me`, { token: access });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: memberId, role: 'member' });
    const mfa = await api(site.host, 'GET', `${ADMIN}/users/me/mfa`, { token: access });
    expect(mfa.status).toBe(200);
  });

  it('is refused every staff route with 403, and a refused write changes nothing', async () => {
    const { access } = await signInFull(site.host, memberEmail);
    const post = await createPost(site.host, site.users.author.token, { title: 'Staff only' });
    for (const [method, path] of [
      ['GET', '/posts'],
      ['GET', `/posts/${post.id}`],
      ['GET', '/users'],
      ['GET', '/site'],
      ['GET', '/media'],
      ['GET', '/notifications'],
    ] as const) {
      expectProblem(await api(site.host, method, `${ADMIN}${path}`, { token: access }), 403, 'FORBIDDEN');
    }
    const before = await postRow(post.id);
    const edit = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, { token: access, body: { title: 'Mine' } });
    expectProblem(edit, 403, 'FORBIDDEN');
    expectProblem(
      await api(site.host, 'POST', `${ADMIN}/posts`, { token: access, body: { title: 'x' } }),
      403,
      'FORBIDDEN',
    );
    expect(await postRow(post.id)).toEqual(before);
  });

  it('is not staff: not in the staff list, and cannot be named a post author', async () => {
    const staff = await api(site.host, 'GET', `${ADMIN}/users`, { token: site.users.editor.token });
    expect(staff.status).toBe(200);
    const ids = (staff.body.users as { id: string }[]).map((u) => u.id);
    expect(ids).toContain(site.users.contributor.id);
    expect(ids).not.toContain(memberId);
    const post = await createPost(site.host, site.users.editor.token, { title: 'Authored by staff' });
    const named = await api(site.host, 'PATCH', `${ADMIN}/posts/${post.id}`, {
      token: site.users.editor.token,
      body: { authors: [memberId] },
    });
    expect(named.status).toBe(422);
    expect((await postRow(post.id))?.title).toBe('Authored by staff');
  });
});
