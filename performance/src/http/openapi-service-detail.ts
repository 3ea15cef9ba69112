import { RUNTIME_SERIES } from '../query/runtime-series.js';
import {
  API_AUTH,
  AUTH_ERRORS,
  arrayOf,
  errorResponse,
  type JsonSchema,
  json,
  nullableNumber,
  type Operation,
  objectOf,
  type Paths,
  POINTS,
  RANGE_PARAMS,
  ref,
  SERVICE_PATH_PARAM,
  STEP_PARAM,
} from './openapi-parts.js';
import { MAX_STATEMENTS_LIMIT } from './service-detail-routes.js';

const NOT_FOUND = { '404': errorResponse('The service has sent no metrics.') };

function view(
  operationId: string,
  summary: string,
  description: string,
  schema: JsonSchema,
  stepped = false,
): Operation {
  return {
    summary: `${summary} (role viewer).`,
    operationId,
    tags: ['services'],
    security: API_AUTH,
    parameters: [SERVICE_PATH_PARAM, ...RANGE_PARAMS, ...(stepped ? [STEP_PARAM] : [])],
    responses: { '200': { description, content: json(schema) }, ...AUTH_ERRORS, ...NOT_FOUND },
  };
}

const nullableString = (description: string): JsonSchema => ({ type: ['string', 'null'], description });
const cacheCounts: Record<string, JsonSchema> = {
  lookups: { type: 'number' },
  hits: { type: 'number' },
  misses: { type: 'number' },
  hitRatio: nullableNumber('hits / lookups; null without lookups.'),
};

/** Per-service views over the metrics: DB statements, cache, outbound dependencies, pool, runtime. */
export const SERVICE_DETAIL_PATHS: Paths = {
  '/api/v1/services/{service}/db/statements': {
    get: {
      ...view(
        'dbStatements',
        'Database statements by fingerprint (db.query.text)',
        'Statements, most total time first.',
        objectOf({ statements: arrayOf(ref('DbStatement')) }),
      ),
      parameters: [
        SERVICE_PATH_PARAM,
        ...RANGE_PARAMS,
        {
          name: 'limit',
          in: 'query',
          description: 'Most statements returned.',
          schema: { type: 'integer', minimum: 1, maximum: MAX_STATEMENTS_LIMIT, default: 100 },
        },
      ],
    },
  },
  '/api/v1/services/{service}/cache': {
    get: view(
      'cacheHitRatio',
      'Cache hit ratio overall and per operation (stride.cache.lookups)',
      'Counts and ratios; operations busiest first.',
      objectOf({
        ...cacheCounts,
        operations: arrayOf(
          objectOf({
            system: nullableString('db.system.name'),
            operation: nullableString('db.operation.name'),
            ...cacheCounts,
          }),
        ),
      }),
    ),
  },
  '/api/v1/services/{service}/dependencies': {
    get: view(
      'dependencies',
      'Outbound HTTP by host (server.address)',
      'Hosts, most calls first.',
      objectOf({ dependencies: arrayOf(ref('Dependency')) }),
    ),
  },
  '/api/v1/services/{service}/pool': {
    get: view(
      'poolSaturation',
      'Database connection pool saturation per pool',
      'Pools with maxima, wait-time p95 and a per-step series.',
      objectOf({ stepMs: { type: 'integer' }, pools: arrayOf(ref('PoolSaturation')) }),
      true,
    ),
  },
  '/api/v1/services/{service}/runtime': {
    get: view(
      'runtimeSeries',
      'Node.js runtime series: event-loop delay p99, utilisation, heap, RSS, CPU, GC time',
      'One series per runtime view.',
      objectOf({
        stepMs: { type: 'integer' },
        series: objectOf(Object.fromEntries(Object.keys(RUNTIME_SERIES).map((name) => [name, POINTS]))),
      }),
      true,
    ),
  },
};

export const SERVICE_DETAIL_SCHEMAS: Record<string, JsonSchema> = {
  DbStatement: objectOf({
    statement: { type: 'string', description: 'Normalized statement (literals replaced): the fingerprint.' },
    system: nullableString('db.system.name, e.g. postgresql.'),
    operation: nullableString('db.operation.name, e.g. SELECT.'),
    calls: { type: 'integer' },
    errors: { type: 'integer', description: 'Calls with error.type.' },
    p50Ms: nullableNumber('Median duration, ms.'),
    p95Ms: nullableNumber('95th percentile duration, ms.'),
    totalTimeMs: { type: 'number', description: 'Sum of all call durations, ms.' },
    meanMs: nullableNumber('Mean duration, ms.'),
    meanRows: nullableNumber('Mean rows returned per call; null when not reported.'),
  }),
  Dependency: objectOf({
    host: { type: 'string' },
    calls: { type: 'integer' },
    errors: { type: 'integer', description: 'Calls answered >= 500 or failed without an answer (error.type).' },
    errorRate: nullableNumber('errors / calls.'),
    p50Ms: nullableNumber('Median duration, ms.'),
    p95Ms: nullableNumber('95th percentile duration, ms.'),
    totalTimeMs: { type: 'number' },
    socketReuseRatio: nullableNumber('Share of calls on a reused keep-alive socket; null when not reported.'),
  }),
  PoolSaturation: objectOf({
    pool: { type: 'string' },
    maxConnections: nullableNumber('Pool size (db.client.connection.max).'),
    maxUsed: nullableNumber('Most connections in use at a sample.'),
    maxIdle: nullableNumber('Most idle connections at a sample.'),
    maxWaiting: nullableNumber('Most requests waiting for a connection at a sample.'),
    saturation: nullableNumber('maxUsed / maxConnections.'),
    waits: { type: 'integer', description: 'Timed connection acquisitions.' },
    waitP95Ms: nullableNumber('95th percentile wait for a connection, ms.'),
    waitMaxMs: nullableNumber('Longest wait, ms.'),
    series: arrayOf(
      objectOf({
        t: { type: 'integer', description: 'Step start, unix ms.' },
        used: nullableNumber('Most in use in the step.'),
        idle: nullableNumber('Most idle in the step.'),
        waiting: nullableNumber('Most waiting in the step.'),
      }),
    ),
  }),
};
