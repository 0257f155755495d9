// One scheduler per site. It keeps a single alarm at the site's earliest scheduled time; when the alarm fires it
// publishes every post whose time has come. D1 stays the source of truth: the alarm only says "look now", and
// publishing is a conditional write, so a repeated or late alarm can never publish a post twice.
import { DurableObject } from 'cloudflare:workers';
import { openDatabase } from '../d1/db';
import { newId } from '../d1/ids';
import { applyPostChange, duePosts, loadRelations, nextScheduledAt } from '../d1/repositories/posts';
import { revisionFields } from '../d1/revision-fields';
import type { NewEventRow } from '../d1/repositories/events';
import { eventRow, type EventTrace } from '../queues/events/build';
import { changedFields, postChangedEvents, postSnapshot } from '../queues/events/post-events';
import { relayEvents } from '../queues/events/relay';
import type { RoomContent } from './post-room/edits';

const RETRY_DELAY_MS = 30_000;

export class PublishScheduler extends DurableObject<Env> {
  /** Re-reads the site's next scheduled time from D1 and sets (or clears) the alarm to match. */
  async reschedule(siteId: string): Promise<number | null> {
    await this.ctx.storage.put('siteId', siteId);
    const next = await nextScheduledAt(openDatabase(this.env.DB), siteId);
    if (next) {
      await this.ctx.storage.setAlarm(next.getTime());
      return next.getTime();
    }
    await this.ctx.storage.deleteAlarm();
    return null;
  }

  override async alarm(): Promise<void> {
    const siteId = await this.ctx.storage.get<string>('siteId');
    if (!siteId) return;
    const db = openDatabase(this.env.DB);
    const published = await publishDue(
      db,
      siteId,
      new Date(),
      (postId) => this.env.POST_ROOM.get(this.env.POST_ROOM.idFromName(`${siteId}:${postId}`)).draft(siteId, postId),
      (rows) => this.ctx.waitUntil(relayEvents(this.env.EVENTS, db, rows)),
    );
    if (published.length > 0) console.log(JSON.stringify({ msg: 'scheduled posts published', siteId, published }));
    try {
      await this.reschedule(siteId);
    } catch (error) {
      // D1 unreachable: look again shortly rather than losing the schedule.
      console.error(JSON.stringify({ msg: 'reschedule failed', siteId, error: String(error) }));
      await this.ctx.storage.setAlarm(Date.now() + RETRY_DELAY_MS);
    }
  }
}

/**
 * Publishes every due post of a site exactly once; returns the ids this call published. The title and body come
 * from the post's collaboration room when it has one: what editors typed until the last moment goes live.
 */
export async function publishDue(
  db: ReturnType<typeof openDatabase>,
  siteId: string,
  now: Date,
  drafts: (postId: string) => Promise<RoomContent | null> = async () => null,
  /** Hands the committed events of each publication to the relay; without it they wait for the sweeper. */
  relay: (rows: NewEventRow[]) => void = () => {},
): Promise<string[]> {
  // One alarm run is one unit of work: its events share a correlation id.
  const trace: EventTrace = { actor: { type: 'system', id: 'publish-scheduler' }, correlationId: crypto.randomUUID() };
  const due = await duePosts(db, siteId, now);
  const relations = await loadRelations(
    db,
    due.map((p) => p.id),
  );
  const published: string[] = [];
  for (const post of due) {
    const rel = relations.get(post.id);
    // The post goes live at the time it was scheduled for, even when the alarm runs a little late.
    const publishedAt = post.scheduledAt ?? now;
    const live = await drafts(post.id);
    // Rendering loads the Markdown pipeline, so it is imported when a post needs it, not when the Worker starts.
    const content =
      live && (live.title !== post.title || live.markdown !== post.markdown)
        ? await (await import('./post-room/flush')).contentColumns(db, siteId, live)
        : {};
    const set = { ...content, status: 'published' as const, publishedAt, scheduledAt: null, updatedAt: now };
    const ids = { authorIds: rel?.authors.map((a) => a.id) ?? [], tagIds: rel?.tags.map((t) => t.id) ?? [] };
    const events = postChangedEvents(
      trace,
      postSnapshot(post, ids),
      postSnapshot({ ...post, ...set, version: post.version + 1 }, ids),
      { changed: changedFields(post, content), reason: 'live', scheduledPublish: true },
      now,
    ).map(eventRow);
    const applied = await applyPostChange(db, {
      siteId,
      id: post.id,
      fromVersion: post.version,
      set,
      events,
      // Audited like a publish by a person, in the same batch; the scheduler acts for nobody, so no actor.
      audit: [
        {
          id: newId(),
          siteId,
          at: now,
          action: 'post.published',
          actorUserId: null,
          actorKeyId: null,
          targetType: post.type,
          targetId: post.id,
          ip: null,
          detail: { title: content.title ?? post.title, from: 'scheduled', scheduled: true },
        },
      ],
      revision: {
        id: newId(),
        title: content.title ?? post.title,
        markdown: content.markdown ?? post.markdown,
        fields: revisionFields(
          { ...post, publishedAt, scheduledAt: null },
          {
            authorIds: rel?.authors.map((a) => a.id) ?? [],
            tagIds: rel?.tags.map((t) => t.id) ?? [],
            categoryIds: rel?.categories.map((c) => c.id) ?? [],
          },
        ),
        status: 'published',
        reason: 'scheduled_publish',
        authorId: null,
        createdAt: now,
      },
    });
    if (!applied) continue;
    published.push(post.id);
    relay(events);
  }
  return published;
}
