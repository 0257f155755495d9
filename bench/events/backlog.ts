// A backlog for the pipeline alone: events written straight into the outbox of the local D1 (as a batch of state
// changes would leave them, unsent), before the Worker starts. One sweeper run then relays them all, so the time
// until the consumers have applied every one measures outbox → Queue → consumers without HTTP writes in front.
import { openDatabase } from '../../d1/db';
import { eventInserts } from '../../d1/repositories/events';
import { findSiteByHost } from '../../d1/repositories/sites';
import { findUserByEmail } from '../../d1/repositories/users';
import { buildEvent, eventRow } from '../../queues/events/build';
import { DEMO_HOSTS, openLocalD1 } from '../../scripts/seed';

/** Writes `count` unsent post.published events by `publisherEmail` for posts of `authorEmail`, tagged `tagId`. */
export async function writeBacklog(
  persistTo: string,
  count: number,
  who: { authorEmail: string; publisherEmail: string },
  tagId: string,
): Promise<void> {
  const local = await openLocalD1(persistTo);
  try {
    const db = openDatabase(local.d1);
    const site = await findSiteByHost(db, DEMO_HOSTS[0]!);
    const author = await findUserByEmail(db, who.authorEmail);
    const publisher = await findUserByEmail(db, who.publisherEmail);
    if (!site || !author || !publisher) throw new Error('seed the demo accounts first');
    // Old enough for the sweeper, which leaves events younger than 30 s to the request that wrote them.
    const occurred = new Date(Date.now() - 60_000);
    const rows = Array.from({ length: count }, (_, i) =>
      eventRow(
        buildEvent(
          { actor: { type: 'user', id: publisher.id }, correlationId: `bench-backlog-${i}` },
          {
            type: 'post.published',
            siteId: site.id,
            aggregate: { type: 'post', id: crypto.randomUUID(), version: 2 },
            payload: {
              post_type: 'post',
              title: `Backlog ${i}`,
              author_ids: [author.id],
              tag_ids: [tagId],
              published_at: occurred.toISOString(),
              scheduled: false,
            },
          },
          occurred,
        ),
      ),
    );
    for (let i = 0; i < rows.length; i += 50) {
      const statements = eventInserts(db, rows.slice(i, i + 50));
      await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
    }
  } finally {
    await local.dispose();
  }
}
