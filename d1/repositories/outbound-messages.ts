// Messages to send outside the app (email), written in the batch of the change that causes them.
import type { Database } from '../db';
import { outboundMessages } from '../schema';

export type OutboundMessageRow = typeof outboundMessages.$inferSelect;
export type NewOutboundMessage = Pick<
  OutboundMessageRow,
  'id' | 'siteId' | 'channel' | 'recipient' | 'kind' | 'subject' | 'body' | 'createdAt'
>;

export function insertOutboundMessageStatement(db: Database, row: NewOutboundMessage) {
  return db.insert(outboundMessages).values({ ...row, status: 'pending' });
}
