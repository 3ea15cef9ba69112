// Evidence as a readable key/value table: per kind, the fields docs/recommendations.md lists, in a sensible order,
// with labels and units. Keys a kind does not list (a detector that grew a field) still show, after the known
// ones, with a label and unit guessed from the key's name (`meanFillMs` → "Mean fill", ms). Never raw JSON.
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatMs,
  formatPercent,
  formatUnit,
  NO_DATA,
} from '../../lib/format.js';
import type { RecommendationKind } from './recommendation-types.js';
import { formatChange, formatPValue } from './verdict.js';

export type EvidenceUnit =
  | 'ms'
  | 'bytes'
  /** A 0–1 fraction shown as a percentage. */
  | 'share'
  /** A signed relative change: −0.5 → −50 %. */
  | 'change'
  | 'count'
  | 'number'
  | 'perMinute'
  | 'seconds'
  /** Unix ms. */
  | 'time'
  | 'pValue'
  /** PostgreSQL planner cost units. */
  | 'cost'
  | 'text'
  /** Identifiers (fingerprints, hosts, URL templates): monospace. */
  | 'mono'
  /** SQL or code: a block. */
  | 'code';

export interface EvidenceField {
  key: string;
  label: string;
  /** Guessed from the key's name when absent. */
  unit?: EvidenceUnit;
}

export type EvidenceValue =
  | { type: 'text'; text: string; mono: boolean }
  | { type: 'code'; text: string }
  | { type: 'table'; columns: string[]; rows: string[][] };

export interface EvidenceRow {
  key: string;
  label: string;
  value: EvidenceValue;
  /** False for keys the kind's field list does not name. */
  known: boolean;
}

/** The example traces are links, shown on their own. */
const EXCLUDED = new Set(['exampleTraceIds']);

const AFFECTED: EvidenceField[] = [
  { key: 'affectedRequests', label: 'Affected requests (sampled)' },
  { key: 'sampledRequestsOfRoute', label: 'Sampled requests of the route' },
];

/** The n-plus-one-db and n-plus-one-http numbers (detectors/repeated-calls.ts). */
const REPEATED: EvidenceField[] = [
  ...AFFECTED,
  { key: 'meanCallsPerRequest', label: 'Calls per request (mean)', unit: 'number' },
  { key: 'maxCallsPerRequest', label: 'Calls per request (max)' },
  { key: 'meanCallMs', label: 'Time per call (mean)' },
  { key: 'meanCoveredMs', label: 'Wall time the calls cover (mean)' },
  { key: 'meanCallTimeSavedMs', label: 'Call time one batch removes (mean)' },
  { key: 'shareOfRequest', label: 'Share of the request' },
  { key: 'concurrentShare', label: 'Requests with overlapping calls' },
];

const STATEMENT: EvidenceField[] = [
  { key: 'statement', label: 'Statement', unit: 'code' },
  { key: 'fingerprint', label: 'Fingerprint', unit: 'mono' },
];

/** Per kind, the fields of docs/recommendations.md in reading order. */
export const EVIDENCE_FIELDS: Readonly<Record<RecommendationKind, readonly EvidenceField[]>> = {
  'n-plus-one-db': [...STATEMENT, ...REPEATED],
  'n-plus-one-http': [
    { key: 'method', label: 'Method', unit: 'mono' },
    { key: 'host', label: 'Host', unit: 'mono' },
    { key: 'urlTemplate', label: 'URL template', unit: 'mono' },
    ...REPEATED,
  ],
  'sequential-calls': [
    ...AFFECTED,
    { key: 'meanObservedMs', label: 'I/O wall time (mean)' },
    { key: 'meanCriticalPathMs', label: 'Critical path (mean)' },
    { key: 'meanSavedMs', label: 'Saving per request (mean)' },
    { key: 'calls', label: 'Calls of the worst request' },
  ],
  'slow-query': [
    ...STATEMENT,
    { key: 'reasons', label: 'Why' },
    { key: 'calls', label: 'Calls' },
    { key: 'callsPerMinute', label: 'Calls per minute' },
    { key: 'p50Ms', label: 'p50' },
    { key: 'p95Ms', label: 'p95' },
    { key: 'meanMs', label: 'Mean' },
    { key: 'totalTimeMs', label: 'Total time' },
    { key: 'shareOfDbTime', label: "Share of the service's DB time" },
    { key: 'meanRows', label: 'Rows per call (mean)', unit: 'number' },
    { key: 'callsPerRequest', label: 'Calls per request', unit: 'number' },
    { key: 'routes', label: 'Routes (sampled)' },
  ],
  'missing-index': [
    { key: 'database', label: 'Database', unit: 'mono' },
    ...STATEMENT,
    { key: 'reason', label: 'Plan' },
    { key: 'tableRows', label: 'Table rows' },
    { key: 'estimatedRows', label: 'Rows the filter keeps (estimated)' },
    { key: 'costBefore', label: 'Planner cost now', unit: 'cost' },
    { key: 'costAfter', label: 'Planner cost with the index', unit: 'cost' },
    { key: 'estimated', label: 'Estimate' },
    { key: 'calls', label: 'Calls' },
    { key: 'meanMs', label: 'Time per call (mean)' },
  ],
  'cacheable-read': [
    { key: 'statement', label: 'Statement', unit: 'code' },
    { key: 'calls', label: 'Calls (sampled)' },
    { key: 'requests', label: 'Requests (sampled)' },
    { key: 'distinctParams', label: 'Distinct parameter sets' },
    { key: 'repeatedResultShare', label: 'Calls repeating the previous result' },
    { key: 'resultChanges', label: 'Result changes seen' },
    { key: 'observedStableSeconds', label: 'Results stayed the same for' },
    { key: 'suggestedTtlSeconds', label: 'Suggested TTL' },
    { key: 'hitRatio', label: 'Hit ratio (replayed)' },
    { key: 'staleRatio', label: 'Stale answers (replayed)' },
    { key: 'meanMs', label: 'Query time (mean)' },
    { key: 'routes', label: 'Routes (sampled)' },
  ],
  'unbounded-result': [
    ...STATEMENT,
    { key: 'sampledCalls', label: 'Calls (sampled)' },
    { key: 'meanRows', label: 'Rows per call (mean)', unit: 'number' },
    { key: 'maxRows', label: 'Rows per call (max)' },
    { key: 'aggregateMeanRows', label: 'Rows per call (all calls)', unit: 'number' },
    { key: 'meanMs', label: 'Time per call (mean)' },
    ...AFFECTED,
    { key: 'meanResponseBytes', label: 'Response size (mean)' },
    { key: 'maxResponseBytes', label: 'Response size (max)' },
    { key: 'meanDurationMs', label: 'Request time (mean)' },
  ],
  'uncompressed-response': [
    ...AFFECTED,
    { key: 'meanResponseBytes', label: 'Response size (mean)' },
    { key: 'estimatedCompressedBytes', label: 'Compressed size (estimated)' },
    { key: 'acceptEncoding', label: 'Client Accept-Encoding', unit: 'mono' },
  ],
  'no-keep-alive': [
    { key: 'host', label: 'Host', unit: 'mono' },
    { key: 'port', label: 'Port', unit: 'mono' },
    { key: 'calls', label: 'Calls to the host' },
    { key: 'sampledCalls', label: 'Calls (sampled)' },
    { key: 'newSocketShare', label: 'Calls opening a new socket' },
    { key: 'source', label: 'Share measured from' },
    { key: 'meanNewSocketMs', label: 'Call time, new socket (mean)' },
    { key: 'meanReusedSocketMs', label: 'Call time, reused socket (mean)' },
    { key: 'connectCostMs', label: 'Connect cost per new socket' },
    { key: 'connectCostSource', label: 'Connect cost is' },
  ],
  'pool-saturation': [
    { key: 'pool', label: 'Pool', unit: 'mono' },
    { key: 'maxConnections', label: 'Pool size' },
    { key: 'maxUsed', label: 'Most connections in use' },
    { key: 'maxWaiting', label: 'Most requests waiting' },
    { key: 'saturation', label: 'Saturation (in use ÷ size)' },
    { key: 'peakDemand', label: 'Peak demand (in use + waiting)' },
    { key: 'waits', label: 'Waits' },
    { key: 'waitP95Ms', label: 'Wait p95' },
    { key: 'waitMaxMs', label: 'Wait max' },
    { key: 'sampledRequestsWaiting', label: 'Sampled requests that waited' },
    { key: 'meanWaitPerAffectedRequestMs', label: 'Wait per affected request (mean)' },
    { key: 'routes', label: 'Routes that waited (sampled)' },
  ],
  'low-cache-hit-ratio': [
    { key: 'lookups', label: 'Lookups' },
    { key: 'hits', label: 'Hits' },
    { key: 'misses', label: 'Misses' },
    { key: 'hitRatio', label: 'Hit ratio' },
    { key: 'meanFillMs', label: 'Fill cost per miss (mean)' },
    { key: 'fillSource', label: 'Fill cost from' },
    { key: 'keyFamilies', label: 'Key families, worst first (sampled)' },
    { key: 'operations', label: 'Operations' },
  ],
  'event-loop-blocking': [
    { key: 'maxDelayP99Ms', label: 'Event-loop delay p99 (max)' },
    { key: 'meanDelayP99Ms', label: 'Event-loop delay p99 (mean)' },
    { key: 'stepsOverThreshold', label: 'Steps over the threshold' },
    { key: 'stepsWithData', label: 'Steps with data' },
    { key: 'stepShare', label: 'Share of steps over the threshold' },
    { key: 'meanUtilization', label: 'Event-loop utilization (mean)' },
    { key: 'maxUtilization', label: 'Event-loop utilization (max)' },
    ...AFFECTED,
    { key: 'meanGapMsPerRequest', label: 'Time without I/O in flight per request (mean)', unit: 'ms' },
    { key: 'maxGapMs', label: 'Longest stretch without I/O' },
    { key: 'shareOfRequest', label: 'Share of the request' },
    { key: 'eventLoopDelayP99MaxMs', label: 'Event-loop delay p99 (max) meanwhile' },
  ],
  'duplicate-concurrent-requests': [
    { key: 'callSite', label: 'Call', unit: 'mono' },
    { key: 'duplicates', label: 'Duplicates (sampled)' },
    { key: 'duplicateShare', label: 'Share of its calls' },
    { key: 'withinSameRequest', label: 'Within the same request' },
    { key: 'acrossRequests', label: 'Across concurrent requests' },
    { key: 'meanCallTimeAvoidedMs', label: 'Call time avoidable per duplicate (mean)' },
    { key: 'meanLatencySavedMs', label: 'Latency saved per duplicate (mean)' },
  ],
  regression: [
    { key: 'p95BeforeMs', label: 'p95 before' },
    { key: 'p95AfterMs', label: 'p95 after' },
    { key: 'relativeChange', label: 'Change' },
    { key: 'pValue', label: 'p-value (Welch t-test)' },
    { key: 'changeAt', label: 'Changed at' },
    { key: 'intervalsBefore', label: 'Minutes compared before' },
    { key: 'intervalsAfter', label: 'Minutes compared after' },
    { key: 'markerLabel', label: 'Likely cause' },
    { key: 'markerVersion', label: 'Version', unit: 'mono' },
    { key: 'markerT', label: 'Marker time' },
    { key: 'markerId', label: 'Marker id', unit: 'mono' },
  ],
};

/** `meanCallTimeSavedMs` → "Mean call time saved"; `p95Ms` → "p95". */
export function humanizeKey(key: string): string {
  const stem = key.replace(/(Ms|Bytes|Seconds)$/, '');
  const words = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  if (/^p\d+$/.test(words)) return words;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A unit from the key's name and the value's type, for keys no field list names. */
export function inferUnit(key: string, value: unknown): EvidenceUnit {
  if (typeof value === 'string') {
    if (key === 'statement' || key === 'sql') return 'code';
    return /(fingerprint|host|template|callSite|id)$/i.test(key) ? 'mono' : 'text';
  }
  if (typeof value !== 'number') return 'text';
  if (/Ms$/.test(key)) return 'ms';
  if (/Bytes$/.test(key)) return 'bytes';
  if (/Seconds$/.test(key)) return 'seconds';
  if (/PerMinute$/.test(key)) return 'perMinute';
  if (key === 'relativeChange') return 'change';
  if (key === 'pValue') return 'pValue';
  // shareOfRequest, concurrentShare, hitRatio, meanUtilization: 0–1 fractions.
  if (/^share[A-Z]|(Share|Ratio|Utilization)$/.test(key) || key === 'saturation') return 'share';
  if (/^cost/i.test(key)) return 'cost';
  // Unix ms after 1973: a point in time (changeAt, markerT).
  if (/(^t|At|T)$/.test(key) && value > 1e11) return 'time';
  return Number.isInteger(value) ? 'count' : 'number';
}

/** One scalar in `unit`; objects and arrays go through formatEvidenceValue. */
export function formatScalar(value: unknown, unit: EvidenceUnit): string {
  if (value === null || value === undefined || value === '') return NO_DATA;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'share':
      return formatPercent(value);
    case 'change':
      return formatChange(value);
    case 'count':
      return formatCount(value);
    case 'perMinute':
      return `${formatUnit(value, 'none')} /min`;
    case 'seconds':
      return formatMs(value * 1_000);
    case 'time':
      return formatDateTime(value);
    case 'pValue':
      return formatPValue(value);
    case 'cost':
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    case 'text':
    case 'mono':
    case 'code':
      return String(value);
    default:
      return formatUnit(value, 'none');
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as text, a code block, or (arrays of objects, objects) a small table. */
export function formatEvidenceValue(key: string, value: unknown, unit = inferUnit(key, value)): EvidenceValue {
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    const keys = [...new Set(value.flatMap((row) => Object.keys(row)))];
    return {
      type: 'table',
      columns: keys.map(humanizeKey),
      rows: value.map((row) => keys.map((k) => formatScalarOrJoin(k, row[k]))),
    };
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return {
      type: 'table',
      columns: ['Field', 'Value'],
      rows: keys.map((k) => [humanizeKey(k), formatScalarOrJoin(k, value[k])]),
    };
  }
  if (Array.isArray(value)) {
    const text = value.length === 0 ? 'none' : value.map((v) => formatScalar(v, unit)).join(', ');
    return { type: 'text', text, mono: unit === 'mono' };
  }
  if (unit === 'code' && typeof value === 'string' && value !== '') return { type: 'code', text: value };
  return { type: 'text', text: formatScalar(value, unit), mono: unit === 'mono' };
}

/** Inside a table cell: scalars formatted by their column's key, nested values as compact text. */
function formatScalarOrJoin(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => formatScalarOrJoin(key, v)).join(', ');
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${humanizeKey(k)}: ${formatScalarOrJoin(k, v)}`)
      .join(', ');
  }
  const unit = inferUnit(key, value);
  return formatScalar(value, unit === 'code' ? 'text' : unit);
}

/** The rows of the evidence table: the kind's fields present in `evidence`, then any other keys. */
export function evidenceRows(kind: RecommendationKind | string, evidence: Record<string, unknown>): EvidenceRow[] {
  const fields = EVIDENCE_FIELDS[kind as RecommendationKind] ?? [];
  const rows: EvidenceRow[] = [];
  const seen = new Set<string>(EXCLUDED);
  for (const field of fields) {
    if (seen.has(field.key) || !(field.key in evidence)) continue;
    seen.add(field.key);
    const value = evidence[field.key];
    rows.push({
      key: field.key,
      label: field.label,
      value: formatEvidenceValue(field.key, value, field.unit),
      known: true,
    });
  }
  for (const [key, value] of Object.entries(evidence)) {
    if (seen.has(key)) continue;
    rows.push({ key, label: humanizeKey(key), value: formatEvidenceValue(key, value), known: false });
  }
  return rows;
}

/** The evidence's example trace ids (strings only; at most 5 by contract, a few more tolerated). */
export function exampleTraceIds(evidence: Record<string, unknown>): string[] {
  const ids = evidence['exampleTraceIds'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '').slice(0, 10) : [];
}
