// One scheduler per site. It keeps a single alarm at the site's earliest scheduled time; when the alarm fires it
// publishes every post whose time has come. D1 stays the source of truth: the alarm only says "look now", and
// publishing is a conditional write, so a repeated or late alarm can never publish a post twice.
import { DurableObject } from 'cloudflare:workers';
import { openDatabase } from '../d1/db';
import { newId } from '../d1/ids';
import { applyPostChange, duePosts, loadRelations, nextScheduledAt } from '../d1/repositories/posts';
import { revisionFields } from '../d1/revision-fields';

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
    const published = await publishDue(openDatabase(this.env.DB), siteId, new Date());
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

/** Publishes every due post of a site exactly once; returns the ids this call published. */
export async function publishDue(db: ReturnType<typeof openDatabase>, siteId: string, now: Date): Promise<string[]> {
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
    const applied = await applyPostChange(db, {
      siteId,
      id: post.id,
      fromVersion: post.version,
      set: { status: 'published', publishedAt, scheduledAt: null, updatedAt: now },
      revision: {
        id: newId(),
        title: post.title,
        markdown: post.markdown,
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
    if (applied) published.push(post.id);
  }
  return published;
}
