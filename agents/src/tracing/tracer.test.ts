import { describe, expect, it } from 'vitest';
import { emptyStats } from '../agent/agent-stats.js';
import { CallRecorder } from '../instrumentation/call-recorder.js';
import { SpanKind, SpanStatusCode } from '../otlp/types.js';
import { ManualClock } from '../testing/manual-clock.js';
import { attributeMap } from '../testing/otlp-points.js';
import { TailSampler } from './tail-sampler.js';
import { collectTraces, countSpans } from './trace-export.js';
import { type FinishedTrace, Tracer } from './tracer.js';

function setup(maxSpansPerTrace = 100) {
  const clock = new ManualClock(1_700_000_000_000);
  const sampler = new TailSampler<FinishedTrace>({ slowestPerRoute: 5, randomShare: 0 }, clock.nowMs());
  const tracer = new Tracer({ clock, sampler, maxSpansPerTrace, repeatedQueryThreshold: 3 });
  const recorder = new CallRecorder(clock, tracer);
  const stats = emptyStats();
  const collect = (maxSpans?: number) => [
    ...collectTraces(sampler, clock.nowMs(), { resource: {}, scope: { name: 's' }, stats }, maxSpans),
  ];
  return { clock, tracer, recorder, stats, collect };
}

const db = (name: string) => ({ name, kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } });

describe('Tracer + CallRecorder', () => {
  it('records calls inside a request as children with exact offsets, and exports the kept trace', () => {
    const { clock, tracer, recorder, collect } = setup();
    const trace = tracer.startRequest(
      'GET',
      '/products/42?x=1',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    tracer.run(trace, () => {
      clock.advance(2.5);
      const call = recorder.start();
      expect(call.trace).toBe(trace);
      clock.advance(10.25);
      expect(recorder.finish(call, db('SELECT products'))).toBe(10.25);
    });
    expect(recorder.start().trace).toBeUndefined(); // outside the request's context
    clock.advance(1);
    tracer.finishRequest(trace, '/products/:id', 200, undefined, clock.monoMs);

    const [request] = collect();
    const spans = request?.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    expect(spans.map((s) => [s.name, s.kind, s.traceId, s.parentSpanId])).toEqual([
      ['GET /products/:id', SpanKind.SERVER, '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7'],
      ['SELECT products', SpanKind.CLIENT, '4bf92f3577b34da6a3ce929d0e0e4736', trace.spanId],
    ]);
    expect(spans.map((s) => [s.startTimeUnixNano, s.endTimeUnixNano])).toEqual([
      ['1700000000000000000', '1700000000013750000'],
      ['1700000000002500000', '1700000000012750000'],
    ]);
    expect(attributeMap(spans[0]?.attributes)).toEqual({
      'http.request.method': 'GET',
      'http.route': '/products/:id',
      'http.response.status_code': '200',
      'url.path': '/products/42',
      'stride.sampling.reason': 'slowest',
    });
  });

  it('marks errors, repeated fingerprints and spans past the cap', () => {
    const { clock, tracer, recorder, stats, collect } = setup(2);
    const trace = tracer.startRequest('POST', '/cart', undefined);
    tracer.run(trace, () => {
      for (let i = 0; i < 3; i++) recorder.finish(recorder.start(), db('SELECT prices'), { repeatKey: 'fp1' });
      recorder.finish(recorder.start(), { ...db('INSERT carts'), error: '23505' });
    });
    expect(trace.maxRepeats).toBe(3);
    tracer.finishRequest(trace, '/cart', 500, 'TypeError', clock.monoMs);
    const spans = collect()[0]?.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    expect(spans).toHaveLength(3); // server + 2 kept children
    expect(attributeMap(spans[0]?.attributes)).toMatchObject({
      'stride.sampling.reason': 'error',
      'error.type': 'TypeError',
      'stride.dropped_spans': '2',
    });
    expect(spans[0]?.status?.code).toBe(SpanStatusCode.ERROR);
    expect(stats).toMatchObject({ keptTraces: 1, droppedSpans: 2 });
  });

  it('computes deferred attributes only for traces the sampler keeps, and lets go of their values', () => {
    const { clock, tracer, recorder, collect } = setup();
    let hashed = 0;
    const addHash = (attributes: Record<string, string | number | boolean>, value: unknown) => {
      hashed++;
      attributes['stride.db.result_hash'] = String(value);
    };
    const span = (value: string) => ({ ...db('SELECT x'), deferred: addHash, deferredValue: value });
    const run = (url: string, advanceMs: number) => {
      const trace = tracer.startRequest('GET', url, undefined);
      tracer.run(trace, () => recorder.finish(recorder.start(), span(url)));
      clock.advance(advanceMs);
      tracer.finishRequest(trace, '/x', 200, undefined, clock.monoMs);
      return trace;
    };
    // slowestPerRoute 5: the first five are held (hashed); a faster sixth is let go (not hashed)
    const held = [10, 20, 30, 40, 50].map((ms, i) => run(`/x${i}`, ms));
    const fast = run('/fast', 1);
    expect(hashed).toBe(5);
    expect(fast.children[0]?.deferredValue).toBeUndefined();
    expect(held[0]?.children[0]?.deferredValue).toBeUndefined();
    // a call finishing after its kept request ended is settled at once
    tracer.run(held[4]!, () => recorder.finish(recorder.start(), span('late')));
    expect(hashed).toBe(6);
    const spans = collect().flatMap((r) => r.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? []);
    const hashes = spans.map((s) => attributeMap(s.attributes)['stride.db.result_hash']).filter(Boolean);
    expect(hashes.sort()).toEqual(['/x0', '/x1', '/x2', '/x3', '/x4', 'late']);
  });

  it('splits kept traces into requests of at most maxSpans spans, keeping small traces whole', () => {
    const { clock, tracer, recorder, collect } = setup();
    for (let t = 0; t < 3; t++) {
      const trace = tracer.startRequest('GET', `/r${t}`, undefined);
      tracer.run(trace, () => {
        for (let i = 0; i < 3; i++) recorder.finish(recorder.start(), db('SELECT x'));
      });
      tracer.finishRequest(trace, `/r${t}`, 200, undefined, clock.monoMs);
    }
    expect(collect(9).map(countSpans)).toEqual([8, 4]);
  });
});
