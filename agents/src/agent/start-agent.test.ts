import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from '../otlp/codec.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import { ManualClock } from '../testing/manual-clock.js';
import { attributeMap, pointsOf } from '../testing/otlp-points.js';
import { type ScriptedReply, scriptedTransport } from '../testing/scripted-transport.js';
import type { AgentOptions } from './agent-options.js';
import { startAgent } from './start-agent.js';

function setup(script: ScriptedReply[] = [], options: AgentOptions = {}) {
  const clock = new ManualClock();
  const transport = scriptedTransport(script);
  const warnings: string[] = [];
  const agent = startAgent({
    serviceName: 'shop',
    serviceVersion: '1.2.3',
    endpoint: 'http://collector:4318',
    runtimeMetrics: false,
    clock,
    transport,
    random: () => 0.5,
    logger: { warn: (m) => warnings.push(m) },
    env: {},
    ...options,
  });
  const sent = (): OtlpMetricsRequest[] =>
    transport.requests.map((r) => decodeMetricsRequest(gunzipSync(r.body), 'protobuf'));
  return { agent, clock, transport, sent, warnings };
}

describe('startAgent', () => {
  it('pushes self metrics with the resource, scope and interval on flush', async () => {
    const { agent, clock, sent } = setup();
    clock.advance(10_000);
    await agent.flush();
    const [request] = sent();
    const rm = request?.resourceMetrics?.[0];
    const resource = attributeMap(rm?.resource?.attributes);
    expect(resource).toMatchObject({
      'service.name': 'shop',
      'service.version': '1.2.3',
      'process.pid': String(process.pid),
      'telemetry.sdk.name': '@stride/agent',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(rm?.scopeMetrics?.[0]?.scope?.name).toBe('@stride/agent');
    const [exported] = pointsOf(sent(), 'stride.agent.exported_batches');
    expect(exported?.point).toMatchObject({
      startTimeUnixNano: '1700000000000000000',
      timeUnixNano: '1700000010000000000',
      asDouble: 0,
    });
  });

  it('reports its own counters as deltas on the next flush and in stats()', async () => {
    const { agent, clock, sent } = setup([{ statusCode: 400 }]);
    await agent.flush(); // refused → dropped
    clock.advance(10_000);
    await agent.flush(); // exported
    clock.advance(10_000);
    await agent.flush();
    expect(agent.stats()).toEqual({
      exportedBatches: 2,
      failedExports: 1,
      droppedBatches: 1,
      droppedPoints: 13, // one zero-valued point per stride.agent.* counter
      rejectedPoints: 0,
      overflowedSeries: 0,
      keptTraces: 0,
      droppedTraces: 0,
      droppedSpans: 0,
      exportedTraceBatches: 0,
      failedTraceExports: 0,
      droppedTraceBatches: 0,
      rejectedSpans: 0,
    });
    const series = (name: string) => pointsOf(sent(), name).map((p) => p.point.asDouble);
    // sent() holds the 2nd and 3rd request (the 1st was refused but still recorded by the transport)
    expect(series('stride.agent.failed_exports')).toEqual([0, 1, 0]);
    expect(series('stride.agent.dropped_points')).toEqual([0, 13, 0]);
    expect(series('stride.agent.exported_batches')).toEqual([0, 0, 1]);
  });

  it('flushes on its interval timer, and shutdown stops it, flushes and closes the transport', async () => {
    const { agent, clock, transport } = setup([], { flushIntervalMillis: 5000 });
    expect(clock.timers.map((t) => t.ms)).toEqual([5000]);
    clock.tick();
    await agent.flush();
    expect(transport.requests).toHaveLength(2);
    await agent.shutdown();
    expect(transport.requests).toHaveLength(3);
    expect(transport.closed).toBe(true);
    expect(clock.timers.every((t) => t.stopped)).toBe(true);
    await agent.shutdown();
    await agent.flush();
    expect(transport.requests).toHaveLength(3);
  });

  it('skips a timer tick while a collection is still running; an explicit flush waits for it and collects again', async () => {
    const { agent, clock, transport } = setup([], { flushIntervalMillis: 5000 });
    clock.tick(); // starts a collection, which yields to the event loop between batches
    clock.tick(); // still collecting: skipped, so the two never hold their batches at once
    await agent.flush();
    expect(transport.requests).toHaveLength(2);
  });

  it('never rejects from flush when the endpoint is down, and logs the outage once', async () => {
    const down = Array.from({ length: 100 }, () => new Error('connect ECONNREFUSED'));
    const { agent, warnings } = setup(down, { exportTimeoutMillis: 1000, maxBufferedBatches: 2 });
    for (let i = 0; i < 4; i++) await agent.flush();
    expect(agent.stats()).toMatchObject({ exportedBatches: 0, failedExports: 4, droppedBatches: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ECONNREFUSED');
  });

  it('throws StrideConfigError before starting anything', () => {
    const clock = new ManualClock();
    expect(() => startAgent({ serviceName: 'shop', flushIntervalMillis: 0, clock, env: {} })).toThrow(
      'flushIntervalMillis: expected an integer from 100 to 2147483647 (ms), got 0',
    );
    expect(clock.timers).toHaveLength(0);
  });

  it('returns the same middleware for every express() call', () => {
    const { agent } = setup();
    expect(agent.express()).toBe(agent.express());
  });
});
