// Markdown for docs/benchmarks.md: the method (what was measured, how), then one table per route.
import { cpus } from 'node:os';
import type { OverheadRow } from './summarize-windows.js';

const fixed = (value: number, digits: number) => value.toFixed(digits);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

export function formatOverheadTable(rows: readonly OverheadRow[]): string {
  const first = rows[0];
  if (!first) return '_No overhead measurements._';
  const database = first.database === 'PGlite' ? 'one embedded PGlite' : 'one PostgreSQL';
  const lines = [
    '## Agent overhead: one app, five instrumentations',
    '',
    'Every variant runs the same Express app in its own Node process (fresh V8) with its own local sink that',
    `answers 200 and discards; all are started and warmed up first (${first.warmupSeconds} s of load per route, two flush`,
    'intervals of the exporters, so their first flushes’ JIT deoptimizations are over), then loaded one at a time by autocannon on',
    `127.0.0.1 (closed loop, ${first.connections} connections, no pipelining) in ${first.windowSeconds} s windows ` +
      'bracketed by the uninstrumented',
    `baseline: none, X, none, Y, …, none, ${first.rounds} windows per variant per route. A window's throughput cost is`,
    '1 − its req/s ÷ the mean of the two none windows around it, so the shared machine’s drifting load cancels;',
    'cells are medians over windows (range in brackets). CPU µs/req is the app process’s own user + system time',
    'during its windows and the idle window after each (when its exporters send what it queued) ÷ requests served.',
    'Others’ load moves it less than req/s, but it rises when fewer requests share an event-loop turn, so on the',
    'database-bound route A it partly follows throughput. k instr/req is the same span’s instructions retired by the',
    'app process (perf stat, user + kernel), in thousands per request: it moves less with others’ load than CPU time',
    '(no cache or clock effects; kernel lock contention and JIT timing still shift it by several %) (— without perf).',
    'Route A is the commerce product detail (optimized profile, cache off: 3 pg queries per request against',
    `${database} shared by all variants, in another process; 100 seeded products in rotation). Route B`,
    'builds and serializes 50 objects. RSS is the largest after any of the route’s windows (A runs first). Exported is',
    'what the sink received per second of load: Stride gzips its protobuf; OpenTelemetry’s exporter and dd-trace send',
    'theirs uncompressed; Prometheus pulls, so express-prom-bundle sends nothing.',
    '',
  ];
  for (const route of new Set(rows.map((r) => r.route))) {
    const routeRows = rows.filter((r) => r.route === route);
    lines.push(`### ${routeRows[0]!.routeLabel}`, '');
    lines.push(
      '| variant | req/s | throughput cost % | CPU µs/req | CPU cost % | k instr/req | instr cost % | p50 ms | p99 ms | RSS MiB | exported KiB/s |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of routeRows) {
      const isBaseline = r.variant === 'none';
      const [low, high] = r.overheadRangePercent;
      const cost = isBaseline ? '—' : `${signed(r.overheadPercent)} [${signed(low)} … ${signed(high)}]`;
      const failures = r.failures > 0 ? ` (${r.failures} failed)` : '';
      lines.push(
        `| ${r.variantLabel}${failures} | ${fixed(r.requestsPerSecond, 0)} | ${cost} | ` +
          `${fixed(r.cpuMicrosPerRequest, 0)} | ${isBaseline ? '—' : signed(r.cpuOverheadPercent)} | ` +
          `${Number.isNaN(r.kiloInstructionsPerRequest) ? '—' : fixed(r.kiloInstructionsPerRequest, 0)} | ` +
          `${isBaseline || Number.isNaN(r.instructionOverheadPercent) ? '—' : signed(r.instructionOverheadPercent)} | ` +
          `${fixed(r.p50Ms, 0)} | ${fixed(r.p99Ms, 0)} | ${fixed(r.rssMiB, 0)} | ${fixed(r.exportedKiBPerSecond, 1)} |`,
      );
    }
    lines.push('');
  }
  const lows = rows.map((r) => r.loadAverage1mRange[0]);
  const highs = rows.map((r) => r.loadAverage1mRange[1]);
  lines.push(
    `Machine load during the windows (1-min load average): ${fixed(Math.min(...lows), 1)}–` +
      `${fixed(Math.max(...highs), 1)} on ${cpus().length} cores, shared with other work. The load generator, the`,
    'database and the app also compete for those cores: compare the ratios, not the absolute rates.',
  );
  return lines.join('\n');
}
