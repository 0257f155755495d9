// What one event adds to the analytics read models, as plain data. The incremental consumer turns it into upserts;
// a replay folds the contributions of the whole event store in memory. One function for both is what makes a
// rebuilt model equal to the incrementally built one.
import type { CounterDelta, TimelineFact } from '../../d1/repositories/analytics';
import type { DomainEvent } from '../events/catalog';

export const METRICS = ['posts_created', 'posts_published', 'editorial_actions', 'media_uploaded'] as const;
export type Metric = (typeof METRICS)[number];

export interface Contribution {
  counters: CounterDelta[];
  timeline: TimelineFact[];
}

/** Events that are an editor's action; the events they cause (published, scheduled…) are not counted again. */
const ACTIONS = new Set(['post.created', 'post.updated', 'post.status_changed', 'post.deleted', 'revision.restored']);

/** The UTC day of an ISO time. */
export const dayOf = (iso: string) => iso.slice(0, 10);

export function contributionOf(event: DomainEvent): Contribution {
  const day = dayOf(new Date(event.occurred_at).toISOString());
  const siteId = event.site_id;
  const counters: CounterDelta[] = [];
  const timeline: TimelineFact[] = [];
  const count = (metric: Metric, dimension: string, dimensionId: string) =>
    counters.push({ siteId, day, metric, dimension, dimensionId, value: 1 });
  const breakdown = (metric: Metric, authorIds: string[], tagIds: string[]) => {
    count(metric, 'site', '');
    for (const id of new Set(authorIds)) count(metric, 'author', id);
    for (const id of new Set(tagIds)) count(metric, 'tag', id);
  };

  if (ACTIONS.has(event.type) && event.actor.type === 'user') count('editorial_actions', 'user', event.actor.id);
  switch (event.type) {
    case 'post.created':
      if (event.payload.post_type === 'post')
        breakdown('posts_created', event.payload.author_ids, event.payload.tag_ids);
      break;
    case 'post.published':
      if (event.payload.post_type === 'post') {
        breakdown('posts_published', event.payload.author_ids, event.payload.tag_ids);
        timeline.push({ siteId, postId: event.aggregate.id, publishedAt: new Date(event.occurred_at) });
      }
      break;
    case 'post.submitted_for_review':
      if (event.payload.post_type === 'post') {
        timeline.push({ siteId, postId: event.aggregate.id, submittedAt: new Date(event.occurred_at) });
      }
      break;
    case 'media.uploaded':
      count('media_uploaded', 'site', '');
      break;
    default:
      break;
  }
  return { counters, timeline };
}
