import { useId } from "react";
import type { UsageByDay } from "../api/usage";
import { daysBetween, shortDay } from "../labels";

const HEIGHT = 180;
const TOP = 16;
const BOTTOM = 28;
const LEFT = 44;
const RIGHT = 8;

interface Props {
  start: string;
  end: string;
  days: UsageByDay[];
}

/** Credits used per day as an SVG bar chart, with the same numbers as a table for screen readers and keyboards. */
export function UsageChart({ start, end, days }: Props) {
  const titleId = useId();
  const descId = useId();
  const byDate = new Map(days.map((d) => [d.date, d]));
  const series = daysBetween(start, end).map((date) => ({
    date,
    credits: byDate.get(date)?.credits ?? 0,
    count: byDate.get(date)?.count ?? 0,
  }));
  const max = Math.max(0, ...series.map((d) => d.credits));
  const total = series.reduce((sum, d) => sum + d.credits, 0);
  const busiest = series.reduce<(typeof series)[number] | null>((best, d) => (d.credits > (best?.credits ?? 0) ? d : best), null);
  const slot = Math.max(6, Math.min(28, 720 / Math.max(1, series.length)));
  const width = LEFT + RIGHT + slot * series.length;
  const plot = HEIGHT - TOP - BOTTOM;
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.max(1, Math.ceil(series.length / 8));
  const summary =
    total === 0
      ? `No credits used between ${shortDay(start)} and ${shortDay(end)}.`
      : `${total.toLocaleString()} credits used between ${shortDay(start)} and ${shortDay(end)}; the busiest day was ${shortDay(
          busiest?.date ?? start,
        )} with ${(busiest?.credits ?? 0).toLocaleString()} credits.`;

  return (
    <figure className="usage-chart">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMinYMid meet"
        className="usage-chart-svg"
      >
        <title id={titleId}>Credits used per day</title>
        <desc id={descId}>{summary}</desc>
        <line x1={LEFT} x2={width - RIGHT} y1={TOP + plot} y2={TOP + plot} className="axis" />
        <line x1={LEFT} x2={width - RIGHT} y1={TOP} y2={TOP} className="gridline" />
        <text x={LEFT - 6} y={TOP + 4} textAnchor="end" className="tick">
          {max.toLocaleString()}
        </text>
        <text x={LEFT - 6} y={TOP + plot + 4} textAnchor="end" className="tick">
          0
        </text>
        {series.map((d, i) => {
          const h = max > 0 ? (d.credits / max) * plot : 0;
          const x = LEFT + i * slot + (slot - barWidth) / 2;
          return (
            <g key={d.date} data-testid="usage-bar" data-date={d.date} data-credits={d.credits}>
              <rect x={x} y={TOP + plot - h} width={barWidth} height={h} className="bar">
                <title>{`${shortDay(d.date)}: ${d.credits.toLocaleString()} credits`}</title>
              </rect>
              {((i % labelEvery === 0 && series.length - 1 - i >= labelEvery / 2) || i === series.length - 1) && (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="tick">
                  {shortDay(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{summary}</figcaption>
      <details className="chart-table">
        <summary>Show daily usage as a table</summary>
        <div className="table-wrap short">
          <table className="data-table">
            <caption className="sr-only">Credits used per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col" className="num">
                  Operations
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td className="num">{d.credits.toLocaleString()}</td>
                  <td className="num">{d.count.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
