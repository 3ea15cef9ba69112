import { createHash } from 'node:crypto';
import {
  decodeMetricsResponse,
  decodeTracesResponse,
  ExponentialHistogram,
  encodeMetricsRequest,
  encodeTracesRequest,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpSpan,
} from '@stride/agent';

// Seed data for the dashboard browser tests, the API tests and the dashboard bench: three services with known
// request mixes, pushed as real OTLP/protobuf the way an agent does, plus traces and a benchmark run.

const MINUTE = 60_000;
/**
 * 12 blocks of traffic (SEED_SERVICES), each exported as 24 deltas 10 s apart as an agent does: 288 exports ending
 * 2 minutes ago, so every 30 s step of a 1 h chart holds 3 of them and the whole set (48 minutes) sits inside "the
 * last hour" even when a test reads a minute later.
 */
export const SEED_BLOCKS = 12;
const EXPORTS_PER_BLOCK = 24;
const EXPORT_MS = 10_000;
const DELTA = 1;

interface RouteMix {
  method: string;
  route: string;
  status: number;
  /** Latencies (ms) recorded per interval: [ms, how many]. */
  perInterval: [number, number][];
}

/**
 * The request mix per service, per block. Worked numbers for the whole hour (12 blocks), nearest
 * rank as the query API computes them (within 0.55 % from the histograms):
 * - shop: 100 requests per interval → 1,200; 24 answered 500 → errorRate 0.02; p50 20 ms, p95 350 ms, p99 900 ms;
 *   apdex (T = 500 ms) 0.98.
 * - payments: 30 per interval → 360; 12 answered 503 → errorRate 1/30; p50 80 ms, p95 400 ms, p99 2,000 ms.
 * - search: 40 per interval → 480, no errors; p50 30 ms, p95 1,200 ms, p99 1,200 ms; apdex 0.95.
 */
export const SEED_SERVICES: Record<string, RouteMix[]> = {
  shop: [
    {
      method: 'GET',
      route: '/products/:id',
      status: 200,
      perInterval: [
        [20, 50],
        [45, 10],
      ],
    },
    {
      method: 'POST',
      route: '/checkout',
      status: 200,
      perInterval: [
        [180, 20],
        [350, 8],
      ],
    },
    { method: 'POST', route: '/checkout', status: 500, perInterval: [[900, 2]] },
    { method: 'GET', route: '/cart', status: 200, perInterval: [[60, 10]] },
  ],
  payments: [
    {
      method: 'POST',
      route: '/charge',
      status: 200,
      perInterval: [
        [80, 15],
        [120, 12],
        [400, 2],
      ],
    },
    { method: 'POST', route: '/charge', status: 503, perInterval: [[2_000, 1]] },
  ],
  search: [
    {
      method: 'GET',
      route: '/search',
      status: 200,
      perInterval: [
        [30, 20],
        [70, 16],
        [1_200, 4],
      ],
    },
  ],
};

/** What the API should answer for the last hour (see SEED_SERVICES). */
export const SEED_EXPECTED = {
  shop: { requests: 1_200, errorRate: 0.02, p50Ms: 20, p95Ms: 350, p99Ms: 900, apdex: 0.98 },
  payments: { requests: 360, errorRate: 1 / 30, p50Ms: 80, p95Ms: 400, p99Ms: 2_000, apdex: 29 / 30 },
  search: { requests: 480, errorRate: 0, p50Ms: 30, p95Ms: 1_200, p99Ms: 1_200, apdex: 0.95 },
} as const;

export const SEED_STATEMENTS = {
  product: 'SELECT * FROM products WHERE id = $1',
  orders: 'INSERT INTO orders (user_id, total) VALUES ($1, $2)',
};

const attrs = (record: Record<string, string | number>): OtlpKeyValue[] =>
  Object.entries(record).map(([key, value]) => ({
    key,
    value:
      typeof value === 'number'
        ? Number.isInteger(value)
          ? { intValue: value }
          : { doubleValue: value }
        : { stringValue: value },
  }));

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

function histogramPoint(valuesSeconds: [number, number][], startMs: number, endMs: number, attributes: OtlpKeyValue[]) {
  const h = new ExponentialHistogram();
  for (const [value, count] of valuesSeconds) h.record(value, count);
  const d = h.toData();
  return {
    attributes,
    startTimeUnixNano: nanos(startMs),
    timeUnixNano: nanos(endMs),
    count: d.count,
    sum: d.sum,
    scale: d.scale,
    zeroCount: d.zeroCount,
    positive: { offset: d.positive.offset, bucketCounts: d.positive.counts },
    negative: { offset: d.negative.offset, bucketCounts: d.negative.counts },
    min: d.min,
    max: d.max,
  };
}

const gauge = (name: string, unit: string, value: number, endMs: number, extra: Record<string, string> = {}) =>
  ({
    name,
    unit,
    gauge: { dataPoints: [{ attributes: attrs(extra), timeUnixNano: nanos(endMs), asDouble: value }] },
  }) satisfies OtlpMetric;

/**
 * Export `i`'s share of its block's requests of one route: the block's requests are dealt to its exports in a
 * fixed pseudo-random order (an LCG seeded by block and route), so slow requests land at varying times as in real
 * traffic, the same on every run.
 */
function exportValuesSeconds(mix: RouteMix, i: number): [number, number][] {
  const block = Math.floor(i / EXPORTS_PER_BLOCK);
  let state = (block + 1) * 7_919 + mix.route.length * 104_729 + mix.status;
  const all = mix.perInterval.flatMap(([ms, n]) => Array.from({ length: n }, () => ms / 1_000));
  const owner = all.map(() => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * EXPORTS_PER_BLOCK);
  });
  const mine = all.filter((_, k) => owner[k] === i % EXPORTS_PER_BLOCK);
  return [...new Set(mine)].map((v) => [v, mine.filter((x) => x === v).length]);
}

/** The metrics one service exports at export `i` (0…119). */
function serviceMetrics(service: string, i: number, startMs: number, endMs: number): OtlpMetric[] {
  const requests = SEED_SERVICES[service]!.flatMap((mix) => {
    const values = exportValuesSeconds(mix, i);
    if (values.length === 0) return [];
    const labels = {
      'http.request.method': mix.method,
      'http.route': mix.route,
      'http.response.status_code': mix.status,
    };
    return [histogramPoint(values, startMs, endMs, attrs(labels))];
  });
  const metrics: OtlpMetric[] = [
    {
      name: 'http.server.request.duration',
      unit: 's',
      exponentialHistogram: { aggregationTemporality: DELTA, dataPoints: requests },
    },
    // A gentle wave so runtime charts have a shape.
    gauge('nodejs.eventloop.delay.p99', 's', 0.01 + 0.004 * Math.sin(i / 20), endMs),
    gauge('nodejs.eventloop.utilization', '1', 0.25 + 0.08 * Math.sin(i / 30), endMs),
    gauge('process.cpu.utilization', '1', 0.18 + 0.06 * Math.sin(i / 25), endMs),
    gauge('v8js.memory.heap.used', 'By', 60_000_000 + 100_000 * i, endMs),
    gauge('v8js.memory.heap.limit', 'By', 2_000_000_000, endMs),
    gauge('process.memory.usage', 'By', 150_000_000 + 80_000 * i, endMs),
    {
      name: 'v8js.gc.duration',
      unit: 's',
      exponentialHistogram: {
        aggregationTemporality: DELTA,
        dataPoints: [
          histogramPoint([[0.0015, 4]], startMs, endMs, attrs({ 'v8js.gc.type': 'minor' })),
          ...(i % 30 === 0 ? [histogramPoint([[0.012, 1]], startMs, endMs, attrs({ 'v8js.gc.type': 'major' }))] : []),
        ],
      },
    },
  ];
  if (service !== 'shop') return metrics;
  const pg = (text: string, operation: string) =>
    attrs({ 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': text });
  const pool = { 'db.client.connection.pool.name': 'main' };
  metrics.push(
    {
      name: 'db.client.operation.duration',
      unit: 's',
      exponentialHistogram: {
        aggregationTemporality: DELTA,
        dataPoints: [
          // N+1: each product page runs the lookup 8 times.
          histogramPoint([[0.002, 20]], startMs, endMs, pg(SEED_STATEMENTS.product, 'SELECT')),
          histogramPoint([[0.012, 1]], startMs, endMs, pg(SEED_STATEMENTS.orders, 'INSERT')),
        ],
      },
    },
    {
      name: 'db.client.response.returned_rows',
      unit: '{row}',
      exponentialHistogram: {
        aggregationTemporality: DELTA,
        dataPoints: [
          histogramPoint([[1, 20]], startMs, endMs, pg(SEED_STATEMENTS.product, 'SELECT')),
          histogramPoint([[1, 1]], startMs, endMs, pg(SEED_STATEMENTS.orders, 'INSERT')),
        ],
      },
    },
    {
      name: 'stride.cache.lookups',
      unit: '{lookup}',
      sum: {
        aggregationTemporality: DELTA,
        isMonotonic: true,
        dataPoints: [
          ['hit', 4],
          ['miss', 1],
        ].map(([result, n]) => ({
          attributes: attrs({ 'db.system.name': 'redis', 'db.operation.name': 'GET', 'cache.result': result! }),
          startTimeUnixNano: nanos(startMs),
          timeUnixNano: nanos(endMs),
          asInt: n!,
        })),
      },
    },
    {
      name: 'http.client.request.duration',
      unit: 's',
      exponentialHistogram: {
        aggregationTemporality: DELTA,
        dataPoints: [
          histogramPoint(
            [[0.09, 1]],
            startMs,
            endMs,
            attrs({
              'server.address': 'payments.internal',
              'http.request.method': 'POST',
              'http.response.status_code': 200,
              'stride.socket.reused': 'true',
            }),
          ),
        ],
      },
    },
    gauge('db.client.connection.count', '{connection}', 4 + (i % 5), endMs, {
      ...pool,
      'db.client.connection.state': 'used',
    }),
    gauge('db.client.connection.count', '{connection}', 6 - (i % 5), endMs, {
      ...pool,
      'db.client.connection.state': 'idle',
    }),
    gauge('db.client.connection.max', '{connection}', 10, endMs, pool),
    gauge('db.client.connection.pending_requests', '{request}', i % 3, endMs, pool),
  );
  return metrics;
}

/** POSTs OTLP/protobuf and fails on any rejected point or span: seed data that silently went missing would make
 * every number the tests check wrong for a confusing reason. */
async function postOtlp(url: string, body: Uint8Array, headers: Record<string, string>, kind: 'metrics' | 'traces') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', ...headers },
    body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${new TextDecoder().decode(bytes)}`);
  const partial =
    kind === 'metrics'
      ? decodeMetricsResponse(bytes, 'protobuf').partialSuccess
      : decodeTracesResponse(bytes, 'protobuf').partialSuccess;
  if (partial?.errorMessage) throw new Error(`POST ${url} rejected data: ${partial.errorMessage}`);
}

export interface SeedOptions {
  /** Metrics service base URL. */
  url: string;
  /** Editor or admin token, for the benchmark run. */
  adminToken: string;
  ingestKey?: string;
  nowMs?: number;
}

export interface SeededTraces {
  /** A GET /products/:id trace of shop with 8 repeated product lookups. */
  productTraceId: string;
  /** A POST /checkout trace across shop and payments. */
  checkoutTraceId: string;
}

/** Pushes metrics for shop, payments and search, two traces and one benchmark run. */
export async function seedDashboardData({
  url,
  adminToken,
  ingestKey,
  nowMs = Date.now(),
}: SeedOptions): Promise<SeededTraces> {
  const ingestHeaders: Record<string, string> = ingestKey ? { authorization: `Bearer ${ingestKey}` } : {};
  const exports = SEED_BLOCKS * EXPORTS_PER_BLOCK;
  const lastEndMs = nowMs - 2 * MINUTE;
  // One OTLP request per block, holding its exports of every service.
  for (let block = 0; block < SEED_BLOCKS; block++) {
    const resourceMetrics = [];
    for (let i = block * EXPORTS_PER_BLOCK; i < (block + 1) * EXPORTS_PER_BLOCK; i++) {
      const endMs = lastEndMs - (exports - 1 - i) * EXPORT_MS;
      for (const service of Object.keys(SEED_SERVICES)) {
        resourceMetrics.push({
          resource: { attributes: attrs({ 'service.name': service }) },
          scopeMetrics: [
            { scope: { name: '@stride/agent' }, metrics: serviceMetrics(service, i, endMs - EXPORT_MS, endMs) },
          ],
        });
      }
    }
    const body = encodeMetricsRequest({ resourceMetrics }, 'protobuf');
    await postOtlp(`${url}/v1/metrics`, body, ingestHeaders, 'metrics');
  }
  const traces = seedTraces(nowMs - 4 * MINUTE);
  const tracesBody = encodeTracesRequest({ resourceSpans: traces.resourceSpans }, 'protobuf');
  await postOtlp(`${url}/v1/traces`, tracesBody, ingestHeaders, 'traces');
  await seedBenchmark(url, adminToken, nowMs - 30 * MINUTE);
  return traces.ids;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function seedTraces(startMs: number) {
  const productTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const checkoutTraceId = '0af7651916cd43dd8448eb211c80319c';
  const span = (
    traceId: string,
    id: number,
    parent: number | null,
    name: string,
    kind: number,
    offsetMs: number,
    durationMs: number,
    attributes: Record<string, string | number>,
    error = false,
  ): OtlpSpan => ({
    traceId,
    spanId: hex(id, 16),
    ...(parent === null ? {} : { parentSpanId: hex(parent, 16) }),
    name,
    kind,
    startTimeUnixNano: nanos(startMs + offsetMs),
    endTimeUnixNano: nanos(startMs + offsetMs + durationMs),
    attributes: attrs(attributes),
    status: error ? { code: 2, message: 'card declined' } : { code: 0 },
  });
  const SERVER = 2;
  const CLIENT = 3;
  const http = (method: string, route: string, status: number) => ({
    'http.request.method': method,
    'http.route': route,
    'http.response.status_code': status,
  });
  // As the agent's pg instrumentation labels a query span (docs/telemetry.md).
  const db = (text: string) => ({
    'db.system.name': 'postgresql',
    'db.operation.name': text.split(' ')[0]!,
    'db.query.text': text,
    'stride.db.fingerprint': createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16),
    'db.response.returned_rows': 1,
  });
  const productSpans = [
    span(productTraceId, 1, null, 'GET /products/:id', SERVER, 0, 48, http('GET', '/products/:id', 200)),
    ...Array.from({ length: 8 }, (_, k) =>
      span(productTraceId, 10 + k, 1, 'SELECT products', CLIENT, 4 + k * 5, 4, db(SEED_STATEMENTS.product)),
    ),
  ];
  const shopCheckout = [
    span(checkoutTraceId, 100, null, 'POST /checkout', SERVER, 0, 260, http('POST', '/checkout', 200)),
    span(checkoutTraceId, 101, 100, 'INSERT orders', CLIENT, 10, 12, db(SEED_STATEMENTS.orders)),
    span(checkoutTraceId, 102, 100, 'POST payments.internal', CLIENT, 30, 200, {
      'http.request.method': 'POST',
      'server.address': 'payments.internal',
      'http.response.status_code': 200,
    }),
  ];
  const paymentsCharge = [
    span(checkoutTraceId, 200, 102, 'POST /charge', SERVER, 35, 190, http('POST', '/charge', 200)),
  ];
  const resource = (service: string, spans: OtlpSpan[]) => ({
    resource: { attributes: attrs({ 'service.name': service }) },
    scopeSpans: [{ scope: { name: '@stride/agent' }, spans }],
  });
  return {
    ids: { productTraceId, checkoutTraceId },
    resourceSpans: [resource('shop', [...productSpans, ...shopCheckout]), resource('payments', paymentsCharge)],
  };
}

async function seedBenchmark(url: string, adminToken: string, startedAt: number): Promise<void> {
  const summary = {
    name: 'shop',
    profile: 'baseline',
    target: 'http://127.0.0.1:3000',
    startedAt,
    durationMs: 60_000,
    scenarios: [
      { name: 'browse', requests: 6_000, errors: 0, rps: 100, p50Ms: 21, p95Ms: 48, p99Ms: 95 },
      { name: 'checkout', requests: 900, errors: 9, rps: 15, p50Ms: 180, p95Ms: 350, p99Ms: 880 },
    ],
    thresholds: [{ name: 'checkout p95 < 400 ms', ok: true }],
    passed: true,
  };
  const res = await fetch(`${url}/api/v1/benchmarks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(summary),
  });
  if (res.status !== 201) throw new Error(`POST /api/v1/benchmarks answered ${res.status}: ${await res.text()}`);
}
