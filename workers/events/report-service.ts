// The analytics report: the daily counters of a date range, folded per day, author, tag and user, with names.
import type { Database } from '../../d1/db';
import { countersBetween, labelsFor, reviewedPublications } from '../../d1/repositories/analytics';

type Counts = { posts_created: number; posts_published: number };
const zero = (): Counts => ({ posts_created: 0, posts_published: 0 });

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Days from `from` to `to` inclusive, YYYY-MM-DD. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function analyticsReport(db: Database, siteId: string, from: string, to: string) {
  const rows = await countersBetween(db, siteId, from, to);
  const perDay = new Map(daysBetween(from, to).map((d) => [d, zero()]));
  const perAuthor = new Map<string, Counts>();
  const perTag = new Map<string, Counts>();
  const activity = new Map<string, number>();
  const totals = { ...zero(), editorial_actions: 0, media_uploaded: 0 };
  for (const row of rows) {
    const metric = row.metric as keyof typeof totals;
    if (row.dimension === 'site' && metric in totals) totals[metric] += row.value;
    const counted = row.metric === 'posts_created' || row.metric === 'posts_published';
    if (counted && row.dimension === 'site') perDay.get(row.day)![row.metric as keyof Counts] += row.value;
    if (counted && (row.dimension === 'author' || row.dimension === 'tag')) {
      const map = row.dimension === 'author' ? perAuthor : perTag;
      const counts = map.get(row.dimensionId) ?? zero();
      counts[row.metric as keyof Counts] += row.value;
      map.set(row.dimensionId, counts);
    }
    if (row.metric === 'editorial_actions' && row.dimension === 'user') {
      totals.editorial_actions += row.value;
      activity.set(row.dimensionId, (activity.get(row.dimensionId) ?? 0) + row.value);
    }
  }
  const labels = await labelsFor(
    db,
    siteId,
    [...new Set([...perAuthor.keys(), ...activity.keys()])],
    [...perTag.keys()],
  );
  const end = new Date(Date.parse(to) + 86_400_000);
  const leads = (await reviewedPublications(db, siteId, new Date(Date.parse(from)), end))
    .map((r) => (r.publishedAt!.getTime() - r.submittedAt!.getTime()) / 1000)
    .filter((s) => s >= 0);
  const byCount = <T extends Counts>(a: T, b: T) =>
    b.posts_published - a.posts_published || b.posts_created - a.posts_created;
  return {
    from,
    to,
    totals,
    per_day: [...perDay].map(([day, counts]) => ({ day, ...counts })),
    per_author: [...perAuthor]
      .map(([id, counts]) => ({ user_id: id, name: labels.people.get(id) ?? null, ...counts }))
      .sort(byCount),
    per_tag: [...perTag]
      .map(([id, counts]) => ({
        tag_id: id,
        name: labels.tags.get(id)?.name ?? null,
        slug: labels.tags.get(id)?.slug ?? null,
        ...counts,
      }))
      .sort(byCount),
    editorial_activity: [...activity]
      .map(([id, actions]) => ({ user_id: id, name: labels.people.get(id) ?? null, actions }))
      .sort((a, b) => b.actions - a.actions),
    time_to_publish: {
      posts: leads.length,
      average_seconds: leads.length > 0 ? leads.reduce((a, b) => a + b, 0) / leads.length : null,
      median_seconds: median(leads),
    },
  };
}
