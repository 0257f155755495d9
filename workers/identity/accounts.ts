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
import { Problem } from '../http/problem';
import { slugify, uniqueSlug } from '../lib/slug';
import type { EventTrace } from '../../queues/events/build';
import { SYSTEM_TRACE, userCreatedInsert, userCreatedRow } from './account-events';
import { DECOY_HASH, hashPassword, verifyPassword } from '../lib/password';

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

/** The insert of a new account (409 EMAIL_TAKEN when the email has one), for the caller's batch. */
export async function userStatements(db: Database, account: NewAccount, now: Date) {
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
  return { id, name: account.name.trim(), statement };
}

/** Creates a site, its hosts, its Content API key and its owner in one atomic batch. */
export async function createSiteWithOwner(
  db: Database,
  input: { title: string; description?: string; hosts: string[]; owner: NewAccount },
  now: Date,
  options: { onlyIfFirst?: boolean; trace?: EventTrace } = {},
) {
  const site = createSiteStatements(db, input, now);
  const owner = await userStatements(db, input.owner, now);
  const writes = [
    ...site.statements,
    owner.statement,
    insertMembershipStatement(db, site.id, owner.id, 'owner', now),
    userCreatedInsert(
      db,
      userCreatedRow(options.trace ?? SYSTEM_TRACE(), site.id, { id: owner.id, name: owner.name, role: 'owner' }, now),
    ),
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

/** Adds a staff member with a new account directly (seeding, tests); people join through invitations. */
export async function addStaffMember(
  db: Database,
  siteId: string,
  account: NewAccount,
  role: Role,
  now: Date,
  trace: EventTrace = SYSTEM_TRACE(),
) {
  const user = await userStatements(db, account, now);
  await db.batch([
    user.statement,
    insertMembershipStatement(db, siteId, user.id, role, now),
    userCreatedInsert(db, userCreatedRow(trace, siteId, { id: user.id, name: user.name, role }, now)),
  ]);
  return user.id;
}

/**
 * The staff member whose email and password these are, or undefined. Unknown email, wrong password, disabled
 * account and "not staff here" all cost the same work and give the same answer, so nothing says which emails exist.
 */
export async function checkPassword(db: Database, site: Site, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  const member = user && ok ? await findStaffMember(db, site.id, user.id) : undefined;
  return member && member.status === 'active' ? member : undefined;
}
