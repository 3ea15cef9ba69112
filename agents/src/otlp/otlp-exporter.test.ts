import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { type ScriptedReply, scriptedTransport } from '../testing/scripted-transport.js';
import { decodeMetricsRequest, encodeMetricsResponse } from './codec.js';
import { type MetricsExporterOptions, OtlpMetricsExporter } from './otlp-exporter.js';
import type { OtlpMetricsRequest } from './types.js';

const request: OtlpMetricsRequest = {
  resourceMetrics: [
    {
      scopeMetrics: [
        { metrics: [{ name: 'm', unit: '1', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: '1000' }] } }] },
      ],
    },
  ],
};

function setup(script: ScriptedReply[], overrides: Partial<MetricsExporterOptions> = {}) {
  const clock = new ManualClock();
  const transport = scriptedTransport(script);
  const exporter = new OtlpMetricsExporter({
    url: 'http://collector:4318/v1/metrics',
    apiKey: 'secret',
    encoding: 'protobuf',
    compression: 'gzip',
    transport,
    clock,
    random: () => 0.5,
    exportTimeoutMillis: 10_000,
    ...overrides,
  });
  return { clock, transport, exporter };
}

const status = (statusCode: number, headers: Record<string, string> = {}): ScriptedReply => ({ statusCode, headers });

describe('OtlpMetricsExporter', () => {
  it('posts gzip protobuf with bearer auth that decodes back to the request', async () => {
    const { exporter, transport } = setup([]);
    expect(await exporter.export(request)).toEqual({ kind: 'exported', rejectedItems: 0 });
    const [sent] = transport.requests;
    expect(sent?.url).toBe('http://collector:4318/v1/metrics');
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      authorization: 'Bearer secret',
    });
    const decoded = decodeMetricsRequest(gunzipSync(sent!.body), 'protobuf');
    expect(decoded.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.gauge?.dataPoints?.[0]?.asDouble).toBe(1);
  });

  it('sends plain JSON without content-encoding or auth when so configured', async () => {
    const { exporter, transport } = setup([], { encoding: 'json', compression: 'none', apiKey: undefined });
    await exporter.export(request);
    const [sent] = transport.requests;
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['content-encoding']).toBeUndefined();
    expect(sent?.headers.authorization).toBeUndefined();
    expect(JSON.parse(Buffer.from(sent!.body).toString())).toEqual(request);
  });

  it('counts partialSuccess rejected points', async () => {
    const body = encodeMetricsResponse(
      { partialSuccess: { rejectedDataPoints: '3', errorMessage: 'bad' } },
      'protobuf',
    );
    const { exporter } = setup([{ statusCode: 200, headers: { 'content-type': 'application/x-protobuf' }, body }]);
    expect(await exporter.export(request)).toEqual({ kind: 'exported', rejectedItems: 3, errorMessage: 'bad' });
  });

  it('reads a JSON partialSuccess by the response content type', async () => {
    const body = Buffer.from(JSON.stringify({ partialSuccess: { rejectedDataPoints: 2 } }));
    const { exporter } = setup([{ statusCode: 200, headers: { 'content-type': 'application/json' }, body }]);
    expect(await exporter.export(request)).toEqual({ kind: 'exported', rejectedItems: 2 });
  });

  it('honours Retry-After seconds on 503, then succeeds', async () => {
    const { exporter, clock, transport } = setup([status(503, { 'retry-after': '2' })]);
    expect(await exporter.export(request)).toMatchObject({ kind: 'exported' });
    expect(clock.sleeps).toEqual([2000]);
    expect(transport.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const date = new Date(new ManualClock().nowMs() + 3000).toUTCString();
    const { exporter, clock } = setup([status(429, { 'retry-after': date })]);
    await exporter.export(request);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('falls back to backoff when Retry-After is unreadable', async () => {
    const { exporter, clock } = setup([status(429, { 'retry-after': 'later' })]);
    await exporter.export(request);
    expect(clock.sleeps).toEqual([250]); // random 0.5 × initial 500
  });

  it('backs off exponentially with jitter on network errors and 502/504', async () => {
    const { exporter, clock, transport } = setup([new Error('ECONNREFUSED'), status(502), status(504)]);
    expect(await exporter.export(request)).toMatchObject({ kind: 'exported' });
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    expect(transport.requests).toHaveLength(4);
  });

  it('gives the per-attempt timeout as what is left of the budget', async () => {
    const { exporter, transport } = setup([new Error('reset')], { exportTimeoutMillis: 1000 });
    await exporter.export(request);
    expect(transport.requests.map((r) => r.timeoutMillis)).toEqual([1000, 750]);
  });

  it('stops retrying when the budget runs out and keeps the batch', async () => {
    const errors = Array.from({ length: 50 }, () => new Error('ECONNREFUSED'));
    const { exporter, clock } = setup(errors, { exportTimeoutMillis: 3000 });
    expect(await exporter.export(request)).toEqual({ kind: 'retryLater', reason: 'ECONNREFUSED' });
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(3000);
  });

  it('defers to a Retry-After longer than the budget instead of waiting it out', async () => {
    const { exporter, clock } = setup([status(503, { 'retry-after': '60' })]);
    expect(await exporter.export(request)).toEqual({
      kind: 'retryLater',
      reason: 'HTTP 503',
      retryAfterMillis: 60_000,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it.each([400, 401, 413, 500])('refuses (drops) on final status %i without retrying', async (code) => {
    const { exporter, transport } = setup([
      { statusCode: code, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"nope"}') },
    ]);
    expect(await exporter.export(request)).toEqual({ kind: 'refused', reason: `HTTP ${code}: {"message":"nope"}` });
    expect(transport.requests).toHaveLength(1);
  });
});
