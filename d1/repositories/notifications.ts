// In-app notifications, their deliveries per channel, and each user's preferences.
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import {
  memberships,
  type NotificationChannel,
  notificationDeliveries,
  notificationPreferences,
  type NotificationKind,
  notifications,
  type Role,
  users,
} from '../schema';

export type NotificationRow = typeof notifications.$inferSelect;
export type PreferenceRow = typeof notificationPreferences.$inferSelect;

/** Active staff of a site among `userIds`, or with one of `roles` when no ids are given. */
export async function activeStaff(
  db: Database,
  siteId: string,
  who: { userIds: string[] } | { roles: Role[] },
): Promise<string[]> {
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.siteId, siteId),
        eq(users.status, 'active'),
        'userIds' in who
          ? inArray(memberships.userId, who.userIds.length > 0 ? who.userIds : [''])
          : inArray(memberships.role, who.roles),
      ),
    )
    .all();
  return rows.map((r) => r.id);
}

/** Of `userIds`, those who switched `kind` off on `channel`. */
export async function optedOut(
  db: Database,
  siteId: string,
  userIds: string[],
  kind: NotificationKind,
  channel: NotificationChannel,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.siteId, siteId),
        inArray(notificationPreferences.userId, userIds),
        eq(notificationPreferences.kind, kind),
        eq(notificationPreferences.channel, channel),
        eq(notificationPreferences.enabled, false),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.userId));
}

/** Statements writing one notification and its in-app delivery. */
export function notificationStatements(db: Database, row: typeof notifications.$inferInsert) {
  return [
    db.insert(notifications).values(row),
    db
      .insert(notificationDeliveries)
      .values({ notificationId: row.id, channel: 'in_app', status: 'delivered', updatedAt: row.createdAt }),
  ];
}

export async function listNotifications(
  db: Database,
  siteId: string,
  userId: string,
  filter: { unreadOnly: boolean },
  page: { limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const mine = and(eq(notifications.siteId, siteId), eq(notifications.userId, userId));
  const where = filter.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine;
  const [rows, totals, unread] = await db.batch([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(notifications).where(where),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { rows, total: totals[0]?.n ?? 0, unread: unread[0]?.n ?? 0 };
}

/** Marks one of the user's notifications read (keeping the first read time); undefined when it is not theirs. */
export async function markRead(
  db: Database,
  siteId: string,
  userId: string,
  id: string,
  now: Date,
): Promise<NotificationRow | undefined> {
  const mine = and(eq(notifications.siteId, siteId), eq(notifications.userId, userId), eq(notifications.id, id));
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(mine, isNull(notifications.readAt)));
  return db.select().from(notifications).where(mine).get();
}

export async function listPreferences(db: Database, siteId: string, userId: string): Promise<PreferenceRow[]> {
  return db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.siteId, siteId), eq(notificationPreferences.userId, userId)))
    .all();
}

export async function savePreferences(
  db: Database,
  siteId: string,
  userId: string,
  prefs: { kind: NotificationKind; channel: NotificationChannel; enabled: boolean }[],
  now: Date,
): Promise<void> {
  if (prefs.length === 0) return;
  const statements = prefs.map((p) =>
    db
      .insert(notificationPreferences)
      .values({ siteId, userId, ...p, updatedAt: now })
      .onConflictDoUpdate({
        target: [
          notificationPreferences.siteId,
          notificationPreferences.userId,
          notificationPreferences.kind,
          notificationPreferences.channel,
        ],
        set: { enabled: p.enabled, updatedAt: now },
      }),
  );
  await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
}
