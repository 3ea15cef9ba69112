import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltip } from '../../charts/ChartTooltip.js';
import { TimeSeriesChart } from '../../charts/TimeSeriesChart.js';
import { formatAxisValue, formatCount, formatDateTime, formatMs, formatPercent } from '../../lib/format.js';
import { AFTER_COLOR, BEFORE_COLOR, distributionOverlay, type OverlayRow, p95Series } from './before-after.js';
import type { DoneValidation, IntervalValue } from './recommendation-types.js';
import type { VerdictSummary } from './verdict.js';

/** What GET /recommendations/:id/tracking answers under `series`. */
export interface TrackingSeries {
  markerId: string | null;
  markerT: number | null;
  stepMs: number;
  before: IntervalValue[];
  after: IntervalValue[];
}

export function VerdictBox({ summary }: { summary: VerdictSummary }) {
  const tone = summary.tone === 'muted' ? 'badge' : `badge badge--${summary.tone}`;
  return (
    <div className={`verdict verdict--${summary.state}`} role="status" aria-label={`Verdict: ${summary.label}`}>
      <span className={`${tone} verdict-label`}>{summary.label}</span>
      <ul className="verdict-details">
        {summary.details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/** p95 per minute on both sides of the marker (validated windows when there is a verdict, else live). */
export function P95AroundMarker({
  before,
  after,
  markerT,
  stepMs,
}: {
  before: readonly IntervalValue[];
  after: readonly IntervalValue[];
  markerT: number | null;
  stepMs: number;
}) {
  const data = p95Series(before, after, stepMs);
  if (data === null) {
    return (
      <div className="panel-state panel-state--empty chart-empty">No requests of this target in the window yet</div>
    );
  }
  return (
    <TimeSeriesChart
      series={data.series}
      unit="ms"
      fromMs={data.fromMs}
      toMs={data.toMs}
      height={240}
      markers={markerT === null ? [] : [{ t: markerT, label: 'fix applied', kind: 'deploy' }]}
      label={`p95 latency per minute: ${before.length} minutes before${markerT === null ? '' : ` and ${after.length} after the change at ${formatDateTime(markerT)}`}`}
    />
  );
}

/** The bucket (category) holding `ms`, for a percentile line on the category axis. */
function categoryOf(rows: readonly OverlayRow[], ms: number | null): string | null {
  if (ms === null || rows.length === 0) return null;
  return (rows.find((r) => ms <= r.upperMs) ?? rows[rows.length - 1]!).category;
}

/**
 * The two latency distributions on one axis: per bucket a bar for each side, as shares of that side's requests
 * (bars, not a smoothed area: a histogram of two spikes must not look like a hill). Dashed lines mark each p95.
 */
export function DistributionOverlay({ validation }: { validation: DoneValidation }) {
  const rows = distributionOverlay(validation.before.histogram, validation.after.histogram);
  if (rows.length === 0) return <div className="panel-state panel-state--empty chart-empty">No histogram data</div>;
  // Ticks by category, not by index: recharts passes the index among the ticks it kept, not the row's.
  const upperOf = new Map(rows.map((r) => [r.category, r.upperMs]));
  const lines = [
    { key: 'before', ms: validation.before.p95Ms, color: BEFORE_COLOR },
    { key: 'after', ms: validation.after.p95Ms, color: AFTER_COLOR },
  ];
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Latency distributions: ${formatCount(validation.before.count)} requests before (p95 ${formatMs(validation.before.p95Ms)}), ${formatCount(validation.after.count)} after (p95 ${formatMs(validation.after.p95Ms)})`}
    >
      <BarChart
        data={rows}
        style={{ width: '100%', height: 240 }}
        responsive
        margin={{ top: 12, right: 16, bottom: 0, left: 0 }}
        barCategoryGap="12%"
        barGap={1}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="category"
          tickFormatter={(category: string) => formatMs(upperOf.get(category) ?? null)}
          tickLine={false}
          axisLine={{ stroke: 'var(--border)' }}
          minTickGap={24}
        />
        <YAxis
          tickFormatter={(v: number) => formatAxisValue(v, 'percent')}
          width={56}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip
          cursor={{ fill: 'var(--surface-hover)' }}
          content={(props) => (
            <ChartTooltip
              props={props}
              title={(c) => String(c ?? '')}
              value={(v) => `${formatPercent(v)} of requests`}
            />
          )}
          isAnimationActive={false}
        />
        <Legend
          iconType="square"
          iconSize={10}
          height={24}
          formatter={(value: string) => <span className="legend-text">{value}</span>}
        />
        {lines.map((line) => {
          const x = categoryOf(rows, line.ms);
          return x === null ? null : (
            <ReferenceLine key={line.key} x={x} stroke={line.color} strokeDasharray="4 3" strokeWidth={1.5} />
          );
        })}
        <Bar dataKey="before" name="Before" fill={BEFORE_COLOR} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="after" name="After" fill={AFTER_COLOR} radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

/** One line under the verdict: what was compared. */
export function comparedText(validation: DoneValidation): string {
  const { before, after } = validation;
  const [low, high] = validation.tests.p95.differenceCi95Ms;
  const ci =
    low === undefined || high === undefined
      ? ''
      : `; 95 % interval of the p95 change ${formatMs(low)} to ${formatMs(high)}`;
  return (
    `${formatCount(before.count)} requests in ${before.intervals.length} min before vs ` +
    `${formatCount(after.count)} in ${after.intervals.length} min after${ci}`
  );
}
