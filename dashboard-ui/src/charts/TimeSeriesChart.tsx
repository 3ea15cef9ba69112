import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisTime, formatAxisValue, formatDateTime, formatUnit, type Unit } from '../lib/format.js';
import { ChartTooltip } from './ChartTooltip.js';
import { DEFAULT_LINE_STYLE, drawOrder, type LineStyle } from './series-style.js';

export interface ChartSeries {
  key: string;
  label: string;
  points: readonly { t: number; v: number | null }[];
  /** A CSS colour; defaults to the palette slot of the series' position. */
  color?: string;
  /** Width, dashes, opacity: wider lines are drawn first, so series that coincide stay distinguishable. */
  style?: LineStyle;
}

export interface ChartMarker {
  t: number;
  label: string;
  kind: string;
}

export interface TimeSeriesChartProps {
  series: readonly ChartSeries[];
  unit: Unit;
  fromMs: number;
  toMs: number;
  height?: number;
  markers?: readonly ChartMarker[];
  /** Screen-reader summary of what the chart shows. */
  label: string;
}

export const seriesColor = (index: number) => `var(--series-${index % 8})`;

/** Y axis width for a unit's tick labels: `0.75 ms/s` needs more room than `750 ms` and would wrap at 64 px. */
export const axisWidth = (unit: Unit) => (unit === 'msPerSecond' ? 80 : 64);

/**
 * Y axis from 0 to a little over the largest value. An all-zero series would otherwise get recharts' default
 * domain (an error-rate chart reading 0–400 %), so each unit has a smallest top: 1 % for shares, 1 for apdex.
 */
export function yDomain(unit: Unit): [number, (dataMax: number) => number] {
  if (unit === 'apdex') return [0, () => 1];
  const minimumTop = unit === 'percent' || unit === 'ratio' ? 0.01 : 1;
  return [
    0,
    (dataMax: number) => (Number.isFinite(dataMax) && dataMax > 0 ? Math.max(dataMax * 1.1, minimumTop) : minimumTop),
  ];
}

/** Rows keyed by time with one column per series, as recharts wants them; missing values stay gaps. */
export function mergeSeries(series: readonly ChartSeries[]): Record<string, number | null>[] {
  const rows = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.key] = p.v;
      rows.set(p.t, row);
    }
  }
  return [...rows.values()].sort((a, b) => (a['t'] ?? 0) - (b['t'] ?? 0));
}

/**
 * Rows (indices into `rows`) where `key` has a value but neither neighbour does: a line with gaps draws nothing
 * there, so these get a dot (a service that has sent one minute of data, seen over 24 hours).
 */
export function isolatedPoints(rows: readonly Record<string, number | null>[], key: string): Set<number> {
  const has = (i: number) => rows[i]?.[key] != null;
  const out = new Set<number>();
  for (let i = 0; i < rows.length; i++) if (has(i) && !has(i - 1) && !has(i + 1)) out.add(i);
  return out;
}

/** Lines over the selected window, with units on the axis and tooltip, a legend, and optional event markers. */
export function TimeSeriesChart({
  series,
  unit,
  fromMs,
  toMs,
  height = 220,
  markers = [],
  label,
}: TimeSeriesChartProps) {
  const data = mergeSeries(series);
  const spanMs = toMs - fromMs;
  const format = (v: number | null) => formatUnit(v, unit);
  // Legend and tooltip list the series in the given order whatever the drawing order (recharts sorts by name).
  const position = (key: unknown) => series.findIndex((s) => s.key === key);
  const order = drawOrder(series.map((s) => s.style ?? DEFAULT_LINE_STYLE));
  return (
    <div className="chart" role="img" aria-label={label}>
      <LineChart
        data={data}
        style={{ width: '100%', height }}
        responsive
        margin={{ top: 12, right: 12, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[fromMs, toMs]}
          tickFormatter={(t: number) => formatAxisTime(t, spanMs)}
          tickLine={false}
          axisLine={{ stroke: 'var(--border)' }}
          minTickGap={40}
        />
        <YAxis
          domain={yDomain(unit)}
          tickFormatter={(v: number) => formatAxisValue(v, unit)}
          width={axisWidth(unit)}
          tickLine={false}
          axisLine={false}
          allowDecimals
        />
        <Tooltip
          content={(props) => (
            <ChartTooltip
              // A custom content gets the payload in drawing order (Tooltip's itemSorter only sorts the default one).
              props={{
                ...props,
                payload: [...props.payload].sort((a, b) => position(a.dataKey) - position(b.dataKey)),
              }}
              title={(t) => formatDateTime(Number(t))}
              value={format}
            />
          )}
          isAnimationActive={false}
        />
        {series.length > 1 && (
          <Legend
            iconType="plainline"
            iconSize={14}
            height={24}
            itemSorter={(item) => position(item.dataKey)}
            formatter={(value: string) => <span className="legend-text">{value}</span>}
          />
        )}
        {markers.map((m) => (
          <ReferenceLine
            key={`${m.kind}-${m.t}-${m.label}`}
            x={m.t}
            stroke={m.kind === 'deploy' ? 'var(--accent)' : 'var(--amber)'}
            strokeDasharray="4 3"
            ifOverflow="hidden"
            label={{ value: m.label, position: 'insideTopLeft', fill: 'var(--text-2)', fontSize: 11 }}
          />
        ))}
        {order.map((i) => {
          const s = series[i]!;
          const style = s.style ?? DEFAULT_LINE_STYLE;
          const color = s.color ?? seriesColor(i);
          const isolated = isolatedPoints(data, s.key);
          return (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              stroke={color}
              strokeWidth={style.strokeWidth}
              {...(style.strokeDasharray ? { strokeDasharray: style.strokeDasharray } : {})}
              {...(style.strokeOpacity !== undefined ? { strokeOpacity: style.strokeOpacity } : {})}
              dot={
                isolated.size === 0
                  ? false
                  : ({ index, cx, cy }: { index?: number; cx?: number; cy?: number }) =>
                      index !== undefined && isolated.has(index) ? (
                        <circle key={index} cx={cx} cy={cy} r={2.5} fill={color} />
                      ) : (
                        <g key={index} />
                      )
              }
              connectNulls={false}
              isAnimationActive={false}
            />
          );
        })}
      </LineChart>
    </div>
  );
}
