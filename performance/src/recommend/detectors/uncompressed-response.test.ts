import { describe, expect, it } from 'vitest';
import { analysisInput, request, routeSummary, T0 } from '../testing/trace-builder.js';
import { uncompressedResponse } from './uncompressed-response.js';

function response(startMs: number, bytes: number, accept: string | null, encoding: string | null) {
  return request({
    route: '/products',
    startMs,
    durationMs: 30,
    attributes: {
      'http.response.body.size': bytes,
      ...(accept === null ? {} : { 'http.request.header.accept-encoding': JSON.stringify([accept]) }),
      ...(encoding === null ? {} : { 'http.response.header.content-encoding': JSON.stringify([encoding]) }),
    },
  }).spans();
}

describe('uncompressed-response', () => {
  const detect = (traces: ReturnType<typeof response>[]) =>
    uncompressedResponse.detect(
      analysisInput({ traces, routes: [routeSummary('GET /products', 10)] }),
      uncompressedResponse.defaults,
    );

  it('flags ≥ 1 KB bodies sent plain to clients accepting gzip or br, with the saving at 10 Mbit/s', () => {
    const traces = [response(T0, 100_000, 'gzip, deflate, br', null), response(T0 + 1, 50_000, 'br', 'identity')];
    const [f, ...rest] = detect(traces);
    expect(rest).toEqual([]);
    expect(f!.route).toBe('GET /products');
    expect(f!.evidence).toMatchObject({
      affectedRequests: 2,
      meanResponseBytes: 75_000,
      estimatedCompressedBytes: 18_750,
    });
    // 75,000 × 0.75 bytes at 1,250 bytes/ms = 45 ms per request; 600 requests/min.
    expect(f!.impact).toEqual({ msSavedPerRequest: 45, msSavedPerMinute: 27_000 });
    expect(f!.fix.code).toContain('app.use(compression({ threshold: 1024 }))');
  });

  it('does not flag compressed responses, clients without gzip/br, or small bodies', () => {
    expect(
      detect([
        response(T0, 100_000, 'gzip', 'gzip'),
        response(T0 + 1, 100_000, 'br, gzip', 'br'),
        response(T0 + 2, 100_000, 'identity', null),
        response(T0 + 3, 100_000, null, null),
        response(T0 + 4, 800, 'gzip', null),
      ]),
    ).toEqual([]);
  });

  it('reads plain-string header attributes too', () => {
    const t = request({
      route: '/products',
      startMs: T0,
      durationMs: 30,
      attributes: { 'http.response.body.size': 5_000, 'http.request.header.accept-encoding': 'GZIP' },
    });
    expect(detect([t.spans()])).toHaveLength(1);
  });
});
