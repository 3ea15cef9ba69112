import { SPAN_KINDS, SPAN_STATUSES } from '../ingest/spans.js';
import { TRACE_SORTS } from '../store/traces/trace-store.js';
import { MAX_BENCHMARK_LIST_LIMIT } from './benchmark-routes.js';
import {
  API_AUTH,
  AUTH_ERRORS,
  arrayOf,
  errorResponse,
  type JsonSchema,
  json,
  OTLP_BODY,
  OTLP_ERRORS,
  objectOf,
  type Paths,
  RANGE_PARAMS,
  ref,
} from './openapi-parts.js';
import { MAX_TRACE_LIST_LIMIT } from './trace-routes.js';

const nullableString = (description: string): JsonSchema => ({ type: ['string', 'null'], description });
const ms = (description: string): JsonSchema => ({ type: 'number', minimum: 0, description });

/** OTLP trace ingest, the trace list and detail, and load-runner benchmark summaries. */
export const TRACE_PATHS: Paths = {
  '/v1/traces': {
    post: {
      summary: 'OTLP/HTTP trace export (ExportTraceServiceRequest), protobuf or JSON, optionally gzip.',
      operationId: 'otlpTraces',
      tags: ['ingest'],
      security: [{ ingestKey: [] }, {}],
      requestBody: OTLP_BODY,
      responses: {
        '200': {
          description: 'Accepted; `partialSuccess.rejectedSpans` counts rejected spans and the message says why.',
          content: json({ type: 'object' }),
        },
        ...OTLP_ERRORS,
      },
    },
  },
  '/api/v1/traces': {
    get: {
      summary: 'Sampled traces, one row per trace, summarised from its root span (role viewer).',
      operationId: 'listTraces',
      tags: ['traces'],
      security: API_AUTH,
      parameters: [
        { name: 'service', in: 'query', description: 'A service that took part.', schema: { type: 'string' } },
        { name: 'route', in: 'query', description: "The root span's route template.", schema: { type: 'string' } },
        { name: 'method', in: 'query', description: "The root span's HTTP method.", schema: { type: 'string' } },
        {
          name: 'minDurationMs',
          in: 'query',
          description: 'Slowest first needs no threshold; this filters.',
          schema: { type: 'number', minimum: 0 },
        },
        {
          name: 'status',
          in: 'query',
          description: '`error`, `ok`, a status code (`503`) or a class (`5xx`) of the root response.',
          schema: { type: 'string' },
        },
        ...RANGE_PARAMS,
        {
          name: 'limit',
          in: 'query',
          description: 'Most traces returned.',
          schema: { type: 'integer', minimum: 1, maximum: MAX_TRACE_LIST_LIMIT, default: 50 },
        },
        {
          name: 'sort',
          in: 'query',
          description: '`start`: newest first; `duration`: slowest first.',
          schema: { enum: [...TRACE_SORTS], default: 'start' },
        },
      ],
      responses: {
        '200': {
          description: 'Traces whose root started in the range.',
          content: json(objectOf({ traces: arrayOf(ref('TraceSummary')) })),
        },
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/traces/{traceId}': {
    get: {
      summary: 'Every stored span of one trace, from all services, ordered by start (role viewer).',
      operationId: 'getTrace',
      tags: ['traces'],
      security: API_AUTH,
      parameters: [
        { name: 'traceId', in: 'path', required: true, description: '32 hex characters.', schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The trace.',
          content: json(objectOf({ traceId: { type: 'string' }, spans: arrayOf(ref('Span')) })),
        },
        ...AUTH_ERRORS,
        '404': errorResponse('Unknown trace (never sampled, or past retention).'),
      },
    },
  },
  '/api/v1/benchmarks': {
    get: {
      summary: 'Load-runner summaries, newest first (role viewer).',
      operationId: 'listBenchmarks',
      tags: ['benchmarks'],
      security: API_AUTH,
      parameters: [
        {
          name: 'limit',
          in: 'query',
          description: 'Most summaries returned.',
          schema: { type: 'integer', minimum: 1, maximum: MAX_BENCHMARK_LIST_LIMIT, default: 20 },
        },
        { name: 'name', in: 'query', description: 'Only this benchmark name.', schema: { type: 'string' } },
        { name: 'profile', in: 'query', description: 'Only this load profile.', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'Summaries.', content: json(objectOf({ benchmarks: arrayOf(ref('Benchmark')) })) },
        ...AUTH_ERRORS,
      },
    },
    post: {
      summary: 'Store a load-runner summary (role editor).',
      operationId: 'createBenchmark',
      tags: ['benchmarks'],
      security: API_AUTH,
      requestBody: { required: true, content: json(ref('BenchmarkSummary')) },
      responses: { '201': { description: 'Stored.', content: json(ref('Benchmark')) }, ...AUTH_ERRORS },
    },
  },
  '/api/v1/benchmarks/{id}': {
    get: {
      summary: 'One load-runner summary (role viewer).',
      operationId: 'getBenchmark',
      tags: ['benchmarks'],
      security: API_AUTH,
      parameters: [
        { name: 'id', in: 'path', required: true, description: 'Benchmark id.', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'The summary.', content: json(ref('Benchmark')) },
        ...AUTH_ERRORS,
        '404': errorResponse('No benchmark with that id.'),
      },
    },
  },
};

const benchmarkFields: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  profile: { type: 'string', minLength: 1, maxLength: 100, examples: ['baseline', 'stress', 'soak'] },
  target: { type: 'string', description: 'Base URL under load.' },
  startedAt: { type: 'integer', description: 'Unix ms.' },
  durationMs: ms('Run length, ms.'),
  scenarios: arrayOf(
    objectOf({
      name: { type: 'string' },
      requests: { type: 'integer', minimum: 0 },
      errors: { type: 'integer', minimum: 0 },
      rps: { type: 'number', minimum: 0, description: 'Requests per second.' },
      p50Ms: ms('Median latency, ms.'),
      p95Ms: ms('95th percentile latency, ms.'),
      p99Ms: ms('99th percentile latency, ms.'),
    }),
  ),
  thresholds: arrayOf(objectOf({ name: { type: 'string' }, ok: { type: 'boolean' } })),
  passed: { type: 'boolean' },
};

export const TRACE_SCHEMAS: Record<string, JsonSchema> = {
  TraceSummary: objectOf({
    traceId: { type: 'string', description: '32 hex characters.' },
    service: { type: 'string', description: "The root span's service." },
    route: nullableString("The root span's http.route."),
    method: nullableString("The root span's http.request.method."),
    status: { type: ['integer', 'null'], description: "The root span's http.response.status_code." },
    startTime: { type: 'number', description: 'Root span start, unix ms with sub-ms precision.' },
    durationMs: ms('Root span duration, ms.'),
    spanCount: { type: 'integer' },
    error: { type: 'boolean', description: 'A span has status error or the root answered >= 500.' },
    services: { type: 'array', items: { type: 'string' }, description: 'Every service with spans in the trace.' },
  }),
  Span: objectOf({
    spanId: { type: 'string' },
    parentSpanId: nullableString('null for the root.'),
    service: { type: 'string' },
    name: { type: 'string' },
    kind: { enum: [...SPAN_KINDS] },
    startTime: { type: 'number', description: 'Unix ms with sub-ms precision.' },
    durationMs: ms('Duration, ms.'),
    status: { enum: [...SPAN_STATUSES] },
    statusMessage: nullableString('The status description, if any.'),
    attributes: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      description: 'Flat; arrays and maps as JSON text.',
    },
  }),
  BenchmarkSummary: objectOf(benchmarkFields),
  Benchmark: objectOf({
    id: { type: 'string' },
    createdAt: { type: 'integer', description: 'Unix ms.' },
    createdBy: { type: 'string', description: 'Name of the token that posted it.' },
    ...benchmarkFields,
  }),
};
