import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { silentLogger } from '../http/logger.js';
import { createServer, type StrideServer } from '../server.js';

// service.version in ingested resources → deploy markers, through real OTLP metrics and traces ingest, across a
// restart on the same data dir.

const ADMIN = 'markers-admin-token-0123456789';
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'stride-markers-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: StrideServer; url: string }> {
  const config = parseConfig({
    env: { STRIDE_ADMIN_TOKEN: ADMIN, STRIDE_DATA_DIR: dataDir, STRIDE_ANALYSIS_CRON: 'off' },
  });
  const server = await createServer({ ...config, port: 0 }, { logger: silentLogger });
  const { url } = await server.listen();
  return { server, url };
}

const resource = (version: string) => ({
  attributes: [
    { key: 'service.name', value: { stringValue: 'shop' } },
    { key: 'service.version', value: { stringValue: version } },
  ],
});

async function exportMetrics(url: string, version: string) {
  const nowNs = (BigInt(Date.now()) * 1_000_000n).toString();
  const body = {
    resourceMetrics: [
      {
        resource: resource(version),
        scopeMetrics: [
          { metrics: [{ name: 'app.up', gauge: { dataPoints: [{ timeUnixNano: nowNs, asDouble: 1 }] } }] },
        ],
      },
    ],
  };
  const res = await fetch(`${url}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function exportSpan(url: string, version: string) {
  const start = BigInt(Date.now()) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        resource: resource(version),
        scopeSpans: [
          {
            spans: [
              {
                traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                spanId: '00f067aa0ba902b7',
                name: 'GET /',
                kind: 2,
                startTimeUnixNano: start.toString(),
                endTimeUnixNano: (start + 5_000_000n).toString(),
              },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** Deploy markers of shop, polled briefly: the watcher writes after ingest answers. */
async function deployVersions(url: string, expected: number): Promise<(string | null)[]> {
  let versions: (string | null)[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${url}/api/v1/markers?service=shop&kind=deploy&from=now-1h&to=now%2B1m`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    versions = ((await res.json()) as { markers: { version: string | null }[] }).markers.map((m) => m.version);
    if (versions.length >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return versions;
}

describe('deploy markers from service.version', () => {
  it('marks each version change once, from metrics or traces, and not again after a restart', async () => {
    const first = await start();
    try {
      await exportMetrics(first.url, '1.0'); // baseline: no marker
      await exportMetrics(first.url, '1.0');
      expect(await deployVersions(first.url, 0)).toEqual([]);
      await exportMetrics(first.url, '1.1');
      await exportSpan(first.url, '1.1');
      expect(await deployVersions(first.url, 1)).toEqual(['1.1']);
    } finally {
      await first.server.close();
    }
    const second = await start();
    try {
      await exportSpan(second.url, '1.1'); // same version as before the restart: nothing new
      await exportMetrics(second.url, '1.1');
      await exportSpan(second.url, '1.2');
      const versions = await deployVersions(second.url, 2);
      expect(versions).toEqual(['1.1', '1.2']);
    } finally {
      await second.server.close();
    }
  });
});
