import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './testing/test-service.js';

const INGEST_KEY = 'ingest-key-1';
const ADMIN = 'e2e-admin-token-0123456789';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
type Json = any;

let service: TestService;
let base: string;

beforeAll(async () => {
  service = await startTestService({ STRIDE_INGEST_KEYS: INGEST_KEY, STRIDE_ADMIN_TOKEN: ADMIN }, 'stride-otel-');
  base = service.url;
});

afterAll(async () => {
  await service?.close();
});

async function api(pathAndQuery: string): Promise<Json> {
  const res = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

type Exporter = JsonExporter | ProtoExporter;
interface Variant {
  service: string;
  exporter: (url: string, temporality: AggregationTemporalityPreference) => Exporter;
  temporality: AggregationTemporalityPreference;
  histogram: 'exponential' | 'explicit';
}

function meterFor(variant: Variant) {
  const exporter = variant.exporter(`${base}/v1/metrics`, variant.temporality);
  // The reader's own timer never fires within a test; every export is an explicit forceFlush().
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': variant.service, 'service.instance.id': 'i-1' }),
    readers: [reader],
    views:
      variant.histogram === 'exponential'
        ? [
            {
              instrumentName: 'http.server.request.duration',
              aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 2048 } },
            },
          ]
        : [],
  });
  // Explicit buckets: the semantic conventions' advice for http.server.request.duration (seconds).
  const duration = provider.getMeter('e2e').createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  return { provider, duration };
}

/** Deterministic spread of latencies between 5 ms and ~1.3 s. */
const latencies = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => 0.005 * 1.0105 ** ((i * 7919 + seed) % 530));

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const headers = { Authorization: `Bearer ${INGEST_KEY}` };
const variants: Variant[] = [
  {
    service: 'sdk-json-delta',
    exporter: (url, temporalityPreference) => new JsonExporter({ url, headers, temporalityPreference }),
    temporality: AggregationTemporalityPreference.DELTA,
    histogram: 'exponential',
  },
  {
    service: 'sdk-proto-cumulative',
    exporter: (url, temporalityPreference) => new ProtoExporter({ url, headers, temporalityPreference }),
    temporality: AggregationTemporalityPreference.CUMULATIVE,
    histogram: 'exponential',
  },
  {
    service: 'sdk-proto-delta-gzip',
    exporter: (url, temporalityPreference) =>
      new ProtoExporter({ url, headers, temporalityPreference, compression: 'gzip' as never }),
    temporality: AggregationTemporalityPreference.DELTA,
    histogram: 'exponential',
  },
  {
    service: 'sdk-json-cumulative-explicit',
    exporter: (url, temporalityPreference) => new JsonExporter({ url, headers, temporalityPreference }),
    temporality: AggregationTemporalityPreference.CUMULATIVE,
    histogram: 'explicit',
  },
];

describe.each(variants)('OpenTelemetry SDK → stride: $service', (variant) => {
  it('stores exact counts and accurate percentiles, and repeated cumulative exports do not double count', async () => {
    const { provider, duration } = meterFor(variant);
    const product = { 'http.request.method': 'GET', 'http.route': '/products/:id', 'http.response.status_code': 200 };
    const failing = { 'http.request.method': 'POST', 'http.route': '/orders', 'http.response.status_code': 503 };
    const first = latencies(600, 1);
    const second = latencies(400, 2);
    for (const v of first) duration.record(v, product);
    for (let i = 0; i < 30; i++) duration.record(0.2, failing);
    await provider.forceFlush();
    for (const v of second) duration.record(v, product);
    await provider.forceFlush();
    await provider.forceFlush(); // nothing new: a cumulative exporter repeats its last totals
    await provider.shutdown();

    const { routes } = await api(`/api/v1/services/${variant.service}/routes?from=now-1h&to=now%2B1m`);
    const byRoute = Object.fromEntries(routes.map((r: Json) => [`${r.method} ${r.route}`, r]));
    const all = [...first, ...second];
    expect(byRoute['GET /products/:id'].requests).toBe(1000);
    expect(byRoute['GET /products/:id'].errorRate).toBe(0);
    expect(byRoute['POST /orders'].requests).toBe(30);
    expect(byRoute['POST /orders'].errorRate).toBe(1);

    const tolerance = variant.histogram === 'exponential' ? 0.011 : 0.5; // explicit buckets are coarse
    for (const [field, q] of [
      ['p50Ms', 0.5],
      ['p95Ms', 0.95],
      ['p99Ms', 0.99],
    ] as const) {
      const exactMs = exactQuantile(all, q) * 1000;
      const got = byRoute['GET /products/:id'][field];
      expect(Math.abs(got - exactMs) / exactMs, `${field}: ${got} vs exact ${exactMs}`).toBeLessThanOrEqual(tolerance);
    }

    const { services } = await api('/api/v1/services?from=now-1h&to=now%2B1m');
    const summary = services.find((s: Json) => s.name === variant.service);
    expect(summary.requests).toBe(1030);
    expect(summary.errorRate).toBeCloseTo(30 / 1030, 6);
  });
});
