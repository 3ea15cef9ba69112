import { decodeMetricsRequest, encodeMetricsRequest } from '@stride/agent';
import { describe, expect, it } from 'vitest';
import { prng, randomRequest, summary } from '../testing/random-otlp-metrics.js';
import { convertMetricsRequest } from './convert-metrics.js';
import { parseMetricsJsonFast } from './otlp-json-fast.js';
import { TemporalityConverter } from './temporality-converter.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const LIMITS = { maxBucketsPerPoint: 64, maxAttributeValueLength: 40 };

describe('parseMetricsJsonFast', () => {
  it('feeds the converter exactly what the reference JSON decoder would, on random requests', () => {
    const r = prng(11);
    const fastConverter = new TemporalityConverter({ startedAtMs: NOW_MS - 3_600_000 });
    const slowConverter = new TemporalityConverter({ startedAtMs: NOW_MS - 3_600_000 });
    let taken = 0;
    for (let i = 0; i < 150; i++) {
      const body = Buffer.from(encodeMetricsRequest(randomRequest(r, NOW_MS - 600_000 + i * 1000), 'json'));
      const parsed = parseMetricsJsonFast(body);
      if (parsed !== null) taken++;
      const options = { nowMs: NOW_MS, limits: LIMITS };
      const fast = convertMetricsRequest(parsed ?? decodeMetricsRequest(body, 'json'), {
        ...options,
        converter: fastConverter,
      });
      const slow = convertMetricsRequest(decodeMetricsRequest(body, 'json'), { ...options, converter: slowConverter });
      expect(summary(fast), `request ${i}`).toEqual(summary(slow));
    }
    expect(taken).toBeGreaterThan(75); // NaN sums (null in JSON) send the rest the reference way
  }, 60_000);

  it('leaves every spelling it does not normalise to the reference decoder', () => {
    const point = (fields: string) =>
      `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","sum":{"aggregationTemporality":1,` +
      `"isMonotonic":true,"dataPoints":[{"timeUnixNano":"1767225500000000000",${fields}}]}}]}]}]}`;
    expect(parseMetricsJsonFast(Buffer.from(point('"asInt":"12"')))).not.toBeNull();
    expect(parseMetricsJsonFast(Buffer.from(point('"asInt":12,"flags":0,"exemplars":[]')))).not.toBeNull();
    for (const odd of [
      '"asDouble":"NaN"', // a double spelled as a string
      '"asInt":"012"', // not canonical decimal
      '"asInt":12.5',
      '"asInt":null',
      '"as_int":"12"', // snake_case
      '"asInt":"1","unknown":1',
      '"asInt":"1","exemplars":[{"asDouble":1}]',
      '"asInt":"1","flags":-1',
      '"asInt":"1","startTimeUnixNano":"-5"', // uint64 must not be signed
      '"asInt":"1","startTimeUnixNano":12345678901234567890', // beyond 2^53 as a number
    ]) {
      expect(parseMetricsJsonFast(Buffer.from(point(odd))), odd).toBeNull();
    }
    expect(
      parseMetricsJsonFast(
        Buffer.from(
          point('"asInt":"1"').replace(
            '"aggregationTemporality":1',
            '"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA"',
          ),
        ),
      ),
    ).toBeNull();
    expect(parseMetricsJsonFast(Buffer.from('{"resourceMetrics":'))).toBeNull();
    expect(parseMetricsJsonFast(Buffer.from('[1,2]'))).toBeNull();
    expect(parseMetricsJsonFast(Buffer.from('{"__proto__":{}}'))).toBeNull();
  });
});
