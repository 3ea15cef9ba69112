import type { Detector, Finding } from '../recommendation.js';
import { impact } from './impact.js';
import { findRepeatedCalls, type RepeatedCallsThresholds, type RepeatedGroup } from './repeated-calls.js';
import { A, str } from './span-attributes.js';
import { requestsOf } from './trace-model.js';

/**
 * N+1 outbound calls: ≥ minCallsPerRequest calls with one method + `server.address` + `url.template` under one
 * request, sequential or concurrent. Same rule and saving as n-plus-one-db; the fix is a batch endpoint.
 */
export const nPlusOneHttp: Detector<RepeatedCallsThresholds> = {
  kind: 'n-plus-one-http',
  defaults: { minCallsPerRequest: 5, minAffectedRequests: 1, minCallTimeSavedMs: 1 },
  detect(input, thresholds) {
    const requests = requestsOf(input);
    return findRepeatedCalls(input, requests, (c) => c.kind === 'http', thresholds).map((g) =>
      finding(input.service, g),
    );
  },
};

function finding(service: string, g: RepeatedGroup): Finding {
  const span = g.occurrences[0]!.calls[0]!.span;
  const method = str(span, A.method) ?? 'GET';
  const host = str(span, A.serverAddress) ?? '(unknown)';
  const template = str(span, A.urlTemplate) ?? span.name.replace(/^\S+\s+/, '');
  const n = Math.round(g.evidence.meanCallsPerRequest);
  const concurrent = g.evidence.concurrentShare >= 0.5;
  return {
    kind: 'n-plus-one-http',
    service,
    route: g.route,
    key: `${g.route} ${method} ${host}${template}`,
    title: `${g.route} calls ${method} ${host}${template} ${n}× per request${concurrent ? ' (concurrent fan-out)' : ''}`,
    evidence: { ...g.evidence, method, host, urlTemplate: template },
    impact: impact(g.meanSavedMs, g.affectedPerMinute),
    fix: fix(method, host, template, concurrent),
  };
}

/** `/products/{id}/stock` → `/products/stock?ids=` style batch URL; the id goes into a query list. */
function batchUrl(template: string): string {
  const parts = template.split('/').filter((p) => p !== '' && p !== '{id}');
  return `/${parts.join('/')}?ids=\${ids.join(',')}`;
}

function fix(method: string, host: string, template: string, concurrent: boolean): Finding['fix'] {
  const one = `\`http://${host}${template.replace('{id}', `\${item.id}`)}\``;
  const before = concurrent
    ? `// Before: one request per item, fanned out (N round trips, N sockets or N queued on the agent)
const results = await Promise.all(items.map((item) => fetch(${one}${method === 'GET' ? '' : `, { method: '${method}' }`}).then((r) => r.json())));`
    : `// Before: one request per item, each waiting for the previous one
for (const item of items) {
  const result = await (await fetch(${one}${method === 'GET' ? '' : `, { method: '${method}' }`})).json();
}`;
  return {
    text:
      `Ask ${host} for all items in one request (a batch endpoint taking a list of ids); if it has none, add one. ` +
      `Until then, run the calls concurrently with a bounded concurrency and a keep-alive agent.`,
    language: 'typescript',
    code: `${before}

// After: one request for the whole batch
const ids = items.map((item) => item.id);
const results = await (await fetch(\`http://${host}${batchUrl(template)}\`)).json();
const byId = new Map(results.map((r) => [r.id, r]));`,
  };
}
