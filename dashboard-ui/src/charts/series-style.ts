// Line styles that keep overlapping series apart. Latency percentiles often coincide (p95 = p99 when the slowest
// 5 % of requests fall in one histogram bucket); drawn alike, the later line hides the earlier one completely.

export interface LineStyle {
  strokeWidth: number;
  strokeDasharray?: string;
  strokeOpacity?: number;
}

export const DEFAULT_LINE_STYLE: LineStyle = { strokeWidth: 1.8 };

/**
 * Style for a series labelled as a percentile (`p50`, `p95`, `p99.9`): the highest ones (≥ p99) wide and
 * translucent, the middle ones (p90–p98) dashed, so a dashed p95 stays visible on top of an equal p99, which shows
 * as a halo around it. Anything else gets the default solid line.
 */
export function percentileStyle(label: string): LineStyle {
  const match = /^p(\d+(?:\.\d+)?)$/i.exec(label.trim());
  if (match === null) return DEFAULT_LINE_STYLE;
  const p = Number(match[1]);
  if (p >= 99) return { strokeWidth: 4, strokeOpacity: 0.5 };
  if (p >= 90) return { strokeWidth: 1.8, strokeDasharray: '6 3' };
  return DEFAULT_LINE_STYLE;
}

/**
 * Indices of the series in drawing order: widest first, so thinner lines are painted over wider ones; equal widths
 * keep their given order. Legend and tooltip still list the series in the given order.
 */
export function drawOrder(styles: readonly { strokeWidth?: number }[]): number[] {
  return styles
    .map((s, i) => ({ i, width: s.strokeWidth ?? DEFAULT_LINE_STYLE.strokeWidth }))
    .sort((a, b) => b.width - a.width || a.i - b.i)
    .map((s) => s.i);
}
