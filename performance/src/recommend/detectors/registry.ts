import type { Detector } from '../recommendation.js';
import { cacheableRead } from './cacheable-read.js';
import { duplicateConcurrentRequests } from './duplicate-concurrent-requests.js';
import { eventLoopBlocking } from './event-loop-blocking.js';
import { lowCacheHitRatio } from './low-cache-hit-ratio.js';
import { missingIndex } from './missing-index.js';
import { nPlusOneDb } from './n-plus-one-db.js';
import { nPlusOneHttp } from './n-plus-one-http.js';
import { noKeepAlive } from './no-keep-alive.js';
import { poolSaturation } from './pool-saturation.js';
import { sequentialCalls } from './sequential-calls.js';
import { slowQuery } from './slow-query.js';
import { unboundedResult } from './unbounded-result.js';
import { uncompressedResponse } from './uncompressed-response.js';

/**
 * Every trace/aggregate detector, one per kind: a new detector is an added entry. The analysis runner runs each
 * with its defaults merged with configured overrides. Rules and thresholds: docs/recommendations.md#detectors.
 */
export const DETECTORS: readonly Detector[] = [
  nPlusOneDb,
  nPlusOneHttp,
  sequentialCalls,
  slowQuery,
  missingIndex,
  cacheableRead,
  unboundedResult,
  uncompressedResponse,
  noKeepAlive,
  poolSaturation,
  lowCacheHitRatio,
  eventLoopBlocking,
  duplicateConcurrentRequests,
];
