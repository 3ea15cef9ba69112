import { afterEach, describe, expect, it } from 'vitest';
import { type DiscardSink, startDiscardSink } from './discard-sink.js';

describe('startDiscardSink', () => {
  let sink: DiscardSink | undefined;
  afterEach(async () => {
    await sink?.close();
  });

  it('answers each protocol as its client expects and counts bytes per path', async () => {
    sink = await startDiscardSink();
    const otlp = await fetch(`${sink.url}/v1/traces`, { method: 'POST', body: new Uint8Array(300) });
    expect(otlp.status).toBe(200);
    expect(otlp.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await otlp.arrayBuffer()).byteLength).toBe(0);
    const dd = await fetch(`${sink.url}/v0.4/traces`, { method: 'PUT', body: new Uint8Array(40) });
    expect(await dd.json()).toEqual({ rate_by_service: {} });
    await fetch(`${sink.url}/v1/traces`, { method: 'POST', body: new Uint8Array(200) }).then((r) => r.arrayBuffer());
    expect(sink.counts()).toEqual({
      '/v1/traces': { requests: 2, bytes: 500 },
      '/v0.4/traces': { requests: 1, bytes: 40 },
    });
  });
});
