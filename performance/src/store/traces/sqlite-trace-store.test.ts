import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/spans.js';
import { StoreClosedError } from '../errors.js';
import { openSqliteTraceStore, type SqliteTraceStoreOptions, sqliteTraceStorePath } from './sqlite-trace-store.js';
import type { BenchmarkRecord, TraceQuery, TraceStore } from './trace-store.js';

const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const traceId = (n: number) => hex(n, 32);
const spanId = (n: number) => hex(n, 16);

function span(trace: number, id: number, over: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: traceId(trace),
    spanId: spanId(id),
    parentSpanId: null,
    service: 'shop',
    name: 'GET /products/:id',
    kind: 'server',
    startMs: T0,
    durationMs: 10,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    ...over,
  };
}

/** A shop request of `children + 1` spans starting at `startMs`. */
function request(trace: number, startMs: number, durationMs: number, children = 0, route = '/products/:id') {
  const root = span(trace, trace * 1_000, {
    startMs,
    durationMs,
    attributes: { 'http.route': route, 'http.request.method': 'GET', 'http.response.status_code': 200 },
  });
  const kids = Array.from({ length: children }, (_, i) =>
    span(trace, trace * 1_000 + i + 1, {
      parentSpanId: root.spanId,
      kind: 'client',
      name: 'SELECT products',
      startMs: startMs + i + 0.125,
      durationMs: 0.5,
    }),
  );
  return [root, ...kids];
}

const query = (over: Partial<TraceQuery> = {}): TraceQuery => ({
  fromMs: T0 - DAY,
  toMs: T0 + DAY,
  limit: 100,
  sort: 'start',
  ...over,
});

let store: TraceStore;
const open = (options: Partial<SqliteTraceStoreOptions> = {}) => {
  store = openSqliteTraceStore({ path: ':memory:', ...options });
  return store;
};
afterEach(async () => {
  await store?.close();
});

describe('SQLite trace store', () => {
  it('stores spans with sub-ms times and flat attributes, and returns them ordered by start', async () => {
    open();
    const spans = request(1, T0 + 0.25, 12.5, 2);
    spans[1]!.attributes = { 'db.query.text': 'SELECT * FROM products WHERE id = $1', 'db.response.returned_rows': 1 };
    expect(await store.writeSpans([spans[2]!, spans[0]!, spans[1]!])).toEqual({ written: 3, traces: 1 });
    const stored = await store.getTrace(traceId(1));
    expect(stored?.map((s) => s.spanId)).toEqual(spans.map((s) => s.spanId));
    expect(stored?.[0]).toEqual(spans[0]);
    expect(stored?.[1]?.startMs).toBe(T0 + 0.375);
    expect(stored?.[1]?.attributes).toEqual({
      'db.query.text': 'SELECT * FROM products WHERE id = $1',
      'db.response.returned_rows': 1,
    });
    expect(await store.getTrace(traceId(2))).toBeNull();
  });

  it("merges another service's spans into the trace whichever arrives first, and re-derives the root", async () => {
    open();
    const shop = span(7, 1, {
      startMs: T0,
      durationMs: 80,
      attributes: { 'http.route': '/checkout', 'http.request.method': 'POST', 'http.response.status_code': 201 },
    });
    const call = span(7, 2, {
      parentSpanId: spanId(1),
      kind: 'client',
      name: 'POST',
      startMs: T0 + 10,
      durationMs: 50,
    });
    const charge = span(7, 3, {
      parentSpanId: spanId(2),
      service: 'payments',
      name: 'POST /charge',
      startMs: T0 + 12,
      durationMs: 45,
      attributes: { 'http.route': '/charge', 'http.request.method': 'POST', 'http.response.status_code': 200 },
    });
    await store.writeSpans([charge]); // payments flushed first
    expect(await store.listTraces(query())).toMatchObject([{ service: 'payments', route: '/charge', spanCount: 1 }]);
    await store.writeSpans([shop, call]);
    const [summary] = await store.listTraces(query());
    expect(summary).toMatchObject({
      traceId: traceId(7),
      service: 'shop',
      services: ['payments', 'shop'],
      route: '/checkout',
      method: 'POST',
      status: 201,
      error: false,
      startMs: T0,
      durationMs: 80,
      spanCount: 3,
      rootSpanId: spanId(1),
    });
    // A re-sent span (exporter retry) replaces itself rather than adding a row.
    await store.writeSpans([charge]);
    expect((await store.getTrace(traceId(7)))?.length).toBe(3);
    // ?service= matches every service that took part, not only the root's.
    expect((await store.listTraces(query({ service: 'payments' }))).map((t) => t.traceId)).toEqual([traceId(7)]);
    expect(await store.listTraces(query({ service: 'search' }))).toEqual([]);
  });

  it('filters by route, method, duration, status and time, sorts by start or duration, and limits', async () => {
    open();
    await store.writeSpans([
      ...request(1, T0, 10),
      ...request(2, T0 + 1_000, 300, 0, '/cart'),
      ...request(3, T0 + 2_000, 50),
      span(4, 4_000, {
        startMs: T0 + 3_000,
        durationMs: 20,
        attributes: { 'http.route': '/cart', 'http.request.method': 'POST', 'http.response.status_code': 503 },
      }),
      span(5, 5_000, { startMs: T0 + 4_000, attributes: { 'http.response.status_code': 404 } }),
    ]);
    const ids = async (q: Partial<TraceQuery>) =>
      (await store.listTraces(query(q))).map((t) => Number.parseInt(t.traceId, 16));
    expect(await ids({})).toEqual([5, 4, 3, 2, 1]);
    expect(await ids({ sort: 'duration' })).toEqual([2, 3, 4, 5, 1]);
    expect(await ids({ sort: 'duration', limit: 2 })).toEqual([2, 3]);
    expect(await ids({ route: '/cart' })).toEqual([4, 2]);
    expect(await ids({ route: '/cart', method: 'POST' })).toEqual([4]);
    expect(await ids({ minDurationMs: 50 })).toEqual([3, 2]);
    expect(await ids({ status: { kind: 'error' } })).toEqual([4]);
    expect(await ids({ status: { kind: 'ok' } })).toEqual([5, 3, 2, 1]);
    expect(await ids({ status: { kind: 'code', code: 404 } })).toEqual([5]);
    expect(await ids({ status: { kind: 'class', minCode: 500, maxCode: 599 } })).toEqual([4]);
    expect(await ids({ fromMs: T0 + 1_000, toMs: T0 + 3_000 })).toEqual([3, 2]);
  });

  it('deletes traces older than the retention, with their spans and service rows', async () => {
    open({ retentionMs: 7 * DAY, retentionBatchSize: 2 });
    for (let t = 1; t <= 5; t++) await store.writeSpans(request(t, T0 - (10 - t) * DAY, 5, 2));
    // Traces 1-2 started 9 and 8 days before T0; 3-5 within 7 days.
    expect(await store.applyRetention(T0)).toEqual({ deletedTraces: 2, deletedSpans: 6 });
    const left = await store.listTraces(query({ fromMs: 0 }));
    expect(left.map((t) => Number.parseInt(t.traceId, 16)).sort()).toEqual([3, 4, 5]);
    expect(await store.getTrace(traceId(1))).toBeNull();
    expect(await store.listTraces(query({ fromMs: 0, service: 'shop' }))).toHaveLength(3);
    expect(await store.applyRetention(T0)).toEqual({ deletedTraces: 0, deletedSpans: 0 });
  });

  it('enforces the span cap by deleting whole traces, oldest first', async () => {
    open({ maxSpans: 10, retentionBatchSize: 2 });
    // Five traces of 3 spans each = 15 spans, 5 over the cap: the two oldest traces (6 spans) cover it.
    for (let t = 1; t <= 5; t++) await store.writeSpans(request(t, T0 + t * 1_000, 5, 2));
    expect(await store.applyRetention(T0 + 10_000)).toEqual({ deletedTraces: 2, deletedSpans: 6 });
    const left = (await store.listTraces(query())).map((t) => Number.parseInt(t.traceId, 16));
    expect(left).toEqual([5, 4, 3]);
    await store.writeSpans(request(6, T0 + 6_000, 5, 3)); // 9 + 4 = 13 spans
    expect(await store.applyRetention(T0 + 10_000)).toEqual({ deletedTraces: 1, deletedSpans: 3 });
    expect((await store.listTraces(query())).map((t) => t.spanCount)).toEqual([4, 3, 3]);
  });

  it('keeps benchmark summaries, newest first, filterable by name and profile', async () => {
    open();
    const record = (id: string, createdAt: number, profile = 'baseline'): BenchmarkRecord => ({
      id,
      createdAt,
      createdBy: 'ci',
      name: 'shop',
      profile,
      target: 'http://127.0.0.1:3000',
      startedAt: createdAt - 60_000,
      durationMs: 60_000,
      scenarios: [{ name: 'browse', requests: 600, errors: 0, rps: 10, p50Ms: 5, p95Ms: 20, p99Ms: 40 }],
      thresholds: [{ name: 'p95 browse < 200ms', ok: true }],
      passed: true,
    });
    await store.benchmarks.create(record('a', T0));
    await store.benchmarks.create(record('b', T0 + 1, 'stress'));
    await store.benchmarks.create(record('c', T0 + 2));
    expect((await store.benchmarks.list({ limit: 10 })).map((b) => b.id)).toEqual(['c', 'b', 'a']);
    expect((await store.benchmarks.list({ limit: 1 })).map((b) => b.id)).toEqual(['c']);
    expect((await store.benchmarks.list({ limit: 10, profile: 'baseline' })).map((b) => b.id)).toEqual(['c', 'a']);
    expect(await store.benchmarks.get('b')).toEqual(record('b', T0 + 1, 'stress'));
    expect(await store.benchmarks.get('nope')).toBeNull();
  });

  it('persists to <dataDir>/traces.db and refuses calls after close', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'stride-traces-'));
    try {
      const file = sqliteTraceStorePath(dir);
      expect(file).toBe(path.join(dir, 'traces.db'));
      open({ path: file });
      await store.writeSpans(request(1, T0, 5, 1));
      await store.close();
      expect(await store.ping()).toBe(false);
      await expect(store.listTraces(query())).rejects.toBeInstanceOf(StoreClosedError);
      open({ path: file });
      expect(await store.listTraces(query())).toHaveLength(1);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options', () => {
    expect(() => openSqliteTraceStore({ path: ':memory:', maxSpans: 0 })).toThrow(/maxSpans/);
    expect(() => openSqliteTraceStore({ path: ':memory:', retentionMs: -1 })).toThrow(/retentionMs/);
  });
});
