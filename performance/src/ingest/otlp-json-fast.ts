import type { OtlpMetricsRequest } from '@stride/agent';

// The OTLP/JSON fast path: JSON.parse, then one walk checking the body is already in the shape the reference decoder
// (checkJson + protobufjs fromObject/toObject, ~10× the cost of the parse) would turn it into, so convertMetricsRequest
// can take the parsed object as it is. Anything the walk is not sure of — a field it does not know, null, a string
// enum, a 64-bit integer not in canonical decimal, NaN spelled as a string, bytes, exemplars — sends the body down
// the reference path, which normalises it or answers 400 with its message.

type Kind = 'string' | 'bool' | 'double' | 'uint32' | 'int32' | 'uint64' | 'int64' | 'emptyList' | Shape;
interface Shape {
  fields: Map<string, { kind: Kind; repeated?: boolean; nonEmpty?: boolean }>;
}

// The reference drops empty lists (toObject omits them); only an empty `dataPoints` changes what the converter does
// (a kind without points is skipped, not checked), so those take the reference path.
const shape = (fields: Record<string, Kind | [Kind]>): Shape => ({
  fields: new Map(
    Object.entries(fields).map(([name, k]) => [
      name,
      Array.isArray(k) ? { kind: k[0], repeated: true, nonEmpty: name === 'dataPoints' } : { kind: k },
    ]),
  ),
});

const anyValue: Shape = { fields: new Map() };
const keyValue = shape({ key: 'string', value: anyValue });
for (const [name, field] of shape({
  stringValue: 'string',
  boolValue: 'bool',
  intValue: 'int64',
  doubleValue: 'double',
  arrayValue: shape({ values: [anyValue] }),
  kvlistValue: shape({ values: [keyValue] }),
}).fields) {
  anyValue.fields.set(name, field);
}
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

/**
 * A decimal as protobufjs' Long prints it back (no sign, no leading zero, at most `maxDigits` digits): unsigned
 * below 10^19 < 2^64, signed magnitudes below 10^18 < 2^63. A loop, not a regex: histograms carry many of these.
 */
function isCanonicalDecimal(s: string, from: number, maxDigits: number): boolean {
  const digits = s.length - from;
  if (digits < 1 || digits > maxDigits) return false;
  const first = s.charCodeAt(from);
  if (first === 0x30) return digits === 1;
  if (first < 0x31 || first > 0x39) return false;
  for (let i = from + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
const isUint64 = (v: unknown) =>
  typeof v === 'string' ? isCanonicalDecimal(v, 0, 19) : Number.isSafeInteger(v) && (v as number) >= 0;
const isInt64 = (v: unknown) =>
  typeof v === 'string'
    ? v.charCodeAt(0) === 0x2d
      ? v !== '-0' && isCanonicalDecimal(v, 1, 18)
      : isCanonicalDecimal(v, 0, 18)
    : Number.isSafeInteger(v);
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
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const field = s.fields.get(key);
    if (field === undefined) return false;
    const v = (value as Record<string, unknown>)[key];
    if (field.repeated) {
      if (!Array.isArray(v) || (field.nonEmpty && v.length === 0)) return false;
      if (field.kind === 'uint64') {
        for (let i = 0; i < v.length; i++) if (!isUint64(v[i])) return false;
      } else {
        for (let i = 0; i < v.length; i++) if (!isValue(v[i], field.kind, depth)) return false;
      }
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
      return isUint64(v);
    case 'int64':
      return isInt64(v);
    case 'emptyList':
      return Array.isArray(v) && v.length === 0;
    default:
      return isCanonical(v, kind, depth + 1);
  }
}
