// The recommendation shapes of the generated OpenAPI schema under short names, plus the runtime lists the
// filters need. The lists are checked against the schema's unions at compile time, so a kind or status added to
// the API fails the build here until it has a label.
import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];
export type Recommendation = Schemas['Recommendation'];
export type RecommendationKind = Recommendation['kind'];
export type RecommendationStatus = Recommendation['status'];
export type RecommendationEvent = NonNullable<Recommendation['allowedEvents']>[number];
export type HistoryEntry = Schemas['RecommendationHistoryEntry'];
export type IntervalValue = Schemas['IntervalValue'];
export type Validation = Schemas['Validation'];
export type PriorityLabel = NonNullable<Recommendation['priorityLabel']>;
export type HistogramBucket = NonNullable<Validation['before']>['histogram'][number];
export type ComparisonTest = NonNullable<Validation['tests']>['p95'];

/** A finished validation: both sides and both tests are present. */
export type DoneValidation = Validation & {
  state: 'done';
  verdict: NonNullable<Validation['verdict']>;
  before: NonNullable<Validation['before']>;
  after: NonNullable<Validation['after']>;
  tests: NonNullable<Validation['tests']>;
};

/** Display names, in the order the kind filter lists them. */
export const KIND_LABELS: Readonly<Record<RecommendationKind, string>> = {
  'n-plus-one-db': 'N+1 queries',
  'n-plus-one-http': 'N+1 HTTP calls',
  'sequential-calls': 'Sequential calls',
  'slow-query': 'Slow query',
  'missing-index': 'Missing index',
  'cacheable-read': 'Cacheable read',
  'unbounded-result': 'Unbounded result',
  'uncompressed-response': 'Uncompressed response',
  'no-keep-alive': 'No keep-alive',
  'pool-saturation': 'Pool saturation',
  'low-cache-hit-ratio': 'Low cache hit ratio',
  'event-loop-blocking': 'Event-loop blocking',
  'duplicate-concurrent-requests': 'Duplicate concurrent requests',
  regression: 'Latency regression',
};
export const RECOMMENDATION_KINDS = Object.keys(KIND_LABELS) as RecommendationKind[];

/** Lifecycle order (docs/recommendations.md), each with its label and badge tone. */
export const STATUS_INFO: Readonly<Record<RecommendationStatus, { label: string; tone: string }>> = {
  open: { label: 'Open', tone: 'accent' },
  accepted: { label: 'Accepted', tone: 'amber' },
  applied: { label: 'Applied', tone: 'amber' },
  validated: { label: 'Validated', tone: 'green' },
  resolved: { label: 'Resolved', tone: 'green' },
  dismissed: { label: 'Dismissed', tone: 'muted' },
};
export const RECOMMENDATION_STATUSES = Object.keys(STATUS_INFO) as RecommendationStatus[];

export const PRIORITY_TONES: Readonly<Record<PriorityLabel, string>> = { high: 'red', medium: 'amber', low: 'muted' };

export function isDoneValidation(v: Recommendation['validation'] | undefined): v is DoneValidation {
  const candidate = v as Partial<Validation> | null | undefined;
  return (
    candidate?.state === 'done' &&
    candidate.verdict !== undefined &&
    candidate.before !== undefined &&
    candidate.after !== undefined &&
    candidate.tests !== undefined
  );
}

/** `GET /products/:id` → { method: 'GET', path: '/products/:id' }; null when the text is not `METHOD /path`. */
export function splitRoute(route: string | null): { method: string; path: string } | null {
  const match = route === null ? null : /^(\S+)\s+(\/.*)$/.exec(route);
  return match ? { method: match[1]!, path: match[2]! } : null;
}
