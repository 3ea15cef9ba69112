import { describe, expect, it } from 'vitest';
import { deriveTraceSummary, httpFacts, pickRoot, type SummarySpan } from './trace-summary.js';

const span = (spanId: string, over: Partial<SummarySpan> = {}): SummarySpan => ({
  spanId,
  parentSpanId: null,
  service: 'shop',
  kind: 'internal',
  startMs: 1_000,
  durationMs: 10,
  status: 'unset',
  route: null,
  method: null,
  statusCode: null,
  ...over,
});

describe('pickRoot', () => {
  it('prefers the span without a parent', () => {
    const root = span('a', { kind: 'server', startMs: 1_000 });
    const child = span('b', { parentSpanId: 'a', kind: 'server', startMs: 900 });
    expect(pickRoot([child, root]).spanId).toBe('a');
  });

  it('prefers a SERVER span among parentless ones, then the earliest, then the longest', () => {
    expect(pickRoot([span('a', { startMs: 1 }), span('b', { kind: 'server', startMs: 5 })]).spanId).toBe('b');
    expect(pickRoot([span('a', { startMs: 5 }), span('b', { startMs: 1 })]).spanId).toBe('b');
    expect(pickRoot([span('a', { durationMs: 5 }), span('b', { durationMs: 9 })]).spanId).toBe('b');
  });

  it("falls back to a span whose parent has not arrived (a downstream service's spans alone)", () => {
    const charge = span('p1', { parentSpanId: 'c1', service: 'payments', kind: 'server', startMs: 1_005 });
    const query = span('p2', { parentSpanId: 'p1', service: 'payments', kind: 'client', startMs: 1_004 });
    expect(pickRoot([query, charge]).spanId).toBe('p1');
  });

  it('still picks one when parents form a cycle', () => {
    expect(pickRoot([span('a', { parentSpanId: 'b', startMs: 2 }), span('b', { parentSpanId: 'a' })]).spanId).toBe('a');
  });
});

describe('deriveTraceSummary', () => {
  it('takes route, method, status, start and duration from the root and lists every service', () => {
    const summary = deriveTraceSummary('t1', [
      span('c1', { parentSpanId: 's1', kind: 'client', startMs: 1_002, durationMs: 30 }),
      span('p1', { parentSpanId: 'c1', service: 'payments', kind: 'server', startMs: 1_003, durationMs: 28 }),
      span('s1', {
        kind: 'server',
        route: '/checkout',
        method: 'POST',
        statusCode: 201,
        startMs: 1_000,
        durationMs: 40,
      }),
    ]);
    expect(summary).toEqual({
      traceId: 't1',
      service: 'shop',
      services: ['payments', 'shop'],
      route: '/checkout',
      method: 'POST',
      status: 201,
      error: false,
      startMs: 1_000,
      durationMs: 40,
      spanCount: 3,
      rootSpanId: 's1',
    });
  });

  it('flags an error when any span failed or the root answered 5xx, not for a 4xx', () => {
    const root = span('s1', { kind: 'server', statusCode: 404 });
    expect(deriveTraceSummary('t', [root]).error).toBe(false);
    expect(deriveTraceSummary('t', [{ ...root, statusCode: 503 }]).error).toBe(true);
    expect(deriveTraceSummary('t', [root, span('c', { parentSpanId: 's1', status: 'error' })]).error).toBe(true);
  });
});

describe('httpFacts', () => {
  it('reads stable semantic-convention names', () => {
    expect(
      httpFacts({ 'http.route': '/p/:id', 'http.request.method': 'GET', 'http.response.status_code': 200 }),
    ).toEqual({ route: '/p/:id', method: 'GET', statusCode: 200 });
  });

  it('falls back to the old http.method / http.status_code names and ignores nonsense codes', () => {
    expect(httpFacts({ 'http.method': 'PUT', 'http.status_code': '502' })).toEqual({
      route: null,
      method: 'PUT',
      statusCode: 502,
    });
    expect(httpFacts({ 'http.response.status_code': 'abc' }).statusCode).toBeNull();
    expect(httpFacts({ 'http.response.status_code': 42 }).statusCode).toBeNull();
  });
});
