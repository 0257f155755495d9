// The analytics charts. Columns over days are drawn by uPlot (a small, maintained canvas chart library); the
// canvas is hidden from screen readers, which get the figure's label and a table of every number instead. The
// per-author and per-tag rankings are tables whose rows carry a CSS bar: already text, they need no library.
import { useEffect, useRef } from 'hono/jsx/dom';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** uPlot's code is loaded with the first chart, so screens without one do not download it. */
const library = () => import('uplot').then((m) => m.default);

export interface Series {
  name: string;
  className: string;
  values: number[];
}

const HEIGHT = 180;
const DAY = 86_400;

/** A series' colour as the stylesheet sets it (`.series-a`, `.series-b`), so the chart follows the theme. */
function colourOf(host: HTMLElement, className: string): string {
  const probe = document.createElement('span');
  probe.className = className;
  host.append(probe);
  const colour = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return colour;
}

/** Columns per day, one per series side by side, with the same numbers in a table below. */
export function DayColumns({ days, series, label }: { days: string[]; series: Series[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const totals = series.map((s) => `${s.values.reduce((a, b) => a + b, 0)} ${s.name}`).join(', ');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let plot: uPlot | undefined;
    let resize: ResizeObserver | undefined;
    let gone = false;
    void library().then((uPlot) => {
      if (gone) return;
      // Axis text in the page's own colours, so it keeps its contrast in the dark theme too.
      const ink = getComputedStyle(el).color;
      const line = getComputedStyle(el).getPropertyValue('--line').trim() || '#ccc';
      const x = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
      const options: uPlot.Options = {
        width: Math.max(240, el.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // Half a day of margin each side, so the first and last days' columns are not cut in half.
          x: { time: true, range: (_u, first, last) => [first - DAY / 2, last + DAY / 2] },
          y: { range: (_u, _min, top) => [0, Math.max(1, top)] },
        },
        axes: [
          { stroke: ink, grid: { stroke: line }, ticks: { stroke: line } },
          { stroke: ink, grid: { stroke: line }, ticks: { stroke: line }, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100] },
        ],
        series: [
          {},
          ...series.map((s, i) => {
            const colour = colourOf(el, s.className);
            return {
              label: s.name,
              fill: colour,
              stroke: colour,
              paths: uPlot.paths.bars!({ size: [0.4, 24], align: i === 0 ? -1 : 1 }),
              points: { show: false },
            } satisfies uPlot.Series;
          }),
        ],
      };
      const chart = new uPlot(options, [x, ...series.map((s) => s.values)], el);
      // The label and the table say everything the canvas shows.
      chart.root.setAttribute('aria-hidden', 'true');
      resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT }));
      resize.observe(el);
      plot = chart;
    });
    return () => {
      gone = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [JSON.stringify({ days, series })]);

  return (
    <figure class="chart">
      <div class="plot" ref={host} role="img" aria-label={`${label}: ${totals}`} />
      <figcaption>
        {label} (highest day: {max}){' '}
        {series.map((s) => (
          <span class={`key ${s.className}`}>{s.name}</span>
        ))}
      </figcaption>
      <details>
        <summary>The numbers</summary>
        <table class="numbers">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr>
                <th scope="row">{day}</th>
                {series.map((s) => (
                  <td>{s.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** One bar per row, longest first, with the number beside it. */
export function BarList({ rows, caption }: { rows: { label: string; value: number }[]; caption: string }) {
  const sorted = [...rows].sort((a, b) => b.value - a.value).slice(0, 12);
  const max = Math.max(1, ...sorted.map((r) => r.value));
  return (
    <table class="bar-list">
      <caption>{caption}</caption>
      <tbody>
        {sorted.length === 0 && (
          <tr>
            <td>Nothing in this range.</td>
          </tr>
        )}
        {sorted.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>
              <span class="bar" style={`width:${(r.value / max) * 100}%`} />
            </td>
            <td class="value">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
