// The notification consumer: who should hear about an event, minus whoever caused it and whoever switched that kind
// off, each gets an in-app notification. Email or push would add a channel: a delivery row per channel, sent by a
// consumer of pending deliveries, with the same preferences per kind and channel.
import { activeStaff, notificationStatements, optedOut } from '../../d1/repositories/notifications';
import type { NotificationKind } from '../../d1/schema';
import type { DomainEvent } from '../events/catalog';
import type { Consumer } from '../runner';

interface Plan {
  kind: NotificationKind;
  postId: string;
  title: string;
  recipients: { userIds: string[] } | { roles: ('owner' | 'admin' | 'editor')[] };
}

const quoted = (title: string) => `“${title || 'Untitled'}”`;

/** What an event means to people, if anything. */
export function notificationPlan(event: DomainEvent): Plan | undefined {
  const postId = event.aggregate.id;
  switch (event.type) {
    case 'post.submitted_for_review':
      return {
        kind: 'post_submitted',
        postId,
        title: `${quoted(event.payload.title)} was submitted for review`,
        recipients: { roles: ['owner', 'admin', 'editor'] },
      };
    case 'post.published':
      return {
        kind: 'post_published',
        postId,
        title: `${quoted(event.payload.title)} was published`,
        recipients: { userIds: event.payload.author_ids },
      };
    case 'post.scheduled':
      return {
        kind: 'post_scheduled',
        postId,
        title: `${quoted(event.payload.title)} was scheduled for ${event.payload.scheduled_at}`,
        recipients: { userIds: event.payload.author_ids },
      };
    case 'post.status_changed':
      if (event.payload.from !== 'review' || event.payload.to !== 'draft') return undefined;
      return {
        kind: 'post_sent_back',
        postId,
        title: `${quoted(event.payload.title)} was sent back to draft`,
        recipients: { userIds: event.payload.author_ids },
      };
    default:
      return undefined;
  }
}

export const notificationConsumer: Consumer = {
  name: 'notifications',
  apply: async (db, event, now) => {
    const plan = notificationPlan(event);
    if (!plan) return [];
    const staff = await activeStaff(db, event.site_id, plan.recipients);
    const actor = event.actor.type === 'user' ? event.actor.id : undefined;
    const candidates = [...new Set(staff)].filter((id) => id !== actor);
    const off = await optedOut(db, event.site_id, candidates, plan.kind, 'in_app');
    return candidates
      .filter((id) => !off.has(id))
      .flatMap((userId) =>
        notificationStatements(db, {
          id: crypto.randomUUID(),
          siteId: event.site_id,
          userId,
          kind: plan.kind,
          eventId: event.id,
          postId: plan.postId,
          title: plan.title,
          createdAt: now,
        }),
      );
  },
};
