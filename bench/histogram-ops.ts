/**
 * Micro-benchmark of the ExponentialHistogram operations the metrics service leans on: the store merges a stored
 * blob per series per interval into a query accumulator (25k–90k of them for a 24 h route table) and re-encodes
 * a merged bucket three times per ingested point. Every op runs on seeded histograms shaped like stored ones;
 * rounds are interleaved across ops and the median kept, and times are this process's CPU time, so a busy
 * machine skews all rows alike and far less than it skews the wall clock.
 */
import { ExponentialHistogram } from '../agents/src/index.js';
import { seededRandom } from './accuracy.js';

export interface HistogramOpsRow {
  op: string;
  /** Median over rounds of CPU nanoseconds per operation. */
  nsPerOp: number;
  /** The histograms it ran on: scale, mean bucket span, mean non-zero buckets, mean encoded bytes. */
  histograms: string;
}

export interface HistogramOpsBenchOptions {
  /** Distinct histograms per shape, cycled through. */
  poolSize?: number;
  /** Each op runs for at least this much CPU time per round. */
  minMillisPerRound?: number;
  rounds?: number;
  seed?: number;
}

interface Pool {
  name: string;
  histograms: ExponentialHistogram[];
  blobs: Uint8Array[];
}

/** Lognormal latency in seconds around `median`, spread `sigma` (natural log). */
function lognormal(random: () => number, median: number, sigma: number): number {
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

function pool(name: string, size: number, make: (random: () => number) => ExponentialHistogram, seed: number): Pool {
  const random = seededRandom(seed);
  const histograms = Array.from({ length: size }, () => make(random));
  return { name, histograms, blobs: histograms.map((h) => h.encode()) };
}

/**
 * The shapes stored per series per interval. Agents cap histograms at scale 6, so stored ones span 3–8 octaves
 * in 200–500 buckets; `wide` is what an OpenTelemetry SDK at its default scale 20 / 2,048 buckets sends.
 */
function pools(size: number, seed: number): Pool[] {
  const agentHistogram = (random: () => number, observations: number) => {
    const h = new ExponentialHistogram({ maxScale: 6 });
    const median = 0.005 * 40 ** random(); // 5–200 ms
    const sigma = 0.4 + 0.5 * random();
    for (let i = 0; i < observations; i++) h.record(lognormal(random, median, sigma));
    return h;
  };
  return [
    pool('60 non-zero', size, (random) => agentHistogram(random, 75), seed),
    pool('typical', size, (random) => agentHistogram(random, Math.round(40 * 125 ** (random() ** 2))), seed + 1),
    pool(
      'wide',
      size,
      (random) => {
        const h = new ExponentialHistogram();
        for (let i = 0; i < 1000; i++) h.record(2 ** (-10 + 7.4 * random()));
        return h;
      },
      seed + 2,
    ),
  ];
}

function describe(p: Pool): string {
  let span = 0;
  let nonZero = 0;
  let bytes = 0;
  for (const [i, h] of p.histograms.entries()) {
    const counts = h.toData().positive.counts;
    span += counts.length;
    nonZero += counts.filter((c) => c > 0).length;
    bytes += p.blobs[i]!.length;
  }
  const n = p.histograms.length;
  const scales = [...new Set(p.histograms.map((h) => h.scale))].sort((a, b) => a - b).join('/');
  return `${p.name}: scale ${scales}, span ${Math.round(span / n)}, ${Math.round(nonZero / n)} non-zero, ${Math.round(bytes / n)} B`;
}

/** CPU microseconds this process has used so far (user + system). */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * CPU nanoseconds per call of `op(i)`, running batches of doubling size until `minMillis` of CPU time has
 * passed. CPU time rather than wall time: on a shared, oversubscribed machine the wall clock also counts the
 * time this process waits for a core, which says nothing about the operation.
 */
function time(op: (i: number) => number, minMillis: number, sink: { value: number }): number {
  let calls = 0;
  let batch = 16;
  const started = cpuMicros();
  let elapsedMicros = 0;
  while (elapsedMicros < minMillis * 1000) {
    let s = 0;
    for (let i = 0; i < batch; i++) s += op(calls + i);
    sink.value += s;
    calls += batch;
    batch *= 2;
    elapsedMicros = cpuMicros() - started;
  }
  return (elapsedMicros * 1000) / calls;
}

interface OpCase {
  op: string;
  histograms: string;
  /** Builds fresh state for one round and returns the timed operation. */
  prepare: () => (i: number) => number;
}

function cases(pools: Pool[], seed: number): OpCase[] {
  const list: OpCase[] = [];
  const random = seededRandom(seed);
  const values = Float64Array.from({ length: 4096 }, () => lognormal(random, 0.08, 0.7));
  list.push({
    op: 'record',
    histograms: 'scale 6, lognormal around 80 ms',
    prepare: () => {
      const h = new ExponentialHistogram({ maxScale: 6 });
      return (i) => (h.record(values[i & 4095]!) ? 1 : 0);
    },
  });
  for (const p of pools) {
    const { histograms: hs, blobs } = p;
    const n = hs.length;
    const histograms = describe(p);
    // A query accumulator that already spans the pool, as after the first few rows of a route-table query.
    const accumulator = () => {
      const acc = new ExponentialHistogram();
      for (const h of hs) acc.merge(h);
      return acc;
    };
    list.push(
      {
        op: 'merge',
        histograms,
        prepare: () => {
          const acc = accumulator();
          return (i) => acc.merge(hs[i % n]!).count;
        },
      },
      {
        op: 'mergeEncoded',
        histograms,
        prepare: () => {
          const acc = accumulator();
          return (i) => acc.mergeEncoded(blobs[i % n]!).count;
        },
      },
      {
        op: 'decode+merge (old query path)',
        histograms,
        prepare: () => {
          const acc = accumulator();
          return (i) => acc.merge(ExponentialHistogram.decode(blobs[i % n]!)).count;
        },
      },
      {
        op: 'mergeAllEncoded (per blob)',
        histograms,
        // One call in n merges the whole pool, so the time per call is the time per blob.
        prepare: () => (i) => (i % n === 0 ? ExponentialHistogram.mergeAllEncoded(blobs).count : 0),
      },
      { op: 'encode', histograms, prepare: () => (i) => hs[i % n]!.encode().length },
      { op: 'decode', histograms, prepare: () => (i) => ExponentialHistogram.decode(blobs[i % n]!).count },
      { op: 'quantile(0.99)', histograms, prepare: () => (i) => hs[i % n]!.quantile(0.99) },
    );
  }
  return list;
}

export function runHistogramOpsBench(options: HistogramOpsBenchOptions = {}): HistogramOpsRow[] {
  const { poolSize = 64, minMillisPerRound = 40, rounds = 7, seed = 7 } = options;
  const all = cases(pools(poolSize, seed), seed);
  const samples = all.map(() => [] as number[]);
  const sink = { value: 0 };
  for (let round = 0; round < rounds; round++) {
    for (const [k, c] of all.entries()) samples[k]!.push(time(c.prepare(), minMillisPerRound, sink));
  }
  if (Number.isNaN(sink.value)) throw new Error('histogram ops bench produced NaN');
  return all.map((c, k) => {
    const sorted = samples[k]!.sort((a, b) => a - b);
    return { op: c.op, nsPerOp: sorted[sorted.length >> 1]!, histograms: c.histograms };
  });
}

/** Markdown table: one row per op and histogram shape. */
export function formatHistogramOpsTable(rows: HistogramOpsRow[]): string {
  const lines = ['| operation | histograms | CPU ns/op |', '| --- | --- | ---: |'];
  for (const r of rows) {
    const ns = r.nsPerOp < 100 ? r.nsPerOp.toFixed(1) : Math.round(r.nsPerOp).toLocaleString('en');
    lines.push(`| ${r.op} | ${r.histograms} | ${ns} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === new URL(process.argv[1], 'file://').href) {
  console.log(formatHistogramOpsTable(runHistogramOpsBench()));
}
