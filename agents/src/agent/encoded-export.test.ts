import { describe, expect, it } from 'vitest';
import { decodeMetricsRequest } from '../otlp/codec.js';
import { OtlpMetricsExporter } from '../otlp/otlp-exporter.js';
import type { OtlpMetricsRequest } from '../otlp/types.js';
import { ManualClock } from '../testing/manual-clock.js';
import { scriptedTransport } from '../testing/scripted-transport.js';
import { emptyStats } from './agent-stats.js';
import { EncodedExport } from './encoded-export.js';

function setup(compression: 'gzip' | 'none') {
  const clock = new ManualClock();
  const transport = scriptedTransport();
  const stats = emptyStats();
  const warnings: string[] = [];
  const exporter = new OtlpMetricsExporter({
    url: 'http://x/v1/metrics',
    apiKey: undefined,
    encoding: 'protobuf',
    compression,
    transport,
    clock,
    random: () => 0.5,
    exportTimeoutMillis: 1000,
  });
  const out = new EncodedExport(exporter, {
    stats,
    clock,
    logger: { warn: (m) => warnings.push(m) },
    maxBufferedBatches: 5,
    url: 'http://x/v1/metrics',
  });
  return { out, transport, stats, warnings };
}

const gauge = (timeUnixNano: string): OtlpMetricsRequest => ({
  resourceMetrics: [
    { scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano, asDouble: 1 }] } }] }] },
  ],
});

describe('EncodedExport', () => {
  it('buffers only bytes, and copies an uncompressed body the caller will reuse', async () => {
    const { out, transport, stats } = setup('none');
    const scratch = Buffer.from('0a00', 'hex'); // an empty ResourceMetrics
    await out.addEncoded(scratch, 3);
    scratch.fill(0xff); // the caller writes its next request into the same buffer
    expect(out.bufferedBatches).toBe(1);
    await out.drain();
    expect(Buffer.from(transport.requests[0]!.body).toString('hex')).toBe('0a00');
    expect(stats.exportedBatches).toBe(1);
  });

  it('encodes a request once and counts one that cannot be encoded as failed and dropped', async () => {
    const { out, transport, stats, warnings } = setup('none');
    await out.add(gauge('1000'), 1);
    await out.add(gauge('not a number'), 1);
    await out.drain();
    expect(transport.requests).toHaveLength(1);
    const sent = decodeMetricsRequest(transport.requests[0]!.body, 'protobuf');
    expect(sent.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.gauge?.dataPoints?.[0]?.timeUnixNano).toBe(
      '1000',
    );
    expect(stats).toMatchObject({ exportedBatches: 1, failedExports: 1, droppedBatches: 1, droppedPoints: 1 });
    expect(warnings[0]).toContain('could not encode the batch');
  });
});
