// Editorial analytics for editors and above: posts created and published per day, per author and per tag, who
// did the editorial work, and how long posts wait between review and publication.
import { useEffect, useState } from 'hono/jsx/dom';
import type { z } from '@hono/zod-openapi';
import type { AnalyticsReport } from '../../../workers/events/schemas';
import { api, messageOf } from '../api';
import { BarList, DayColumns } from './charts';

type Report = z.infer<typeof AnalyticsReport>;

const day = (date: Date) => date.toISOString().slice(0, 10);
const hours = (seconds: number | null) => (seconds === null ? '—' : `${(seconds / 3600).toFixed(1)} h`);

export function AnalyticsScreen() {
  const [range, setRange] = useState({ from: day(new Date(Date.now() - 29 * 86_400_000)), to: day(new Date()) });
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    api<Report>('GET', `/reports/analytics?${new URLSearchParams(range)}`)
      .then((r) => {
        if (!current) return;
        setReport(r);
        setError('');
      })
      .catch((e) => current && setError(messageOf(e)));
    return () => {
      current = false;
    };
  }, [range]);

  const set = (key: 'from' | 'to') => (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    if (value) setRange({ ...range, [key]: value });
  };

  return (
    <section class="analytics" aria-labelledby="analytics-title">
      <h1 id="analytics-title">Analytics</h1>
      <form class="filters" onSubmit={(e: Event) => e.preventDefault()}>
        <label>
          From
          <input type="date" value={range.from} max={range.to} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={range.to} min={range.from} onChange={set('to')} />
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <>
          <dl class="totals">
            <div>
              <dt>Posts created</dt>
              <dd>{report.totals.posts_created}</dd>
            </div>
            <div>
              <dt>Posts published</dt>
              <dd>{report.totals.posts_published}</dd>
            </div>
            <div>
              <dt>Editorial actions</dt>
              <dd>{report.totals.editorial_actions}</dd>
            </div>
            <div>
              <dt>Media uploaded</dt>
              <dd>{report.totals.media_uploaded}</dd>
            </div>
            <div>
              <dt>Review to publication (median)</dt>
              <dd>{hours(report.time_to_publish.median_seconds)}</dd>
            </div>
          </dl>
          <DayColumns
            label="Posts per day"
            days={report.per_day.map((d) => d.day)}
            series={[
              { name: 'created', className: 'series-a', values: report.per_day.map((d) => d.posts_created) },
              { name: 'published', className: 'series-b', values: report.per_day.map((d) => d.posts_published) },
            ]}
          />
          <div class="bar-lists">
            <BarList
              caption="Published per author"
              rows={report.per_author.map((a) => ({ label: a.name ?? 'Former staff', value: a.posts_published }))}
            />
            <BarList
              caption="Published per tag"
              rows={report.per_tag.map((t) => ({ label: t.name ?? t.slug ?? 'Deleted tag', value: t.posts_published }))}
            />
            <BarList
              caption="Editorial actions per person"
              rows={report.editorial_activity.map((a) => ({ label: a.name ?? 'Former staff', value: a.actions }))}
            />
          </div>
        </>
      )}
    </section>
  );
}
