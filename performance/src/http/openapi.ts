import { TIMESERIES_METRICS } from '../query/timeseries.js';
import { ROLES } from './auth.js';
import { DASHBOARD_PATHS, DASHBOARD_SCHEMAS } from './openapi-dashboard.js';
import {
  API_AUTH,
  AUTH_ERRORS,
  errorResponse,
  type JsonSchema,
  json,
  nullableNumber,
  OTLP_BODY,
  OTLP_ERRORS,
  type Paths,
  RANGE_PARAMS,
  ref,
  STEP_PARAM,
} from './openapi-parts.js';
import { RECOMMENDATION_PATHS, RECOMMENDATION_SCHEMAS } from './openapi-recommendations.js';
import { SERVICE_DETAIL_PATHS, SERVICE_DETAIL_SCHEMAS } from './openapi-service-detail.js';
import { TRACE_PATHS, TRACE_SCHEMAS } from './openapi-traces.js';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Paths;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const requestStats: Record<string, JsonSchema> = {
  requests: { type: 'integer', description: 'Requests in the range.' },
  requestRate: { type: 'number', description: 'Requests per second over the range.' },
  errorRate: nullableNumber('Fraction of requests answered with status >= 500; null without requests.'),
  apdex: nullableNumber('Apdex score in [0, 1] with the service T; 5xx responses count as frustrated.'),
  p50Ms: nullableNumber('Median latency, ms.'),
  p95Ms: nullableNumber('95th percentile latency, ms.'),
  p99Ms: nullableNumber('99th percentile latency, ms.'),
};

const tokenFields: Record<string, JsonSchema> = {
  id: { type: 'string' },
  name: { type: 'string' },
  role: { enum: [...ROLES] },
  createdAt: { type: 'integer', description: 'Unix ms.' },
  revokedAt: { type: ['integer', 'null'], description: 'Unix ms; null while active.' },
};

/** Every HTTP route the metrics service serves. A unit test fails when a registered route is missing here. */
export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Stride metrics service',
    version: '1',
    description: 'OTLP/HTTP ingest and the query API. Durations are milliseconds with the unit in the field name.',
  },
  paths: {
    '/healthz': {
      get: {
        summary: 'Liveness: the process is up.',
        operationId: 'healthz',
        tags: ['ops'],
        responses: { '200': { description: 'Alive.', content: json({ type: 'object' }) } },
      },
    },
    '/readyz': {
      get: {
        summary: 'Readiness: the store answers and the server accepts requests.',
        operationId: 'readyz',
        tags: ['ops'],
        responses: {
          '200': { description: 'Ready.', content: json({ type: 'object' }) },
          '503': { description: 'Not ready; `reason` says why.', content: json({ type: 'object' }) },
        },
      },
    },
    '/v1/metrics': {
      post: {
        summary: 'OTLP/HTTP metrics export (ExportMetricsServiceRequest), protobuf or JSON, optionally gzip.',
        operationId: 'otlpMetrics',
        tags: ['ingest'],
        security: [{ ingestKey: [] }, {}],
        requestBody: OTLP_BODY,
        responses: {
          '200': {
            description: 'Accepted; `partialSuccess` counts rejected points.',
            content: json({ type: 'object' }),
          },
          ...OTLP_ERRORS,
        },
      },
    },
    ...TRACE_PATHS,
    '/api/v1/openapi.json': {
      get: {
        summary: 'This document.',
        operationId: 'openapi',
        tags: ['meta'],
        responses: { '200': { description: 'OpenAPI 3.1 document.', content: json({ type: 'object' }) } },
      },
    },
    '/api/v1/services': {
      get: {
        summary: 'Request statistics per service (role viewer).',
        operationId: 'listServices',
        tags: ['query'],
        security: API_AUTH,
        parameters: RANGE_PARAMS,
        responses: {
          '200': {
            description: 'Services sorted by name.',
            content: json({
              type: 'object',
              required: ['services'],
              properties: { services: { type: 'array', items: ref('ServiceSummary') } },
            }),
          },
          ...AUTH_ERRORS,
        },
      },
    },
    '/api/v1/services/{service}/routes': {
      get: {
        summary: 'Request statistics per (method, route) of one service (role viewer).',
        operationId: 'listRoutes',
        tags: ['query'],
        security: API_AUTH,
        parameters: [
          { name: 'service', in: 'path', required: true, description: 'Service name.', schema: { type: 'string' } },
          ...RANGE_PARAMS,
        ],
        responses: {
          '200': {
            description: 'Routes, busiest first.',
            content: json({
              type: 'object',
              required: ['routes'],
              properties: { routes: { type: 'array', items: ref('RouteSummary') } },
            }),
          },
          ...AUTH_ERRORS,
          '404': errorResponse('The service has no request data.'),
        },
      },
    },
    '/api/v1/timeseries': {
      get: {
        summary: 'One request statistic per time step (role viewer).',
        operationId: 'timeseries',
        tags: ['query'],
        security: API_AUTH,
        parameters: [
          { name: 'service', in: 'query', required: true, description: 'Service name.', schema: { type: 'string' } },
          { name: 'route', in: 'query', description: 'Route template filter.', schema: { type: 'string' } },
          { name: 'method', in: 'query', description: 'HTTP method filter.', schema: { type: 'string' } },
          {
            name: 'metric',
            in: 'query',
            description: 'latency (ms at `quantile`), rate (per second), errors (5xx fraction) or apdex.',
            schema: { enum: [...TIMESERIES_METRICS], default: 'latency' },
          },
          {
            name: 'quantile',
            in: 'query',
            description: 'For latency.',
            schema: { type: 'number', minimum: 0, maximum: 1, default: 0.95 },
          },
          ...RANGE_PARAMS,
          STEP_PARAM,
        ],
        responses: {
          '200': {
            description: 'Points at step starts; `v` is null where a step has no data (rate is 0).',
            content: json({
              type: 'object',
              required: ['stepMs', 'points'],
              properties: {
                stepMs: { type: 'integer' },
                points: { type: 'array', items: ref('TimeseriesPoint') },
              },
            }),
          },
          ...AUTH_ERRORS,
        },
      },
    },
    ...SERVICE_DETAIL_PATHS,
    ...RECOMMENDATION_PATHS,
    ...DASHBOARD_PATHS,
    '/api/v1/tokens': {
      get: {
        summary: 'List API tokens, without their values (role admin).',
        operationId: 'listTokens',
        tags: ['auth'],
        security: API_AUTH,
        responses: {
          '200': {
            description: 'Tokens, including revoked ones.',
            content: json({ type: 'object', properties: { tokens: { type: 'array', items: ref('Token') } } }),
          },
          ...AUTH_ERRORS,
        },
      },
      post: {
        summary: 'Create an API token; its value is returned once (role admin).',
        operationId: 'createToken',
        tags: ['auth'],
        security: API_AUTH,
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['name', 'role'],
            properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, role: { enum: [...ROLES] } },
          }),
        },
        responses: { '201': { description: 'Created.', content: json(ref('CreatedToken')) }, ...AUTH_ERRORS },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        summary: 'Revoke an API token (role admin).',
        operationId: 'revokeToken',
        tags: ['auth'],
        security: API_AUTH,
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Token id.', schema: { type: 'string' } }],
        responses: {
          '204': { description: 'Revoked.' },
          ...AUTH_ERRORS,
          '404': errorResponse('No active token with that id.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      apiToken: { type: 'http', scheme: 'bearer', description: 'Admin token or an API token with a role.' },
      ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key from STRIDE_INGEST_KEYS.' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
      ServiceSummary: {
        type: 'object',
        required: ['name', ...Object.keys(requestStats)],
        properties: { name: { type: 'string' }, ...requestStats },
      },
      RouteSummary: {
        type: 'object',
        required: ['method', 'route', ...Object.keys(requestStats), 'maxMs'],
        properties: {
          method: { type: ['string', 'null'] },
          route: { type: ['string', 'null'], description: 'Route template, e.g. /products/:id.' },
          ...requestStats,
          maxMs: nullableNumber('Slowest request, ms.'),
        },
      },
      TimeseriesPoint: {
        type: 'object',
        required: ['t', 'v'],
        properties: { t: { type: 'integer', description: 'Step start, unix ms.' }, v: { type: ['number', 'null'] } },
      },
      ...TRACE_SCHEMAS,
      ...SERVICE_DETAIL_SCHEMAS,
      ...RECOMMENDATION_SCHEMAS,
      ...DASHBOARD_SCHEMAS,
      Token: { type: 'object', required: Object.keys(tokenFields), properties: tokenFields },
      CreatedToken: {
        type: 'object',
        required: [...Object.keys(tokenFields), 'token'],
        properties: { ...tokenFields, token: { type: 'string', description: 'Shown once; store it now.' } },
      },
    },
  },
};
