import { describe, expect, it } from 'vitest';
import { IdGenerator } from './ids.js';
import { formatTraceParent, parseTraceParent } from './traceparent.js';

describe('traceparent', () => {
  it('parses a valid header and formats one that parses back', () => {
    expect(parseTraceParent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: 1,
    });
    const ids = new IdGenerator();
    const [traceId, spanId] = [ids.traceId(), ids.spanId()];
    expect(parseTraceParent(formatTraceParent(traceId, spanId))).toEqual({ traceId, parentSpanId: spanId, flags: 1 });
  });

  it.each([
    undefined,
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    '',
    'garbage',
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
    '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
  ])('rejects %s', (header) => {
    expect(parseTraceParent(header)).toBeUndefined();
  });

  it('accepts a future version with more fields, and upper-case hex', () => {
    expect(parseTraceParent('01-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00-more')?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });
});

describe('IdGenerator', () => {
  it('makes lowercase hex ids of W3C length, distinct across a pool refill', () => {
    const ids = new IdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = ids.traceId();
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
    expect(ids.spanId()).toMatch(/^[0-9a-f]{16}$/);
  });
});
