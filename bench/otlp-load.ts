// Builds OTLP ExportMetricsServiceRequest bodies of realistic latency histograms for the ingest and query
// benchmarks: one service, `routes` routes × 2 methods × 2 status codes, one exponential-histogram point per
// series per body.
import { gzipSync } from 'node:zlib';
import { ExponentialHistogram, encodeMetricsRequest, type OtlpEncoding } from '../agents/src/index.js';
import { seededRandom } from './accuracy.js';

export interface SeriesShape {
  service: string;
  routes: number;
}

export const seriesCount = (shape: SeriesShape) => shape.routes * 4;

/** A pool of distinct histogram points (≈ 40 requests each, lognormal around 80 ms) reused across bodies. */
function makeHistogramPool(size: number) {
  const random = seededRandom(42);
  return Array.from({ length: size }, () => {
    const h = new ExponentialHistogram({ maxScale: 6 }); // the agent caps its histograms at scale 6
    for (let i = 0; i < 40; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      h.record(0.08 * Math.exp(0.7 * z));
    }
    return h.toData();
  });
}

const HISTOGRAM_POOL = makeHistogramPool(64);

export function buildBody(
  shape: SeriesShape,
  timeMs: number,
  encoding: OtlpEncoding,
  gzip: boolean,
  pool = HISTOGRAM_POOL,
): Buffer {
  const timeUnixNano = `${BigInt(timeMs) * 1_000_000n}`;
  const startTimeUnixNano = `${BigInt(timeMs - 10_000) * 1_000_000n}`;
  const dataPoints = [];
  let n = 0;
  for (let r = 0; r < shape.routes; r++) {
    for (const method of ['GET', 'POST']) {
      for (const status of [200, 500]) {
        const h = pool[n++ % pool.length]!;
        dataPoints.push({
          attributes: [
            { key: 'http.request.method', value: { stringValue: method } },
            { key: 'http.route', value: { stringValue: `/api/resource-${r}/:id` } },
            { key: 'http.response.status_code', value: { intValue: status } },
          ],
          startTimeUnixNano,
          timeUnixNano,
          count: h.count,
          sum: h.sum,
          min: h.min,
          max: h.max,
          scale: h.scale,
          zeroCount: h.zeroCount,
          positive: { offset: h.positive.offset, bucketCounts: h.positive.counts },
        });
      }
    }
  }
  const body = encodeMetricsRequest(
    {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: shape.service } }] },
          scopeMetrics: [
            {
              scope: { name: 'bench' },
              metrics: [
                {
                  name: 'http.server.request.duration',
                  unit: 's',
                  exponentialHistogram: { aggregationTemporality: 1, dataPoints },
                },
              ],
            },
          ],
        },
      ],
    },
    encoding,
  );
  return gzip ? gzipSync(body) : Buffer.from(body);
}

/** POSTs every body with `concurrency` requests in flight; returns elapsed ms. Throws on any non-200. */
export async function postAll(
  url: string,
  bodies: Buffer[],
  { encoding, gzip, concurrency = 4 }: { encoding: OtlpEncoding; gzip: boolean; concurrency?: number },
): Promise<number> {
  const headers: Record<string, string> = {
    'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`${url}/v1/metrics`, { method: 'POST', headers, body });
        const text = await res.text();
        if (res.status !== 200 || text.includes('rejected')) {
          throw new Error(`ingest answered ${res.status}: ${text.slice(0, 300)}`);
        }
      }
    }),
  );
  return performance.now() - started;
}
