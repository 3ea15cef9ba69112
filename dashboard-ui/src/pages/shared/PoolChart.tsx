import type { PoolSaturation } from '../../api/types.js';
import { TimeSeriesChart } from '../../charts/TimeSeriesChart.js';
import { formatCount, formatMs, formatPercent } from '../../lib/format.js';

/** One connection pool: its maxima in a line, then in-use, idle and waiting per step. */
export function PoolChart({
  pool,
  service,
  fromMs,
  toMs,
}: {
  pool: PoolSaturation;
  service: string;
  fromMs: number;
  toMs: number;
}) {
  return (
    <div className="pool">
      <div className="pool-head">
        <span>
          <span className="mono">{pool.pool}</span> <span className="text-muted">({service})</span>
        </span>
        <span className="text-muted">
          Max in use {formatCount(pool.maxUsed)} of {formatCount(pool.maxConnections)} ({formatPercent(pool.saturation)}
          ) · most waiting {formatCount(pool.maxWaiting)} · wait p95 {formatMs(pool.waitP95Ms)}
        </span>
      </div>
      <TimeSeriesChart
        series={[
          { key: 'used', label: 'In use', points: pool.series.map((p) => ({ t: p.t, v: p.used })) },
          {
            key: 'idle',
            label: 'Idle',
            points: pool.series.map((p) => ({ t: p.t, v: p.idle })),
            color: 'var(--series-7)',
          },
          {
            key: 'waiting',
            label: 'Waiting',
            points: pool.series.map((p) => ({ t: p.t, v: p.waiting })),
            color: 'var(--series-6)',
          },
        ]}
        unit="count"
        fromMs={fromMs}
        toMs={toMs}
        height={200}
        label={`Connection pool ${pool.pool} of ${service}`}
      />
    </div>
  );
}
