import { Bar, BarChart, CartesianGrid, Cell, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisValue, formatUnit, type Unit } from '../lib/format.js';
import { ChartTooltip } from './ChartTooltip.js';
import { axisWidth, seriesColor } from './TimeSeriesChart.js';

export interface BarSeries {
  key: string;
  label: string;
  color?: string;
}

export interface CategoryBarChartProps {
  /** One row per category: `category` plus one numeric field per series key. */
  rows: readonly Record<string, string | number | null>[];
  series: readonly BarSeries[];
  unit: Unit;
  label: string;
  /** Horizontal bars (category on the y axis) suit long labels such as SQL statements. */
  horizontal?: boolean;
  height?: number;
  categoryWidth?: number;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Bars by category, one bar per series (grouped), with units on the axis and in the tooltip. */
export function CategoryBarChart({
  rows,
  series,
  unit,
  label,
  horizontal = false,
  height,
  categoryWidth = 180,
}: CategoryBarChartProps) {
  const format = (v: number | null) => formatUnit(v, unit);
  const computedHeight = height ?? (horizontal ? Math.max(120, rows.length * (series.length * 14 + 14) + 40) : 260);
  return (
    <div className="chart" role="img" aria-label={label}>
      <BarChart
        data={[...rows]}
        layout={horizontal ? 'vertical' : 'horizontal'}
        style={{ width: '100%', height: computedHeight }}
        responsive
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        barGap={2}
      >
        <CartesianGrid horizontal={!horizontal} vertical={horizontal} />
        {horizontal ? (
          <>
            <XAxis
              type="number"
              tickFormatter={(v: number) => formatAxisValue(v, unit)}
              tickLine={false}
              axisLine={false}
            />
            <YAxis
              type="category"
              dataKey="category"
              width={categoryWidth}
              tickLine={false}
              axisLine={false}
              tickFormatter={(v: string) => truncate(String(v), Math.floor(categoryWidth / 6.5))}
            />
          </>
        ) : (
          <>
            <XAxis dataKey="category" tickLine={false} axisLine={{ stroke: 'var(--border)' }} interval={0} />
            <YAxis
              tickFormatter={(v: number) => formatAxisValue(v, unit)}
              width={axisWidth(unit)}
              tickLine={false}
              axisLine={false}
            />
          </>
        )}
        <Tooltip
          cursor={{ fill: 'var(--surface-hover)' }}
          content={(props) => <ChartTooltip props={props} title={(c) => String(c ?? '')} value={format} />}
          isAnimationActive={false}
        />
        {series.length > 1 && (
          <Legend
            iconType="square"
            iconSize={10}
            height={24}
            formatter={(value: string) => <span className="legend-text">{value}</span>}
          />
        )}
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            fill={s.color ?? seriesColor(i)}
            radius={horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0]}
            isAnimationActive={false}
            maxBarSize={28}
          >
            {series.length === 1 &&
              rows.map((row) => (
                <Cell
                  key={String(row['category'])}
                  fill={typeof row['color'] === 'string' ? row['color'] : (s.color ?? seriesColor(i))}
                />
              ))}
          </Bar>
        ))}
      </BarChart>
    </div>
  );
}
