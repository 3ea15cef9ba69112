// Markdown for docs/benchmarks.md: the method (what was measured, how), then one table per route.
import { cpus } from 'node:os';
import type { OverheadRow } from './summarize-rounds.js';

const fixed = (value: number, digits: number) => value.toFixed(digits);
const signedPercent = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;

export function formatOverheadTable(rows: readonly OverheadRow[]): string {
  const first = rows[0];
  if (!first) return '_No overhead measurements._';
  const rounds = first.roundsRequestsPerSecond.length;
  const loads = rows.map((r) => r.loadAverage1m);
  const database = first.database === 'PGlite' ? 'one embedded PGlite' : 'one PostgreSQL';
  const lines = [
    '## Agent overhead: one app, five instrumentations',
    '',
    'Each variant runs the same Express app in its own Node process (fresh V8) on 127.0.0.1, under the same',
    `closed-loop autocannon load: ${first.connections} connections, no pipelining, a ${first.warmupSeconds} s warm-up, then ` +
      `${first.durationSeconds} s measured per route.`,
    `Variants are interleaved over ${rounds} rounds (each round starts at the next variant) and every cell is`,
    'the median round. Route A is the commerce product detail (optimized profile, cache off, so each request runs',
    `its 3 pg queries against ${database} shared by all variants, in another process; 100 seeded products in`,
    'rotation). Route B builds and serializes 50 objects. Tracers export to a local sink that answers 200 and',
    'discards. Throughput cost = 1 − req/s ÷ req/s without instrumentation on the same route. CPU cost compares',
    "the app process's own CPU time per request (user + system, from /proc), which another process's load on the",
    'shared cores disturbs far less than req/s. RSS is the app process right after the route’s run (A runs first).',
    'Exported KiB/s is what the sink received (Stride gzips its protobuf; the OpenTelemetry exporter and dd-trace',
    'send theirs uncompressed); Prometheus is scraped, so express-prom-bundle exports nothing here.',
    '',
  ];
  for (const route of new Set(rows.map((r) => r.route))) {
    const routeRows = rows.filter((r) => r.route === route);
    lines.push(`### ${routeRows[0]!.routeLabel}`, '');
    lines.push(
      '| variant | req/s | throughput cost | CPU µs/req | CPU cost | p50 ms | p99 ms | RSS MiB | exported KiB/s | req/s per round |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of routeRows) {
      const overhead = r.variant === 'none' ? '—' : signedPercent(r.overheadPercent);
      const cpuOverhead = r.variant === 'none' ? '—' : signedPercent(r.cpuOverheadPercent);
      const perRound = r.roundsRequestsPerSecond.map((v) => fixed(v, 0)).join(', ');
      const failures = r.failures > 0 ? ` (${r.failures} failed)` : '';
      lines.push(
        `| ${r.variantLabel}${failures} | ${fixed(r.requestsPerSecond, 0)} | ${overhead} | ` +
          `${fixed(r.cpuMicrosPerRequest, 0)} | ${cpuOverhead} | ${fixed(r.p50Ms, 0)} | ` +
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
