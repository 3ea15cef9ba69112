// The server's retention timer applies the trace retention and the span cap (STRIDE_TRACE_RETENTION,
// STRIDE_TRACE_MAX_SPANS) to traces.db. The clock is injected; the timer runs every 20 ms, so tests wait for its
// effect instead of sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeTracesRequest, type OtlpSpan } from '@stride/agent';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from './config/config.js';
import { silentLogger } from './http/logger.js';
import { createServer, type StrideServer } from './server.js';

const ADMIN = 'retention-admin-token-0123456789';
const START_MS = Date.now();
let clockMs = START_MS;
let server: StrideServer;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'stride-trace-retention-'));
  const config = parseConfig({
    env: { STRIDE_DATA_DIR: dataDir, STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_TRACE_RETENTION: '1m' },
  });
  // 6 spans is below what STRIDE_TRACE_MAX_SPANS accepts; the config object is set directly to keep the test small.
  server = await createServer(
    { ...config, port: 0, traceMaxSpans: 6 },
    { nowMs: () => clockMs, retentionIntervalMillis: 20, logger: silentLogger },
  );
  base = (await server.listen()).url;
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

/** A trace of one server span and two children starting `agoMs` before START_MS. */
function traceBody(n: number, agoMs: number) {
  const traceId = n.toString(16).padStart(32, '0');
  const t = START_MS - agoMs;
  const span = (id: number, parent?: number): OtlpSpan => ({
    traceId,
    spanId: (n * 16 + id).toString(16).padStart(16, '0'),
    ...(parent === undefined ? {} : { parentSpanId: (n * 16 + parent).toString(16).padStart(16, '0') }),
    name: parent === undefined ? 'GET /cart' : 'SELECT carts',
    kind: parent === undefined ? 2 : 3,
    startTimeUnixNano: nanos(t + id),
    endTimeUnixNano: nanos(t + id + 5),
  });
  return {
    traceId,
    body: encodeTracesRequest(
      {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeSpans: [{ spans: [span(1), span(2, 1), span(3, 1)] }],
          },
        ],
      },
      'protobuf',
    ),
  };
}

async function listed(): Promise<string[]> {
  const res = await fetch(`${base}/api/v1/traces?from=${START_MS - 3_600_000}&to=${START_MS + 3_600_000}&limit=100`, {
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const { traces } = (await res.json()) as { traces: { traceId: string }[] };
  return traces.map((t) => t.traceId).sort();
}

describe('trace retention on the server timer', () => {
  it('deletes the oldest traces past the span cap, then traces past the retention', async () => {
    const traces = [traceBody(1, 50_000), traceBody(2, 40_000), traceBody(3, 30_000)];
    for (const { body } of traces) {
      const res = await fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: Buffer.from(body),
      });
      expect(res.status).toBe(200);
    }
    // 9 spans against a cap of 6: the oldest trace goes.
    await vi.waitFor(async () => expect(await listed()).toEqual([traces[1]!.traceId, traces[2]!.traceId]), {
      timeout: 5_000,
      interval: 20,
    });

    // 25 s later the retention (1 min) has passed for the trace started 40 s before, not the one 30 s before.
    clockMs = START_MS + 25_000;
    await vi.waitFor(async () => expect(await listed()).toEqual([traces[2]!.traceId]), {
      timeout: 5_000,
      interval: 20,
    });
    clockMs = START_MS + 35_000;
    await vi.waitFor(async () => expect(await listed()).toEqual([]), { timeout: 5_000, interval: 20 });
  });

  it('rejects spans older than the retention at ingest', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.from(traceBody(9, 10 * 60_000).body),
    });
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer());
    expect(text.toString('latin1')).toContain('span starts before the trace retention');
  });
});
