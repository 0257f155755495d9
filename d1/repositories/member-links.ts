// Readers' emailed sign-in links: stored as SHA-256, spent by one conditional update, so a link works once even when
// two requests race with it.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import { memberSignInLinks } from '../schema';

export type MemberLinkRow = typeof memberSignInLinks.$inferSelect;

export function insertMemberLinkStatement(db: Database, row: Omit<MemberLinkRow, 'usedAt'>) {
  return db.insert(memberSignInLinks).values(row);
}

/** Retires the unspent links of an email on a site: only the newest link works. */
export function retireMemberLinksStatement(db: Database, siteId: string, email: string, now: Date) {
  return db
    .update(memberSignInLinks)
    .set({ usedAt: now })
    .where(
      and(eq(memberSignInLinks.siteId, siteId), eq(memberSignInLinks.email, email), isNull(memberSignInLinks.usedAt)),
    );
}

/** Spends a live link of this site; the row, or undefined when it is unknown, used or expired. */
export async function spendMemberLink(
  db: Database,
  siteId: string,
  tokenHash: string,
  now: Date,
): Promise<MemberLinkRow | undefined> {
  const rows = await db
    .update(memberSignInLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(memberSignInLinks.tokenHash, tokenHash),
        eq(memberSignInLinks.siteId, siteId),
        isNull(memberSignInLinks.usedAt),
        gt(memberSignInLinks.expiresAt, now),
      ),
    )
    .returning();
  return rows[0];
}
