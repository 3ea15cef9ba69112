import type { Benchmark } from '../../api/types.js';
import { seriesColor } from '../../charts/TimeSeriesChart.js';
import { TableScroll } from '../../components/TableScroll.js';
import { formatCount, formatDelta, formatUnit } from '../../lib/format.js';
import { BENCHMARK_METRICS, compareBenchmarks, verdict } from './compare-benchmarks.js';

/** Scenario rows × (run × metric) cells, each later run's cell with its change against the baseline. */
export function ComparisonTable({ runs }: { runs: readonly Benchmark[] }) {
  const rows = compareBenchmarks(runs);
  return (
    <TableScroll label="Benchmark comparison">
      <table className="data-table compare-table">
        <caption className="visually-hidden">Benchmark comparison</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Scenario
            </th>
            {runs.map((run, i) => (
              <th key={run.id} scope="colgroup" colSpan={BENCHMARK_METRICS.length} className="run-head">
                <span className="swatch" style={{ background: seriesColor(i) }} />
                {i === 0 ? 'Baseline: ' : ''}
                {run.name} · {run.profile}
              </th>
            ))}
          </tr>
          <tr>
            {runs.flatMap((run) =>
              BENCHMARK_METRICS.map((m) => (
                <th key={`${run.id}-${m.key}`} scope="col" className="num">
                  {m.label}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.scenario}>
              <th scope="row" className="cell-main">
                {row.scenario}
                <span className="cell-sub">
                  {formatCount(row.cells.find((c) => c !== null)?.requests ?? null)} requests
                </span>
              </th>
              {row.cells.flatMap((cell, i) =>
                BENCHMARK_METRICS.map((m) => {
                  const base = row.cells[0]?.[m.key];
                  const value = cell?.[m.key];
                  const change = i === 0 ? null : formatDelta(value, base);
                  const v = i === 0 ? null : verdict(m.key, value, base);
                  return (
                    <td key={`${runs[i]!.id}-${m.key}`} className="num">
                      {cell === null ? '–' : formatUnit(value, m.unit)}
                      {change !== null && (
                        <span className={`delta delta--${v ?? 'same'}`}>
                          {change}
                          <span className="visually-hidden">
                            {v === 'better' ? ' (better)' : v === 'worse' ? ' (worse)' : ''}
                          </span>
                        </span>
                      )}
                    </td>
                  );
                }),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
