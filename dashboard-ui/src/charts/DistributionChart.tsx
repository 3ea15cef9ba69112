import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Distribution } from '../api/types.js';
import { formatCount, formatPercent } from '../lib/format.js';
import { ChartTooltip } from './ChartTooltip.js';
import { distributionRows, formatBucketRange, type MarkerGroup, markerGroups } from './distribution-axis.js';

const LANE_PX = 14;

/** A percentile label above its line; anchored at the line, away from the chart's edge near either end. */
function MarkerLabel({ group, viewBox }: { group: MarkerGroup; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 6 - group.lane * LANE_PX;
  const dx = group.anchor === 'start' ? -4 : group.anchor === 'end' ? 4 : 0;
  return (
    <text className="marker-label" x={x + dx} y={y} textAnchor={group.anchor} fill="var(--text-2)" fontSize={11}>
      {group.label}
    </text>
  );
}

/**
 * One bar per stored histogram bucket on a category axis, each tick labelled with its bucket's bounds. The buckets
 * are log-spaced (each a constant factor wider than the last), so equal-width bars make a logarithmic latency axis:
 * a long tail stays readable next to the bulk. Percentile lines sit on the bucket that holds the percentile.
 */
export function DistributionChart({ distribution, label }: { distribution: Distribution; label: string }) {
  const rows = distributionRows(distribution.buckets);
  const groups = markerGroups(rows, [
    { name: 'p50', ms: distribution.p50Ms, color: 'var(--series-3)' },
    { name: 'p95', ms: distribution.p95Ms, color: 'var(--series-2)' },
    { name: 'p99', ms: distribution.p99Ms, color: 'var(--series-6)' },
  ]);
  const lanes = Math.max(0, ...groups.map((g) => g.lane));
  const rangeOf = (index: unknown) => {
    const row = rows[Number(index)];
    return row ? formatBucketRange(row.lowerMs, row.upperMs) : '';
  };
  return (
    <div className="chart" role="img" aria-label={label}>
      <BarChart
        data={rows}
        style={{ width: '100%', height: 240 + lanes * LANE_PX }}
        responsive
        margin={{ top: 22 + lanes * LANE_PX, right: 16, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="index"
          type="category"
          tickFormatter={rangeOf}
          tickLine={false}
          axisLine={{ stroke: 'var(--border)' }}
          minTickGap={16}
        />
        <YAxis
          tickFormatter={(v: number) => `${formatCount(v)} req`}
          width={76}
          tickLine={false}
          axisLine={false}
          allowDecimals={false}
        />
        <Tooltip
          cursor={{ fill: 'var(--surface-hover)' }}
          content={(props) => (
            <ChartTooltip
              props={props}
              title={rangeOf}
              value={(v) => {
                const share = rows[Number(props.label)]?.share ?? null;
                return `${formatCount(v)} (${formatPercent(share)})`;
              }}
            />
          )}
          isAnimationActive={false}
        />
        {groups.map((g) => (
          <ReferenceLine
            key={g.index}
            x={g.index}
            stroke={g.color}
            strokeDasharray="4 3"
            label={(props: { viewBox?: { x?: number; y?: number } }) => (
              <MarkerLabel group={g} viewBox={props.viewBox} />
            )}
          />
        ))}
        <Bar dataKey="count" name="Requests" fill="var(--series-0)" radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
