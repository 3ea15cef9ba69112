import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Distribution } from '../api/types.js';
import { formatCount, formatMs } from '../lib/format.js';
import { ChartTooltip } from './ChartTooltip.js';

export interface DistributionRow {
  category: string;
  lowerMs: number;
  upperMs: number;
  count: number;
}

/**
 * One bar per stored histogram bucket. The buckets are log-spaced (each a constant factor wider than the last), so
 * equal-width bars give a logarithmic latency axis: a long tail stays readable next to the bulk.
 */
export function distributionRows(distribution: Distribution): DistributionRow[] {
  return distribution.buckets.map((b) => ({
    category: `${formatMs(b.lowerMs)} – ${formatMs(b.upperMs)}`,
    lowerMs: b.lowerMs,
    upperMs: b.upperMs,
    count: b.count,
  }));
}

/** The category (bucket) holding `ms`, for percentile markers on the category axis. */
export function bucketOf(rows: readonly DistributionRow[], ms: number | null): string | null {
  if (ms === null) return null;
  const row = rows.find((r) => ms <= r.upperMs) ?? rows[rows.length - 1];
  return row?.category ?? null;
}

export function DistributionChart({ distribution, label }: { distribution: Distribution; label: string }) {
  const rows = distributionRows(distribution);
  const markers = [
    { name: 'p50', ms: distribution.p50Ms, color: 'var(--series-3)' },
    { name: 'p95', ms: distribution.p95Ms, color: 'var(--series-2)' },
    { name: 'p99', ms: distribution.p99Ms, color: 'var(--series-6)' },
  ];
  return (
    <div className="chart" role="img" aria-label={label}>
      <BarChart
        data={rows}
        style={{ width: '100%', height: 240 }}
        responsive
        margin={{ top: 20, right: 40, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="category"
          tickFormatter={(_: string, index: number) => formatMs(rows[index]?.upperMs ?? null)}
          tickLine={false}
          axisLine={{ stroke: 'var(--border)' }}
          minTickGap={24}
        />
        <YAxis
          tickFormatter={(v: number) => formatCount(v)}
          width={56}
          tickLine={false}
          axisLine={false}
          allowDecimals={false}
        />
        <Tooltip
          cursor={{ fill: 'var(--surface-hover)' }}
          content={(props) => (
            <ChartTooltip props={props} title={(c) => String(c ?? '')} value={(v) => `${formatCount(v)} requests`} />
          )}
          isAnimationActive={false}
        />
        {markers.map((m) => {
          const x = bucketOf(rows, m.ms);
          return x === null ? null : (
            <ReferenceLine
              key={m.name}
              x={x}
              stroke={m.color}
              strokeDasharray="4 3"
              label={{ value: `${m.name} ${formatMs(m.ms)}`, position: 'top', fill: 'var(--text-2)', fontSize: 11 }}
            />
          );
        })}
        <Bar dataKey="count" name="Requests" fill="var(--series-0)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
