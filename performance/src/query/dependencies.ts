import { durationQuantileMs, tallyDurations } from './duration-tally.js';
import { groupBy, type SeriesAggregate } from './request-stats.js';
import { isServerError } from './semconv.js';
import { ATTR_ERROR_TYPE, ATTR_SERVER_ADDRESS, ATTR_SOCKET_REUSED } from './telemetry-names.js';

export interface Dependency {
  /** `server.address` of the outbound calls, e.g. `payments.internal`. */
  host: string;
  calls: number;
  /** Calls answered ≥ 500 or that failed without an answer (`error.type`). */
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  totalTimeMs: number;
  /** Share of calls sent on a reused (keep-alive) socket; null when no call reported it. */
  socketReuseRatio: number | null;
}

/** Outbound HTTP by host from `http.client.request.duration`, most calls first. */
export function dependencies(items: readonly SeriesAggregate[]): Dependency[] {
  const out: Dependency[] = [];
  for (const [host, group] of groupBy(items, (i) => i.series.attributes[ATTR_SERVER_ADDRESS] ?? '')) {
    const tally = tallyDurations(group);
    if (tally.count === 0) continue;
    let errors = 0;
    let reused = 0;
    let reportedReuse = 0;
    for (const { series, aggregate } of group) {
      if (isServerError(series.attributes) || (series.attributes[ATTR_ERROR_TYPE] ?? '') !== '')
        errors += aggregate.count;
      const flag = series.attributes[ATTR_SOCKET_REUSED];
      if (flag === 'true' || flag === 'false') reportedReuse += aggregate.count;
      if (flag === 'true') reused += aggregate.count;
    }
    out.push({
      host: host === '' ? '(unknown)' : host,
      calls: tally.count,
      errors,
      errorRate: errors / tally.count,
      p50Ms: durationQuantileMs(tally, 0.5),
      p95Ms: durationQuantileMs(tally, 0.95),
      totalTimeMs: tally.totalMs,
      socketReuseRatio: reportedReuse > 0 ? reused / reportedReuse : null,
    });
  }
  return out.sort((a, b) => b.calls - a.calls || a.host.localeCompare(b.host));
}
