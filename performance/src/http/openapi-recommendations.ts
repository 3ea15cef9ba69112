import { RECOMMENDATION_EVENTS } from '../recommend/lifecycle.js';
import { PRIORITY_CUTOFFS_MS_PER_MINUTE } from '../recommend/priority.js';
import { RECOMMENDATION_KINDS, RECOMMENDATION_STATUSES } from '../recommend/recommendation.js';
import { MARKER_KINDS } from '../recommend/records.js';
import { MAX_MARKER_LIST_LIMIT } from './marker-routes.js';
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
  type Parameter,
  type Paths,
  RANGE_PARAMS,
  ref,
  timeParam,
} from './openapi-parts.js';

const ID_PARAM: Parameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Recommendation id.',
  schema: { type: 'string' },
};
const NOT_FOUND = { '404': errorResponse('No recommendation with that id.') };
const ILLEGAL = { '409': errorResponse('`illegal_transition`: the move is not allowed from the current status.') };
const nullableInt = (description: string): JsonSchema => ({ type: ['integer', 'null'], description });
const nullableString = (description: string): JsonSchema => ({ type: ['string', 'null'], description });
const TIME_BODY: JsonSchema = {
  type: ['integer', 'string'],
  description: 'Unix ms, ISO 8601 or `now-5m`; at most 10 minutes in the future. Default now.',
};

/** A lifecycle move: POST /api/v1/recommendations/{id}/<event> (role editor). */
function move(event: string, summary: string, body: JsonSchema, extra: Operation['responses'] = {}): Operation {
  return {
    summary: `${summary} (role editor).`,
    operationId: `${event}Recommendation`,
    tags: ['recommendations'],
    security: API_AUTH,
    parameters: [ID_PARAM],
    requestBody: { required: false, content: json(body) },
    responses: {
      '200': { description: 'The recommendation after the move.', content: json(ref('Recommendation')) },
      ...AUTH_ERRORS,
      ...NOT_FOUND,
      ...ILLEGAL,
      ...extra,
    },
  };
}

const reasonBody = { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } } };

/** Recommendations, their lifecycle and validation, on-demand analysis, and deploy/manual markers. */
export const RECOMMENDATION_PATHS: Paths = {
  '/api/v1/analysis': {
    post: {
      summary: 'Run the detectors on one service now and upsert its recommendations (role editor).',
      operationId: 'analyze',
      tags: ['recommendations'],
      security: API_AUTH,
      parameters: [
        { name: 'service', in: 'query', required: true, description: 'Service name.', schema: { type: 'string' } },
        timeParam('from', 'to − STRIDE_ANALYSIS_WINDOW'),
        timeParam('to', 'now'),
      ],
      responses: {
        '200': { description: 'What the run found.', content: json(ref('AnalysisResult')) },
        ...AUTH_ERRORS,
        '404': errorResponse('The service has sent no data.'),
      },
    },
  },
  '/api/v1/recommendations': {
    get: {
      summary: 'Recommendations, highest priority first (role viewer).',
      operationId: 'listRecommendations',
      tags: ['recommendations'],
      security: API_AUTH,
      parameters: [
        { name: 'service', in: 'query', description: 'Only this service.', schema: { type: 'string' } },
        {
          name: 'status',
          in: 'query',
          description: 'Only this status.',
          schema: { enum: [...RECOMMENDATION_STATUSES] },
        },
        { name: 'kind', in: 'query', description: 'Only this kind.', schema: { enum: [...RECOMMENDATION_KINDS] } },
      ],
      responses: {
        '200': {
          description: 'Recommendations; `validation` is summarised (state, verdict, reason).',
          content: json(objectOf({ recommendations: arrayOf(ref('Recommendation')) })),
        },
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/recommendations/{id}': {
    get: {
      summary: 'One recommendation with its full validation and history (role viewer).',
      operationId: 'getRecommendation',
      tags: ['recommendations'],
      security: API_AUTH,
      parameters: [ID_PARAM],
      responses: {
        '200': {
          description: 'The recommendation.',
          content: json({
            allOf: [ref('Recommendation'), objectOf({ history: arrayOf(ref('RecommendationHistoryEntry')) })],
          }),
        },
        ...AUTH_ERRORS,
        ...NOT_FOUND,
      },
    },
  },
  '/api/v1/recommendations/{id}/tracking': {
    get: {
      summary: 'Status, history, validation and before/after 1-minute latency series (role viewer).',
      operationId: 'trackRecommendation',
      tags: ['recommendations'],
      security: API_AUTH,
      parameters: [ID_PARAM],
      responses: {
        '200': {
          description: 'Around the reference marker once applied; before it, the last hour as `before`.',
          content: json(
            objectOf({
              id: { type: 'string' },
              status: { enum: [...RECOMMENDATION_STATUSES] },
              allowedEvents: arrayOf({ enum: [...RECOMMENDATION_EVENTS] }),
              validation: { oneOf: [ref('Validation'), { type: 'null' }] },
              history: arrayOf(ref('RecommendationHistoryEntry')),
              series: objectOf({
                markerId: nullableString('The marker compared around.'),
                markerT: nullableInt('Its time, unix ms.'),
                stepMs: { type: 'integer' },
                before: arrayOf(ref('IntervalValue')),
                after: arrayOf(ref('IntervalValue')),
              }),
            }),
          ),
        },
        ...AUTH_ERRORS,
        ...NOT_FOUND,
      },
    },
  },
  '/api/v1/recommendations/{id}/accept': { post: move('accept', 'open → accepted', reasonBody) },
  '/api/v1/recommendations/{id}/apply': {
    post: move('apply', 'accepted → applied; records a manual marker at `t` that validation compares around', {
      type: 'object',
      properties: { t: TIME_BODY, version: { type: 'string', maxLength: 200 }, reason: { type: 'string' } },
    }),
  },
  '/api/v1/recommendations/{id}/validate': {
    post: move(
      'validate',
      'applied | validated → validated: compare before vs after the marker now',
      { type: 'object' },
      {
        '409': errorResponse(
          '`illegal_transition` (not applied), or `validation_pending`: fewer than 10 one-minute intervals with data on a side; the pending state is stored.',
        ),
      },
    ),
  },
  '/api/v1/recommendations/{id}/resolve': { post: move('resolve', 'validated → resolved', reasonBody) },
  '/api/v1/recommendations/{id}/dismiss': {
    post: move('dismiss', 'open | accepted | applied | validated → dismissed; `reason` required', {
      type: 'object',
      required: ['reason'],
      properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } },
    }),
  },
  '/api/v1/recommendations/{id}/reopen': { post: move('reopen', 'any status but open → open', reasonBody) },
  '/api/v1/markers': {
    get: {
      summary: 'Deploy and manual markers, oldest first (role viewer).',
      operationId: 'listMarkers',
      tags: ['recommendations'],
      security: API_AUTH,
      parameters: [
        { name: 'service', in: 'query', description: 'Only this service.', schema: { type: 'string' } },
        { name: 'kind', in: 'query', description: 'Only this kind.', schema: { enum: [...MARKER_KINDS] } },
        ...RANGE_PARAMS,
        {
          name: 'limit',
          in: 'query',
          description: 'Most markers returned.',
          schema: { type: 'integer', minimum: 1, maximum: MAX_MARKER_LIST_LIMIT, default: 500 },
        },
      ],
      responses: {
        '200': {
          description: 'Markers with t in the range.',
          content: json(objectOf({ markers: arrayOf(ref('Marker')) })),
        },
        ...AUTH_ERRORS,
      },
    },
    post: {
      summary: 'Record a deploy (with `version`) or a manual marker (role editor).',
      operationId: 'createMarker',
      tags: ['recommendations'],
      security: API_AUTH,
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['service', 'label'],
          properties: {
            service: { type: 'string' },
            label: { type: 'string', maxLength: 200 },
            version: { type: 'string', maxLength: 200 },
            t: TIME_BODY,
            kind: { enum: [...MARKER_KINDS], description: 'Default: deploy with a version, else manual.' },
          },
        }),
      },
      responses: { '201': { description: 'Created.', content: json(ref('Marker')) }, ...AUTH_ERRORS },
    },
  },
};

const histogramSide: JsonSchema = objectOf({
  fromMs: { type: 'integer' },
  toMs: { type: 'integer' },
  intervals: arrayOf(ref('IntervalValue')),
  histogram: arrayOf(
    objectOf({ lowerMs: { type: 'number' }, upperMs: { type: 'number' }, count: { type: 'integer' } }),
  ),
  count: { type: 'integer' },
  p50Ms: nullableNumber('Over the whole side.'),
  p95Ms: nullableNumber('Over the whole side.'),
});

const comparison: JsonSchema = objectOf({
  meanBeforeMs: { type: 'number' },
  meanAfterMs: { type: 'number' },
  relativeChange: { type: 'number', description: '(after − before) / before.' },
  t: { type: 'number' },
  df: { type: 'number' },
  pValue: { type: 'number', description: "Welch's t-test, two-sided." },
  significant: { type: 'boolean', description: 'p < alpha and |relativeChange| ≥ minRelativeChange.' },
  differenceCi95Ms: arrayOf({ type: 'number' }),
});

export const RECOMMENDATION_SCHEMAS: Record<string, JsonSchema> = {
  Recommendation: {
    type: 'object',
    required: ['id', 'kind', 'service', 'route', 'title', 'evidence', 'impact', 'priority', 'fix', 'status'],
    properties: {
      id: { type: 'string' },
      kind: { enum: [...RECOMMENDATION_KINDS] },
      service: { type: 'string' },
      route: nullableString('`METHOD /route`, or null for service-wide findings.'),
      key: { type: 'string', description: 'Deduplication key within (kind, service).' },
      title: { type: 'string' },
      evidence: { type: 'object', description: 'Numbers per kind plus `exampleTraceIds` (≤ 5).' },
      impact: objectOf({ msSavedPerRequest: { type: 'number' }, msSavedPerMinute: { type: 'number' } }),
      priority: { type: 'number', description: 'msSavedPerMinute: the ranking.' },
      priorityLabel: {
        enum: ['high', 'medium', 'low'],
        description: `high ≥ ${PRIORITY_CUTOFFS_MS_PER_MINUTE.high} ms/min, medium ≥ ${PRIORITY_CUTOFFS_MS_PER_MINUTE.medium}.`,
      },
      fix: objectOf({
        text: { type: 'string' },
        code: { type: 'string' },
        language: { enum: ['typescript', 'sql', 'text'] },
      }),
      status: { enum: [...RECOMMENDATION_STATUSES] },
      allowedEvents: arrayOf({ enum: [...RECOMMENDATION_EVENTS] }),
      firstSeen: { type: 'integer' },
      lastSeen: { type: 'integer' },
      detections: { type: 'integer' },
      acceptedAt: nullableInt('Unix ms.'),
      appliedAt: nullableInt('When the fix took effect, unix ms.'),
      appliedMarkerId: nullableString('The marker apply recorded.'),
      validatedAt: nullableInt('Unix ms.'),
      resolvedAt: nullableInt('Unix ms.'),
      dismissedAt: nullableInt('Unix ms.'),
      dismissReason: nullableString('Why it was dismissed.'),
      validation: { oneOf: [ref('Validation'), { type: 'object' }, { type: 'null' }] },
    },
  },
  RecommendationHistoryEntry: objectOf({
    at: { type: 'integer' },
    actor: { type: 'string', description: 'Token name, `analysis` or `validation`.' },
    type: { enum: ['status', 'detected', 'validation'] },
    from: { oneOf: [{ enum: [...RECOMMENDATION_STATUSES] }, { type: 'null' }] },
    to: { enum: [...RECOMMENDATION_STATUSES] },
    reason: { type: 'string' },
  }),
  IntervalValue: objectOf({
    t: { type: 'integer', description: 'Interval start, unix ms.' },
    p50Ms: { type: 'number' },
    p95Ms: { type: 'number' },
    requests: { type: 'integer' },
  }),
  Validation: {
    type: 'object',
    required: ['state'],
    description: '`pending` (not enough data; no verdict) or `done` with both distributions.',
    properties: {
      state: { enum: ['pending', 'done'] },
      verdict: { enum: ['improved', 'unchanged', 'regressed'] },
      reason: { type: 'string' },
      markerId: { type: ['string', 'null'] },
      markerT: { type: ['integer', 'null'] },
      target: { type: 'object' },
      before: histogramSide,
      after: histogramSide,
      tests: objectOf({ p95: comparison, p50: comparison }),
      evidenceGone: { type: ['boolean', 'null'] },
      intervalsBefore: { type: 'integer' },
      intervalsAfter: { type: 'integer' },
      intervalsNeeded: { type: 'integer' },
    },
  },
  Marker: objectOf({
    id: { type: 'string' },
    service: { type: 'string' },
    kind: { enum: [...MARKER_KINDS] },
    label: { type: 'string' },
    version: nullableString('service.version after the change.'),
    t: { type: 'integer', description: 'Unix ms.' },
    createdBy: { type: 'string' },
  }),
  AnalysisResult: objectOf({
    service: { type: 'string' },
    fromMs: { type: 'integer' },
    toMs: { type: 'integer' },
    findings: arrayOf({ type: 'object' }),
    created: { type: 'integer' },
    updated: { type: 'integer' },
    errors: arrayOf(objectOf({ kind: { type: 'string' }, message: { type: 'string' } })),
    tracesAnalyzed: { type: 'integer' },
  }),
};
