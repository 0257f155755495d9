import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Database } from '../db';
import { slugFamily } from './slug-family';
import { memberships, type Role, users } from '../schema';

export type User = typeof users.$inferSelect;
export type StaffMember = User & { role: Role };

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

/** The query behind findStaffMember, for callers that batch it with others (one D1 round trip). */
export function staffMemberQuery(db: Database, siteId: string, userId: string) {
  return db
    .select({ user: users, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.siteId, siteId), eq(memberships.userId, userId)))
    .limit(1);
}

export const staffMemberOf = (row: { user: User; role: Role } | undefined): StaffMember | undefined =>
  row ? { ...row.user, role: row.role } : undefined;

/** A user together with their role on one site; undefined when they are not staff there. */
export async function findStaffMember(db: Database, siteId: string, userId: string): Promise<StaffMember | undefined> {
  return staffMemberOf(await staffMemberQuery(db, siteId, userId).get());
}

export async function listStaff(db: Database, siteId: string): Promise<StaffMember[]> {
  const rows = await db
    .select({ user: users, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    // Members (readers) are not staff: the staff list never shows them, nor their email addresses.
    .where(and(eq(memberships.siteId, siteId), ne(memberships.role, 'member')))
    .orderBy(asc(memberships.createdAt), asc(users.name))
    .all();
  return rows.map((r) => ({ ...r.user, role: r.role }));
}

/** Which of these user ids are staff of the site, members excluded (used to validate a post's authors). */
export async function staffIdsAmong(db: Database, siteId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.siteId, siteId), inArray(memberships.userId, userIds), ne(memberships.role, 'member')))
    .all();
  return new Set(rows.map((r) => r.id));
}

export async function userSlugsLike(db: Database, base: string): Promise<string[]> {
  const rows = await db.select({ slug: users.slug }).from(users).where(slugFamily(users.slug, base)).all();
  return rows.map((r) => r.slug);
}

export function insertUserStatement(db: Database, user: typeof users.$inferInsert) {
  return db.insert(users).values(user);
}

export function insertMembershipStatement(db: Database, siteId: string, userId: string, role: Role, now: Date) {
  return db.insert(memberships).values({ siteId, userId, role, createdAt: now });
}

export async function updateProfile(
  db: Database,
  userId: string,
  profile: Partial<Pick<User, 'bio' | 'website' | 'location' | 'profileImage' | 'name' | 'socialLinks'>>,
  now: Date,
): Promise<void> {
  await db
    .update(users)
    .set({ ...profile, updatedAt: now })
    .where(eq(users.id, userId));
}

/** The statement of `updateProfile`, for a batch that writes the change's events with it. */
export function updateProfileStatement(
  db: Database,
  userId: string,
  profile: Partial<Pick<User, 'bio' | 'website' | 'location' | 'profileImage' | 'name' | 'socialLinks'>>,
  now: Date,
) {
  return db
    .update(users)
    .set({ ...profile, updatedAt: now })
    .where(eq(users.id, userId));
}

/** Every site a user is a member of (a profile shows on each). */
export async function siteIdsOfUser(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ siteId: memberships.siteId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .all();
  return rows.map((r) => r.siteId);
}

export async function updatePasswordHash(db: Database, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}

/** Changes a member's role on one site; false when they are not a member there. */
export async function updateMembershipRole(db: Database, siteId: string, userId: string, role: Role): Promise<boolean> {
  const rows = await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.siteId, siteId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}
