// Sites with their first owner, staff accounts, and password sign-in.
import type { Database } from '../../d1/db';
import { newId } from '../../d1/ids';
import { countSites, createSiteStatements, noSiteYetGuard, type Site } from '../../d1/repositories/sites';
import {
  findStaffMember,
  findUserByEmail,
  insertMembershipStatement,
  insertUserStatement,
  userSlugsLike,
} from '../../d1/repositories/users';
import type { Role } from '../../d1/schema';
import { Problem, unauthorized } from '../http/problem';
import { slugify, uniqueSlug } from '../lib/slug';
import { DECOY_HASH, hashPassword, verifyPassword } from '../lib/password';
import { issueAccessToken } from './tokens';

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

async function userStatements(db: Database, account: NewAccount, now: Date) {
  const email = account.email.trim().toLowerCase();
  if (await findUserByEmail(db, email)) {
    throw new Problem(409, 'EMAIL_TAKEN', 'An account with that email already exists.');
  }
  const base = slugify(account.name) || 'author';
  const slug = uniqueSlug(base, new Set(await userSlugsLike(db, base)));
  const id = newId();
  const statement = insertUserStatement(db, {
    id,
    email,
    name: account.name.trim(),
    slug,
    passwordHash: await hashPassword(account.password),
    createdAt: now,
    updatedAt: now,
  });
  return { id, statement };
}

/** Creates a site, its hosts, its Content API key and its owner in one atomic batch. */
export async function createSiteWithOwner(
  db: Database,
  input: { title: string; description?: string; hosts: string[]; owner: NewAccount },
  now: Date,
  options: { onlyIfFirst?: boolean } = {},
) {
  const site = createSiteStatements(db, input, now);
  const owner = await userStatements(db, input.owner, now);
  const writes = [
    ...site.statements,
    owner.statement,
    insertMembershipStatement(db, site.id, owner.id, 'owner', now),
  ] as const;
  await (options.onlyIfFirst ? db.batch([noSiteYetGuard(db), ...writes]) : db.batch(writes));
  return { siteId: site.id, ownerId: owner.id, contentKey: site.contentKey };
}

const setupDone = () => new Problem(403, 'SETUP_ALREADY_DONE', 'Lede is already set up; sign in instead.');

/** First-run setup: allowed only while the instance has no site at all. */
export async function setupFirstSite(db: Database, host: string, input: { title: string; owner: NewAccount }) {
  if ((await countSites(db)) > 0) throw setupDone();
  try {
    return await createSiteWithOwner(db, { title: input.title, hosts: [host], owner: input.owner }, new Date(), {
      onlyIfFirst: true,
    });
  } catch (error) {
    // A concurrent setup committed between our check and our batch; the guard rolled ours back.
    if ((await countSites(db)) > 0) throw setupDone();
    throw error;
  }
}

/** Adds a staff member with a new account (invitations by email arrive with the identity issue). */
export async function addStaffMember(db: Database, siteId: string, account: NewAccount, role: Role, now: Date) {
  const user = await userStatements(db, account, now);
  await db.batch([user.statement, insertMembershipStatement(db, siteId, user.id, role, now)]);
  return user.id;
}

/**
 * Password sign-in for one site. Unknown email, wrong password, disabled account and "not staff here" all get
 * the same answer after the same work, so the response says nothing about which emails exist.
 */
export async function signIn(db: Database, site: Site, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  const member = user && ok ? await findStaffMember(db, site.id, user.id) : undefined;
  if (!user || !ok || !member || member.status !== 'active') {
    throw unauthorized('The email or password is not right.', 'INVALID_CREDENTIALS');
  }
  const { token, expiresIn } = await issueAccessToken(site.id, site.signingKey, user.id);
  return { token, expiresIn, user: member };
}
