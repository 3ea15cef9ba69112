import { ROLES } from './auth.js';
import {
  API_AUTH,
  AUTH_ERRORS,
  arrayOf,
  errorResponse,
  type JsonSchema,
  json,
  nullableNumber,
  objectOf,
  type Paths,
  RANGE_PARAMS,
  ref,
} from './openapi-parts.js';

/** What the dashboard app needs beyond the query API: who is signed in, JSON dashboards, latency distribution. */
export const DASHBOARD_PATHS: Paths = {
  '/api/v1/session': {
    get: {
      summary: 'Who the bearer token belongs to (any role); the admin token is named `admin`.',
      operationId: 'session',
      tags: ['auth'],
      security: API_AUTH,
      responses: { '200': { description: 'The token name and role.', content: json(ref('Session')) }, ...AUTH_ERRORS },
    },
  },
  '/api/v1/dashboards': {
    get: {
      summary: 'Built-in and user JSON dashboards (role viewer); invalid user files are listed with `error`.',
      operationId: 'listDashboards',
      tags: ['dashboards'],
      security: API_AUTH,
      responses: {
        '200': {
          description: 'Built-in first, then user dashboards, each by title.',
          content: json(objectOf({ dashboards: arrayOf(ref('DashboardSummary')) })),
        },
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/dashboards/{id}': {
    get: {
      summary: 'One dashboard definition, defaults filled in (role viewer).',
      operationId: 'getDashboard',
      tags: ['dashboards'],
      security: API_AUTH,
      parameters: [
        { name: 'id', in: 'path', required: true, description: 'Dashboard id.', schema: { type: 'string' } },
      ],
      responses: {
        '200': { description: 'The dashboard (dashboards/schema.json).', content: json(ref('Dashboard')) },
        ...AUTH_ERRORS,
        '404': errorResponse('No dashboard with that id.'),
        '422': errorResponse('The file with that id is invalid; the message names the file and JSON path.'),
      },
    },
  },
  '/api/v1/distribution': {
    get: {
      summary: 'Latency distribution of http.server.request.duration from merged histograms (role viewer).',
      operationId: 'latencyDistribution',
      tags: ['query'],
      security: API_AUTH,
      parameters: [
        { name: 'service', in: 'query', required: true, description: 'Service name.', schema: { type: 'string' } },
        { name: 'route', in: 'query', description: 'Route template filter.', schema: { type: 'string' } },
        { name: 'method', in: 'query', description: 'HTTP method filter.', schema: { type: 'string' } },
        ...RANGE_PARAMS,
      ],
      responses: {
        '200': { description: 'Count, percentiles and ≤ 60 log-spaced buckets.', content: json(ref('Distribution')) },
        ...AUTH_ERRORS,
        '404': errorResponse('The service has no request data.'),
      },
    },
  },
};

export const DASHBOARD_SCHEMAS: Record<string, JsonSchema> = {
  Session: objectOf({ name: { type: 'string' }, role: { enum: [...ROLES] } }),
  DashboardSummary: {
    type: 'object',
    required: ['id', 'title', 'description', 'source'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      source: { enum: ['builtin', 'user'] },
      error: { type: 'string', description: 'Only for an invalid file: `<file>: <JSON path>: <problem>`.' },
    },
  },
  Dashboard: {
    type: 'object',
    description: 'A dashboard definition; the full JSON Schema is dashboards/schema.json (see docs/dashboards.md).',
    required: ['schemaVersion', 'id', 'title', 'time', 'variables', 'panels'],
    properties: {
      schemaVersion: { const: 1 },
      id: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      time: objectOf({ from: { type: 'string' }, to: { type: 'string' } }),
      refreshSeconds: { type: 'integer' },
      variables: arrayOf({ type: 'object' }),
      panels: arrayOf({ type: 'object' }),
    },
  },
  Distribution: objectOf({
    count: { type: 'integer', description: 'Requests in the distribution.' },
    p50Ms: nullableNumber('Median latency, ms.'),
    p95Ms: nullableNumber('95th percentile latency, ms.'),
    p99Ms: nullableNumber('99th percentile latency, ms.'),
    buckets: arrayOf(
      objectOf({
        lowerMs: { type: 'number', description: 'Exclusive lower bound, ms (0 for the zero bucket).' },
        upperMs: { type: 'number', description: 'Inclusive upper bound, ms.' },
        count: { type: 'integer' },
      }),
    ),
  }),
};
