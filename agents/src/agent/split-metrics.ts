import type { OtlpMetric } from '../otlp/types.js';

/**
 * Splits one collection into groups of at most `maxPoints` data points, splitting a large metric into several
 * entries with the same name. Each group becomes its own export request, so encoding (synchronous, ~65 µs per
 * histogram point at scale 6) blocks the host's event loop in slices of a few tens of ms rather than one long
 * pause when thousands of series are live. Example, maxPoints 2: [a(3 points), b(1)] → [[a(2)], [a(1), b(1)]].
 */
export function splitMetrics(metrics: OtlpMetric[], maxPoints: number): OtlpMetric[][] {
  const groups: OtlpMetric[][] = [];
  let group: OtlpMetric[] = [];
  let room = maxPoints;
  const close = () => {
    if (group.length > 0) groups.push(group);
    group = [];
    room = maxPoints;
  };
  for (const metric of metrics) {
    const field = dataField(metric);
    const points = field ? (metric[field]?.dataPoints ?? []) : [];
    if (!field || points.length <= room) {
      group.push(metric);
      room -= points.length;
      if (room <= 0) close();
      continue;
    }
    for (let start = 0; start < points.length; ) {
      const take = Math.min(room, points.length - start);
      group.push({ ...metric, [field]: { ...metric[field], dataPoints: points.slice(start, start + take) } });
      start += take;
      room -= take;
      if (room <= 0) close();
    }
  }
  close();
  return groups;
}

const DATA_FIELDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

function dataField(metric: OtlpMetric): (typeof DATA_FIELDS)[number] | undefined {
  return DATA_FIELDS.find((f) => metric[f] !== undefined);
}
