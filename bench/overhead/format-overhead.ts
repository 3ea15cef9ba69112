// Markdown for docs/benchmarks.md: the method (what was measured, how), then one table per route.
import { cpus } from 'node:os';
import type { OverheadRow } from './overhead-bench.js';

const fixed = (value: number, digits: number) => value.toFixed(digits);
const signedPercent = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;

export function formatOverheadTable(rows: readonly OverheadRow[]): string {
  const first = rows[0];
  if (!first) return '_No overhead measurements._';
  const rounds = first.roundsRequestsPerSecond.length;
  const loads = rows.map((r) => r.loadAverage1m);
  const lines = [
    '## Agent overhead: one app, five instrumentations',
    '',
    `Each variant runs the same Express app in its own Node process (fresh V8), on 127.0.0.1, under the same`,
    `closed-loop autocannon load (${first.connections} connections, no pipelining, a 2 s warm-up then ` +
      `${first.durationSeconds} s measured per route). Variants are interleaved over ${rounds} rounds and each cell is`,
    `the median round by throughput. Route A is the commerce product detail (optimized profile, cache off, so every`,
    `request runs its 3 pg queries against one shared ${first.database === 'PGlite' ? 'embedded PGlite' : 'PostgreSQL'} in another process, 100 seeded products in`,
    'rotation); route B builds and serializes 50 objects. Tracers export to a local sink that answers 200 and',
    'discards. Overhead = throughput lost against no instrumentation on the same route.',
    '',
  ];
  for (const route of new Set(rows.map((r) => r.route))) {
    const routeRows = rows.filter((r) => r.route === route);
    lines.push(`### ${routeRows[0]!.routeLabel}`, '');
    lines.push('| variant | req/s | overhead | p50 ms | p99 ms | RSS MiB | exported KiB/s | req/s per round |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of routeRows) {
      const overhead = r.variant === 'none' ? '—' : signedPercent(r.overheadPercent);
      const perRound = r.roundsRequestsPerSecond.map((v) => fixed(v, 0)).join(', ');
      const failures = r.failures > 0 ? ` (${r.failures} failed)` : '';
      lines.push(
        `| ${r.variantLabel}${failures} | ${fixed(r.requestsPerSecond, 0)} | ${overhead} | ${fixed(r.p50Ms, 0)} | ` +
          `${fixed(r.p99Ms, 0)} | ${fixed(r.rssMiB, 0)} | ${fixed(r.exportedKiBPerSecond, 1)} | ${perRound} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    `Machine load (1-min average at the start of each median run): ${fixed(Math.min(...loads), 1)}–` +
      `${fixed(Math.max(...loads), 1)} on ${cpus().length} cores, shared with other work; the load generator, the`,
    'database and the app compete for those cores, so compare the ratios, not the absolute rates.',
  );
  return lines.join('\n');
}
