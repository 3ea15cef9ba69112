import type { OtlpAnyValue, OtlpKeyValue } from '@stride/agent';
import type { IngestLimits } from './ingest-limits.js';
import { reject } from './point-rejected-error.js';

/**
 * An OTLP AnyValue as the string a series attribute stores: strings as-is, ints as decimal strings, doubles and
 * booleans via String(), arrays and maps as JSON of their plain values, bytes as base64, absent as ''.
 * Example: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'a' }] } } → '[1,"a"]'.
 */
export function stringifyAnyValue(value: OtlpAnyValue | undefined): string {
  const plain = toPlain(value, 0);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

// Depth bound: protobuf decoding already limits nesting, but a JSON body could nest deeply; 8 levels is plenty.
const MAX_DEPTH = 8;

function toPlain(value: OtlpAnyValue | undefined, depth: number): unknown {
  if (value === undefined || value === null) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  if (value.bytesValue !== undefined) {
    return typeof value.bytesValue === 'string' ? value.bytesValue : Buffer.from(value.bytesValue).toString('base64');
  }
  if (depth >= MAX_DEPTH) return '…';
  if (value.arrayValue) return (value.arrayValue.values ?? []).map((v) => toPlainNested(v, depth + 1));
  if (value.kvlistValue) {
    const out: Record<string, unknown> = {};
    for (const kv of value.kvlistValue.values ?? []) out[kv.key] = toPlainNested(kv.value, depth + 1);
    return out;
  }
  return '';
}

// Inside arrays and maps numbers and booleans keep their JSON type, so [1, "1"] stays distinguishable.
function toPlainNested(value: OtlpAnyValue | undefined, depth: number): unknown {
  if (value?.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value?.doubleValue !== undefined)
    return Number.isFinite(value.doubleValue) ? value.doubleValue : String(value.doubleValue);
  if (value?.boolValue !== undefined) return value.boolValue;
  return toPlain(value, depth);
}

/**
 * Data-point attributes as a series' attribute record: values stringified, keys sorted, later duplicates winning.
 * Throws PointRejectedError (field `attributes…`) when a key or value is too long or there are too many.
 */
export function toAttributeRecord(
  keyValues: readonly OtlpKeyValue[] | undefined,
  limits: Pick<IngestLimits, 'maxAttributeKeyLength' | 'maxAttributeValueLength' | 'maxAttributesPerPoint'>,
  field = 'attributes',
): Record<string, string> {
  if (!keyValues || keyValues.length === 0) return {};
  if (keyValues.length > limits.maxAttributesPerPoint) {
    reject(field, `${keyValues.length} attributes exceed the limit of ${limits.maxAttributesPerPoint}`);
  }
  const entries: [string, string][] = [];
  for (let i = 0; i < keyValues.length; i++) {
    const { key, value } = keyValues[i]!;
    if (typeof key !== 'string' || key.length === 0) reject(`${field}[${i}].key`, 'attribute key must not be empty');
    if (key.length > limits.maxAttributeKeyLength) {
      reject(`${field}[${i}].key`, `attribute key of ${key.length} characters exceeds ${limits.maxAttributeKeyLength}`);
    }
    const text = stringifyAnyValue(value);
    if (text.length > limits.maxAttributeValueLength) {
      reject(
        `${field}[${i}] (${JSON.stringify(key.slice(0, 64))})`,
        `attribute value of ${text.length} characters exceeds ${limits.maxAttributeValueLength}`,
      );
    }
    entries.push([key, text]);
  }
  // Stable sort, so fromEntries keeps the last of duplicate keys; fromEntries also defines `__proto__` as a plain key.
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
