import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/spans.js';
import type { AnalysisInput, RouteLatencySeries } from '../recommendation.js';
import type { Marker } from '../records.js';
import { runDetectors } from '../run-detectors.js';
import { seededRandom } from '../validation/statistics.js';
import { REGRESSION_DEFAULTS, regressionDetector } from './regression-detector.js';

const T0 = 1_735_689_600_000;
const MIN = 60_000;

/** 30 one-minute intervals: p95 ≈ `before` ms for `changeAt` intervals, then ≈ `after` (± sd). */
function series(route: string, before: number, after: number, { changeAt = 15, sd = 2, seed = 1, n = 30 } = {}) {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const intervals = Array.from({ length: n }, (_, i) => {
    const level = i < changeAt ? before : after;
    return { t: T0 + i * MIN, p50Ms: level / 2 + gauss(), p95Ms: level + sd * gauss(), requests: 60 };
  });
  return { method: 'GET', route, stepMs: MIN, intervals } satisfies RouteLatencySeries;
}

const marker = (id: string, t: number, version: string | null = null): Marker => ({
  id,
  service: 'shop',
  kind: 'deploy',
  label: `deploy ${version}`,
  version,
  t,
  createdBy: 'version-watcher',
});

const root = (traceId: string, route: string, startMs: number, durationMs: number): SpanRecord[] => [
  {
    traceId,
    spanId: '00f067aa0ba902b7',
    parentSpanId: null,
    service: 'shop',
    name: `GET ${route}`,
    kind: 'server',
    startMs,
    durationMs,
    status: 'unset',
    statusMessage: null,
    attributes: { 'http.route': route, 'http.request.method': 'GET' },
  },
];

function input(overrides: Partial<AnalysisInput>): AnalysisInput {
  return {
    service: 'shop',
    fromMs: T0,
    toMs: T0 + 30 * MIN,
    traces: [],
    routes: [],
    statements: [],
    cache: null,
    dependencies: [],
    pools: [],
    runtime: {},
    ...overrides,
  };
}

describe('regression detector', () => {
  it('finds a p95 step up, linked to the deploy just before it, with the slow traces after it', () => {
    const findings = regressionDetector.detect(
      input({
        routeLatency: [series('/products/:id', 50, 80), series('/health', 5, 5, { seed: 2 })],
        markers: [marker('old', T0 - 100 * MIN, '1.0'), marker('d2', T0 + 14 * MIN + 30_000, '1.1')],
        traces: [
          root('a'.repeat(32), '/products/:id', T0 + 20 * MIN, 95),
          root('b'.repeat(32), '/products/:id', T0 + 21 * MIN, 120),
          root('c'.repeat(32), '/products/:id', T0 + 2 * MIN, 300), // before the change: not an example
          root('d'.repeat(32), '/health', T0 + 22 * MIN, 500),
        ],
      }),
      REGRESSION_DEFAULTS,
    );
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      kind: 'regression',
      service: 'shop',
      route: 'GET /products/:id',
      key: 'GET /products/:id @ d2',
      evidence: {
        changeAt: T0 + 15 * MIN,
        markerId: 'd2',
        markerVersion: '1.1',
        intervalsBefore: 15,
        intervalsAfter: 15,
        exampleTraceIds: ['b'.repeat(32), 'a'.repeat(32)],
      },
    });
    expect(f!.evidence['p95BeforeMs']).toBeCloseTo(50, -0.5);
    expect(f!.evidence['p95AfterMs']).toBeCloseTo(80, -0.5);
    expect(f!.evidence['pValue'] as number).toBeLessThan(0.01);
    expect(f!.title).toMatch(
      /^GET \/products\/:id p95 regressed \d+(\.\d)? → \d+(\.\d)? ms \(\+\d+ %\) after deploy 1\.1$/,
    );
    // ≈ (15 ms p50 shift + 30 ms p95 shift) / 2 per request, at 60 requests per minute.
    expect(f!.impact.msSavedPerRequest).toBeGreaterThan(18);
    expect(f!.impact.msSavedPerRequest).toBeLessThan(27);
    expect(f!.impact.msSavedPerMinute).toBeCloseTo(f!.impact.msSavedPerRequest * 60, 6);
  });

  it('keys by route alone when no marker precedes the change', () => {
    const [f] = regressionDetector.detect(input({ routeLatency: [series('/cart', 100, 150)] }), REGRESSION_DEFAULTS);
    expect(f!.key).toBe('GET /cart');
    expect(f!.evidence['markerId']).toBeNull();
  });

  it('ignores improvements, small changes and noise', () => {
    const routeLatency = [
      series('/faster', 80, 50, { seed: 3 }),
      series('/small-relative', 100, 110, { seed: 4, sd: 0.5 }), // +10 %: significant but under 20 %
      series('/small-absolute', 2, 4, { seed: 5, sd: 0.1 }), // +100 % but only 2 ms
      ...Array.from({ length: 20 }, (_, i) => series(`/noise${i}`, 60, 60, { seed: 100 + i, sd: 6 })),
    ];
    expect(regressionDetector.detect(input({ routeLatency }), REGRESSION_DEFAULTS)).toEqual([]);
  });

  it('reports the latest slowdown when there are two', () => {
    const levels = [50, 80, 130];
    const random = seededRandom(6);
    const intervals = Array.from({ length: 36 }, (_, i) => {
      const level = levels[Math.floor(i / 12)]!;
      return { t: T0 + i * MIN, p50Ms: level / 2, p95Ms: level + 2 * (random() - 0.5), requests: 60 };
    });
    const findings = regressionDetector.detect(
      input({ routeLatency: [{ method: 'GET', route: '/x', stepMs: MIN, intervals }] }),
      REGRESSION_DEFAULTS,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toMatchObject({ changeAt: T0 + 24 * MIN, intervalsBefore: 12, intervalsAfter: 12 });
  });

  it('runs through runDetectors with threshold overrides', () => {
    const run = runDetectors(input({ routeLatency: [series('/cart', 100, 150)] }), [regressionDetector], {
      regression: { minRelativeChange: 0.8 },
    });
    expect(run).toEqual({ findings: [], errors: [] });
  });
});
