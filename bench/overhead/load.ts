// One fixed-concurrency autocannon run against 127.0.0.1: closed loop (each connection sends its next request when
// the previous one answered), bounded by duration, no pipelining. Latency percentiles are autocannon's, recorded at
// 1 ms resolution over 2xx responses only.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Path of the i-th request, e.g. rotating product ids. */
  pathFor: (i: number) => string;
  connections?: number;
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  failures: number;
}

export async function runLoad({
  url,
  pathFor,
  connections = 16,
  durationSeconds = 6,
}: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, path: pathFor(i++) }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
