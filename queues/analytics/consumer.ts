// The analytics consumer: each event's contribution becomes upserts on the daily counters and the post timeline.
import { addToCounter, recordTimeline } from '../../d1/repositories/analytics';
import type { Consumer } from '../runner';
import { contributionOf } from './contributions';

export const analyticsConsumer: Consumer = {
  name: 'analytics',
  apply: async (db, event) => {
    const { counters, timeline } = contributionOf(event);
    return [...counters.map((c) => addToCounter(db, c)), ...timeline.map((t) => recordTimeline(db, t))];
  },
};
