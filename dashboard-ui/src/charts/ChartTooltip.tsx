import type { ReactNode } from 'react';
import type { TooltipContentProps } from 'recharts';

export interface ChartTooltipProps {
  /** What recharts passes to a `content` renderer; only these fields are read. */
  props: Pick<TooltipContentProps<number, string>, 'active' | 'payload' | 'label'>;
  title: (label: string | number | undefined) => ReactNode;
  value: (value: number | null) => string;
}

/** A themed tooltip: the x value as title, then one row per series with its colour and formatted value. */
export function ChartTooltip({ props, title, value }: ChartTooltipProps) {
  const { active, payload, label } = props;
  if (!active || payload.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title(label)}</div>
      {payload.map((entry) => (
        <div className="chart-tooltip-row" key={String(entry.dataKey ?? entry.name)}>
          <span>
            <span className="swatch" style={{ background: entry.color }} />
            {entry.name}
          </span>
          <span>{value(typeof entry.value === 'number' ? entry.value : null)}</span>
        </div>
      ))}
    </div>
  );
}
