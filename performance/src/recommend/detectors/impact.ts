import type { AnalysisInput, Finding } from '../recommendation.js';
import type { RequestView } from './trace-model.js';

/**
 * Turning sampled evidence into per-minute numbers. Traces are sampled (and tail sampling keeps every request with
 * repeated calls), so counting affected traces would undercount; the route's observed request rate from the
 * aggregates times the affected share of its sampled requests estimates the affected rate instead. Example: route
 * at 10 req/s, 30 of 60 sampled requests affected → 300 affected requests/min. Because tail sampling over-keeps
 * slow and repetitive requests this errs high; a detector with an unbiased aggregate (statement call counts) uses
 * that instead.
 */
export function windowMinutes(input: AnalysisInput): number {
  return Math.max((input.toMs - input.fromMs) / 60_000, 1 / 60);
}

/** Observed requests per minute of `METHOD /route`, or null when the aggregates do not list it. */
export function routeRequestsPerMinute(input: AnalysisInput, route: string): number | null {
  const summary = input.routes.find((r) => `${r.method ?? ''} ${r.route ?? ''}` === route);
  return summary ? summary.requestRate * 60 : null;
}

/** Affected requests per minute on one route; without a route rate, the sampled count over the window (a floor). */
export function affectedPerMinute(
  input: AnalysisInput,
  route: string,
  affected: number,
  sampledOfRoute: number,
): number {
  const rate = routeRequestsPerMinute(input, route);
  if (rate !== null && sampledOfRoute > 0) return (rate * Math.min(affected, sampledOfRoute)) / sampledOfRoute;
  return affected / windowMinutes(input);
}

/** Sampled requests per route, for the denominator of affectedPerMinute. */
export function sampledByRoute(requests: readonly RequestView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of requests) out.set(r.route, (out.get(r.route) ?? 0) + 1);
  return out;
}

export function impact(msSavedPerRequest: number, requestsPerMinute: number): Finding['impact'] {
  const perRequest = Math.max(0, msSavedPerRequest);
  return { msSavedPerRequest: round(perRequest, 2), msSavedPerMinute: round(perRequest * requestsPerMinute, 1) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Nearest-rank quantile of unsorted values; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Up to 5 distinct trace ids, in the order given (callers sort worst first). */
export function exampleTraceIds(traceIds: Iterable<string>, max = 5): string[] {
  const out: string[] = [];
  for (const id of traceIds) {
    if (!out.includes(id)) out.push(id);
    if (out.length === max) break;
  }
  return out;
}
