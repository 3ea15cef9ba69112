import type { OtlpMetricsRequest } from '@stride/agent';

// The OTLP/JSON fast path: JSON.parse, then one walk checking the body is already in the shape the reference decoder
// (checkJson + protobufjs fromObject/toObject, ~10× the cost of the parse) would turn it into, so convertMetricsRequest
// can take the parsed object as it is. Anything the walk is not sure of — a field it does not know, null, a string
// enum, a 64-bit integer not in canonical decimal, NaN spelled as a string, bytes, exemplars — sends the body down
// the reference path, which normalises it or answers 400 with its message.

type Kind = 'string' | 'bool' | 'double' | 'uint32' | 'int32' | 'uint64' | 'int64' | 'emptyList' | Shape;
interface Shape {
  fields: Record<string, { kind: Kind; repeated?: boolean; nonEmpty?: boolean }>;
}

// The reference drops empty lists (toObject omits them); only an empty `dataPoints` changes what the converter does
// (a kind without points is skipped, not checked), so those take the reference path.
const shape = (fields: Record<string, Kind | [Kind]>): Shape => ({
  fields: Object.fromEntries(
    Object.entries(fields).map(([name, k]) => [
      name,
      Array.isArray(k) ? { kind: k[0], repeated: true, nonEmpty: name === 'dataPoints' } : { kind: k },
    ]),
  ),
});

const anyValue: Shape = { fields: {} };
const keyValue = shape({ key: 'string', value: anyValue });
Object.assign(
  anyValue.fields,
  shape({
    stringValue: 'string',
    boolValue: 'bool',
    intValue: 'int64',
    doubleValue: 'double',
    arrayValue: shape({ values: [anyValue] }),
    kvlistValue: shape({ values: [keyValue] }),
  }).fields,
);
const pointBase: Record<string, Kind | [Kind]> = {
  attributes: [keyValue],
  startTimeUnixNano: 'uint64',
  timeUnixNano: 'uint64',
  flags: 'uint32',
  exemplars: 'emptyList',
};
const numberPoint = shape({ ...pointBase, asDouble: 'double', asInt: 'int64' });
const histogramPoint = shape({
  ...pointBase,
  count: 'uint64',
  sum: 'double',
  bucketCounts: ['uint64'],
  explicitBounds: ['double'],
  min: 'double',
  max: 'double',
});
const buckets = shape({ offset: 'int32', bucketCounts: ['uint64'] });
const exponentialPoint = shape({
  ...pointBase,
  count: 'uint64',
  sum: 'double',
  scale: 'int32',
  zeroCount: 'uint64',
  positive: buckets,
  negative: buckets,
  min: 'double',
  max: 'double',
  zeroThreshold: 'double',
});
const summaryPoint = shape({
  ...pointBase,
  count: 'uint64',
  sum: 'double',
  quantileValues: [shape({ quantile: 'double', value: 'double' })],
});
const temporality = 'uint32'; // an enum given as its number; names take the reference path
const metric = shape({
  name: 'string',
  description: 'string',
  unit: 'string',
  gauge: shape({ dataPoints: [numberPoint] }),
  sum: shape({ dataPoints: [numberPoint], aggregationTemporality: temporality, isMonotonic: 'bool' }),
  histogram: shape({ dataPoints: [histogramPoint], aggregationTemporality: temporality }),
  exponentialHistogram: shape({ dataPoints: [exponentialPoint], aggregationTemporality: temporality }),
  summary: shape({ dataPoints: [summaryPoint] }),
});
const attributesOwner: Record<string, Kind | [Kind]> = { attributes: [keyValue], droppedAttributesCount: 'uint32' };
const request = shape({
  resourceMetrics: [
    shape({
      resource: shape(attributesOwner),
      scopeMetrics: [
        shape({
          scope: shape({ name: 'string', version: 'string', ...attributesOwner }),
          metrics: [metric],
          schemaUrl: 'string',
        }),
      ],
      schemaUrl: 'string',
    }),
  ],
});

// Canonical decimals as protobufjs' Long prints them back: unsigned below 10^19 (< 2^64), signed below 10^18.
const UINT64 = /^(?:0|[1-9]\d{0,18})$/;
const INT64 = /^(?:0|-?[1-9]\d{0,17})$/;
const MAX_DEPTH = 32;

/**
 * The parsed body when it needs no normalising (see above), null when the reference decoder must handle it.
 * Example: `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":1,
 * "timeUnixNano":"1700000000000000000"}]}}]}]}]}` passes; the same with `"asDouble":"NaN"` does not.
 */
export function parseMetricsJsonFast(body: Buffer): OtlpMetricsRequest | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  return isCanonical(parsed, request, 0) ? (parsed as OtlpMetricsRequest) : null;
}

function isCanonical(value: unknown, s: Shape, depth: number): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > MAX_DEPTH) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = s.fields[key];
    if (field === undefined || !Object.hasOwn(s.fields, key)) return false;
    const v = (value as Record<string, unknown>)[key];
    if (field.repeated) {
      if (!Array.isArray(v) || (field.nonEmpty && v.length === 0)) return false;
      for (let i = 0; i < v.length; i++) if (!isValue(v[i], field.kind, depth)) return false;
    } else if (!isValue(v, field.kind, depth)) return false;
  }
  return true;
}

function isValue(v: unknown, kind: Kind, depth: number): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'double':
      return typeof v === 'number';
    case 'uint32':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
    case 'uint64':
      return typeof v === 'string' ? UINT64.test(v) : Number.isSafeInteger(v) && (v as number) >= 0;
    case 'int64':
      return typeof v === 'string' ? INT64.test(v) : Number.isSafeInteger(v);
    case 'emptyList':
      return Array.isArray(v) && v.length === 0;
    default:
      return isCanonical(v, kind, depth + 1);
  }
}
