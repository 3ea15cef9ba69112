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
import { EVIDENCE_FIELDS } from './evidence-fields.js';
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
