import protobuf from 'protobufjs';

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const DECIMAL_INTEGER = /^-?\d{1,20}$/;

/**
 * Checks a parsed OTLP/JSON body against the protobuf schema and returns the first problem with its path, e.g.
 * `resourceMetrics[0].scopeMetrics[1].metrics[2].sum.dataPoints[0].asInt: expected an integer (number or
 * decimal string), got "12abc"`. protobufjs' own verify() rejects the decimal strings OTLP/JSON uses for 64-bit
 * integers, and fromObject() silently coerces wrong types, so neither says what was wrong where.
 */
export function checkJson(type: protobuf.Type, value: unknown, path = ''): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${path || 'body'}: expected an object, got ${describe(value)}`;
  }
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fields[camel(key)];
    if (!field || fieldValue === null || fieldValue === undefined) continue; // unknown fields are ignored, per OTLP
    const fieldPath = path ? `${path}.${key}` : key;
    if (field.repeated) {
      if (!Array.isArray(fieldValue)) return `${fieldPath}: expected an array, got ${describe(fieldValue)}`;
      for (let i = 0; i < fieldValue.length; i++) {
        const problem = checkScalarOrMessage(field, fieldValue[i], `${fieldPath}[${i}]`);
        if (problem) return problem;
      }
    } else {
      const problem = checkScalarOrMessage(field, fieldValue, fieldPath);
      if (problem) return problem;
    }
  }
  return null;
}

function checkScalarOrMessage(field: protobuf.Field, value: unknown, path: string): string | null {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return checkJson(resolved, value, path);
  if (resolved instanceof protobuf.Enum) {
    return Number.isInteger(value) || (typeof value === 'string' && value in resolved.values)
      ? null
      : `${path}: expected an enum number, got ${describe(value)}`;
  }
  const t = field.type;
  if (t === 'string' || t === 'bytes') return typeof value === 'string' ? null : expected(path, 'a string', value);
  if (t === 'bool') return typeof value === 'boolean' ? null : expected(path, 'a boolean', value);
  if (t === 'double' || t === 'float') {
    const ok = typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity';
    return ok ? null : expected(path, 'a number', value);
  }
  if (INT64.has(t)) {
    const ok = Number.isSafeInteger(value) || (typeof value === 'string' && DECIMAL_INTEGER.test(value));
    return ok ? null : expected(path, 'an integer (number or decimal string)', value);
  }
  if (INT32.has(t)) return Number.isInteger(value) ? null : expected(path, 'an integer', value);
  return null;
}

const expected = (path: string, what: string, value: unknown) => `${path}: expected ${what}, got ${describe(value)}`;
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
