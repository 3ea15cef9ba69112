import type { OtlpMetric, OtlpMetricsRequest } from '@stride/agent';
import type { ConversionResult } from '../ingest/convert-metrics.js';

// Random OTLP metrics requests for tests that compare a fast ingest path with the reference one: mostly valid
// exponential histograms, with every defect the checks look for now and then, some gauges and cumulative points.

/** Mulberry32: a seeded PRNG so failures reproduce. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof prng>;

export const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n + 123n).toString();

/** Mostly valid exponential points, with every kind of defect the checks look for now and then. */
function randomExponentialPoint(r: Random, timeMs: number) {
  const counts = (n: number) => Array.from({ length: n }, () => (r.chance(0.4) ? 0 : r.int(1, 9)));
  const positive = counts(r.chance(0.05) ? 70 : r.int(0, 12));
  const negative = r.chance(0.2) ? counts(r.int(0, 4)) : [];
  const zeroCount = r.chance(0.3) ? r.int(0, 3) : 0;
  let count = zeroCount + positive.reduce((a, b) => a + b, 0) + negative.reduce((a, b) => a + b, 0);
  if (r.chance(0.05)) count += 1;
  const point: Record<string, unknown> = {
    attributes: [
      { key: 'http.route', value: { stringValue: `/r/${r.int(0, 5)}${r.chance(0.03) ? 'x'.repeat(60) : ''}` } },
      { key: 'http.request.method', value: { stringValue: r.pick(['GET', 'POST']) } },
      ...(r.chance(0.3) ? [{ key: 'code', value: { intValue: String(r.pick([200, 500])) } }] : []),
    ],
    startTimeUnixNano: nanos(timeMs - (r.chance(0.05) ? -5_000 : 10_000)),
    timeUnixNano: r.chance(0.03) ? '0' : nanos(timeMs + (r.chance(0.03) ? 3_600_000 : 0)),
    count: String(count),
    scale: r.chance(0.05) ? r.pick([-11, 21]) : r.int(-3, 8),
    zeroCount: String(zeroCount),
    positive: { offset: r.chance(0.03) ? 2_000_000_000 : r.int(-40, 40), bucketCounts: positive.map(String) },
    negative: { offset: r.int(-5, 5), bucketCounts: negative.map(String) },
  };
  if (!r.chance(0.05)) point['sum'] = r.chance(0.03) ? Number.NaN : r.chance(0.03) ? -0 : r.next() * 10;
  if (!r.chance(0.05)) point['min'] = r.next() * 0.01;
  if (!r.chance(0.05)) point['max'] = r.chance(0.03) ? -1 : 1 + r.next();
  if (r.chance(0.05)) point['zeroThreshold'] = r.pick([0, 1e-9, -1]);
  if (r.chance(0.03)) point['flags'] = 1;
  if (r.chance(0.05)) point['attributes'] = [];
  return point;
}

function randomMetric(r: Random, timeMs: number): OtlpMetric {
  const name = r.chance(0.03) ? '9bad name' : r.pick(['http.server.request.duration', 'db.client.operation.duration']);
  if (r.chance(0.15)) {
    return {
      name: 'queue.depth',
      gauge: { dataPoints: [{ timeUnixNano: nanos(timeMs), asDouble: r.chance(0.1) ? Number.NaN : r.next() }] },
    };
  }
  const temporality = r.chance(0.05) ? 0 : r.chance(0.2) ? 2 : 1;
  const dataPoints = Array.from({ length: r.int(0, 6) }, () => randomExponentialPoint(r, timeMs));
  return { name, unit: 's', exponentialHistogram: { aggregationTemporality: temporality, dataPoints } } as OtlpMetric;
}

export function randomRequest(r: Random, timeMs: number): OtlpMetricsRequest {
  return {
    resourceMetrics: Array.from({ length: r.int(1, 2) }, () => ({
      resource: {
        attributes: [
          {
            key: 'service.name',
            value: { stringValue: r.pick(['shop', 'cart', 'x'.repeat(r.chance(0.05) ? 50 : 1)]) },
          },
          { key: 'service.version', value: { stringValue: r.pick(['1.0', '1.1']) } },
        ],
      },
      scopeMetrics: [
        {
          scope: { name: 'lib', version: '1' },
          metrics: Array.from({ length: r.int(1, 3) }, () => randomMetric(r, timeMs)),
        },
      ],
    })),
  };
}

/** What a conversion stored, comparable across the paths (histograms as data and as their encoding). */
export function summary(result: ConversionResult) {
  return {
    rejected: result.rejected,
    errors: result.errors,
    points: result.points.map((p) => ({
      series: { ...p.series, attributes: { ...p.series.attributes } },
      timeMs: p.timeMs,
      value: p.value,
      histogram: p.histogram?.toData(),
      bytes: Buffer.from(p.encoded?.bytes ?? p.histogram?.encode() ?? []).toString('hex'),
    })),
  };
}
