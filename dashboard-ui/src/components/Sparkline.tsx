// A dependency-free SVG sparkline: the Overview draws one per service, and keeping recharts out of it keeps the
// first page light. Gaps (null values) break the line rather than drawing through them.

export interface SparklineProps {
  points: readonly { t: number; v: number | null }[];
  label: string;
  width?: number;
  height?: number;
  className?: string;
}

/** Path data for the points scaled into width × height (y = 0 at the bottom), one `M` per unbroken segment. */
export function sparklinePath(points: SparklineProps['points'], width: number, height: number): string {
  const values = points.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0 || points.length < 2) return '';
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  const first = points[0]!.t;
  const span = points[points.length - 1]!.t - first || 1;
  const pad = 1.5;
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) / (max - min)) * (height - 2 * pad));
  let d = '';
  let drawing = false;
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      drawing = false;
      continue;
    }
    const x = ((p.t - first) / span) * width;
    d += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y(p.v).toFixed(1)}`;
    drawing = true;
  }
  return d;
}

export function Sparkline({ points, label, width = 120, height = 28, className }: SparklineProps) {
  const d = sparklinePath(points, width, height);
  return (
    <svg
      className={`sparkline${className ? ` ${className}` : ''}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {d === '' ? (
        <line x1="0" x2={width} y1={height / 2} y2={height / 2} className="sparkline-empty" />
      ) : (
        <path d={d} className="sparkline-line" />
      )}
    </svg>
  );
}
