// The building blocks every part of the OpenAPI document uses (openapi.ts assembles the parts).

/** The subset of OpenAPI 3.1 this document uses; JSON Schema objects stay open-ended. */
export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description: string;
  schema: JsonSchema;
}

export interface MediaContent {
  [mediaType: string]: { schema: JsonSchema };
}

export interface Operation {
  summary: string;
  operationId: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: MediaContent };
  responses: Record<string, { description: string; content?: MediaContent }>;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Paths = Record<string, Partial<Record<Method, Operation>>>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema): MediaContent => ({ 'application/json': { schema } });
export const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
export const nullableNumber = (description: string): JsonSchema => ({ type: ['number', 'null'], description });
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
/** An object schema whose every listed property is required. */
export const objectOf = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});

export const API_AUTH = [{ apiToken: [] }];
export const AUTH_ERRORS = {
  '400': errorResponse('A parameter is invalid; the message names it.'),
  '401': errorResponse('Missing, unknown or revoked bearer token.'),
  '403': errorResponse('The token lacks the role this operation needs.'),
};

export const timeParam = (name: 'from' | 'to', fallback: string): Parameter => ({
  name,
  in: 'query',
  description: `Unix ms, ISO 8601, \`now\` or \`now-15m\` (s, m, h, d, w). Default ${fallback}.`,
  schema: { type: 'string', examples: [fallback] },
});
export const RANGE_PARAMS = [timeParam('from', 'now-1h'), timeParam('to', 'now')];

export const STEP_PARAM: Parameter = {
  name: 'stepMs',
  in: 'query',
  description: 'Step in ms or as a duration (`1m`); rounded up to a tier step and to at most 1,500 points.',
  schema: { type: 'string' },
};

export const SERVICE_PATH_PARAM: Parameter = {
  name: 'service',
  in: 'path',
  required: true,
  description: 'Service name.',
  schema: { type: 'string' },
};

/** The OTLP/HTTP answers shared by /v1/metrics and /v1/traces. */
export const OTLP_ERRORS = {
  '400': errorResponse('Malformed request; the message says what and where.'),
  '401': errorResponse('Missing or unknown ingest key.'),
  '413': errorResponse('Body over the size limit.'),
  '415': errorResponse('Unsupported content type.'),
  '429': errorResponse('Overloaded; retry after `Retry-After` seconds.'),
  '503': errorResponse('Not accepting; retry after `Retry-After` seconds.'),
};
export const OTLP_BODY = {
  required: true,
  content: {
    'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
    'application/json': { schema: { type: 'object' } },
  },
};

/** A timeseries point: step start (unix ms) and a value, null for a step without data. */
export const POINTS = arrayOf(ref('TimeseriesPoint'));
