import type { OtlpKeyValue, OtlpMetric, OtlpMetricsRequest } from '../otlp/types.js';

type AnyPoint = NonNullable<
  NonNullable<
    OtlpMetric['gauge'] | OtlpMetric['sum'] | OtlpMetric['exponentialHistogram'] | OtlpMetric['histogram']
  >['dataPoints']
>[number];

export interface FlatPoint {
  metric: OtlpMetric;
  /** Attribute values stringified, for easy assertions. */
  attributes: Record<string, string>;
  point: AnyPoint & Record<string, unknown>;
}

export function attributeMap(attributes: OtlpKeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of attributes ?? []) {
    const v = value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
    out[key] = String(v);
  }
  return out;
}

/** Every data point of `name` across requests (test helper, not public API). */
export function pointsOf(requests: OtlpMetricsRequest[], name: string): FlatPoint[] {
  const out: FlatPoint[] = [];
  for (const request of requests) {
    for (const rm of request.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const metric of sm.metrics ?? []) {
          if (metric.name !== name) continue;
          const data = metric.gauge ?? metric.sum ?? metric.exponentialHistogram ?? metric.histogram;
          for (const point of data?.dataPoints ?? []) {
            out.push({ metric, attributes: attributeMap(point.attributes), point: point as FlatPoint['point'] });
          }
        }
      }
    }
  }
  return out;
}
