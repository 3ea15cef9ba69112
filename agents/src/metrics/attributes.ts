import type { OtlpKeyValue } from '../otlp/types.js';

export type AttributeValue = string | number | boolean;
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** The one series a metric's measurements go to once its series table is full (OpenTelemetry SDK convention). */
export const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };

/** OTLP KeyValues: integers as intValue (decimal string, int64 on the wire), other numbers as doubleValue. */
export function toKeyValues(attributes: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string') out.push({ key, value: { stringValue: value } });
    else if (typeof value === 'boolean') out.push({ key, value: { boolValue: value } });
    else if (Number.isSafeInteger(value)) out.push({ key, value: { intValue: String(value) } });
    else out.push({ key, value: { doubleValue: value } });
  }
  return out;
}
