// Two small charts drawn with SVG and CSS, no library: columns over days, and labelled horizontal bars. Each
// carries its numbers as text too (a title per column, the value beside each bar) for screen readers.

export interface Series {
  name: string;
  className: string;
  values: number[];
}

/** Columns per day, one per series side by side. */
export function DayColumns({ days, series, label }: { days: string[]; series: Series[]; label: string }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const width = 640;
  const height = 160;
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const totals = series.map((s) => `${s.values.reduce((a, b) => a + b, 0)} ${s.name}`).join(', ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={`${label}: ${totals}`}>
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        {days.map((day, i) =>
          series.map((s, j) => {
            const value = s.values[i] ?? 0;
            const h = (value / max) * (height - 4);
            return (
              <rect x={i * slot + slot * 0.1 + j * bar} y={height - h} width={bar} height={h} class={s.className}>
                <title>
                  {day}: {value} {s.name}
                </title>
              </rect>
            );
          }),
        )}
        <text x="0" y={height + 14} class="tick">
          {days[0]}
        </text>
        <text x={width} y={height + 14} class="tick" text-anchor="end">
          {days[days.length - 1]}
        </text>
      </svg>
      <figcaption>
        {label} (highest day: {max}){' '}
        {series.map((s) => (
          <span class={`key ${s.className}`}>{s.name}</span>
        ))}
      </figcaption>
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
