import type { Detector, Finding } from '../recommendation.js';
import { affectedPerMinute, exampleTraceIds, impact, mean, round, sampledByRoute, windowMinutes } from './impact.js';
import { A, num, str } from './span-attributes.js';
import { hasLimit, maxParam } from './sql-rewrite.js';
import { fingerprint as fingerprintOf } from './statement-traces.js';
import { groupBy, requestsOf } from './trace-model.js';

/**
 * Unbounded results. DB: a SELECT without LIMIT/FETCH FIRST (in `db.query.text`) returning ≥ minRows rows in a
 * sampled call, or ≥ minRows on average per the aggregates; one finding per statement. Saving assumes time grows
 * with rows: a call of d ms returning r rows would take d × pageRows / r when paged. HTTP: the service's responses
 * of ≥ minResponseBytes (`http.response.body.size` on its SERVER spans), per route; saving = (bytes − pageBytes)
 * × msPerMegabyte (serializing and sending JSON).
 */
export type UnboundedResultThresholds = {
  minRows: number;
  pageRows: number;
  minResponseBytes: number;
  pageBytes: number;
  msPerMegabyte: number;
};

export const unboundedResult: Detector<UnboundedResultThresholds> = {
  kind: 'unbounded-result',
  defaults: { minRows: 1_000, pageRows: 100, minResponseBytes: 512 * 1024, pageBytes: 64 * 1024, msPerMegabyte: 8 },
  detect(input, t) {
    const requests = requestsOf(input);
    const findings: Finding[] = [];
    // DB: sampled calls first, then statements only the aggregates show.
    const big = requests.flatMap((request) =>
      request.calls
        .filter((c) => c.kind === 'db' && c.readOnly && (num(c.span, A.dbRows) ?? 0) >= t.minRows)
        .filter((c) => !hasLimit(str(c.span, A.dbQuery) ?? ''))
        .map((call) => ({ call, request, rows: num(call.span, A.dbRows)! })),
    );
    const bySql = groupBy(big, (b) => str(b.call.span, A.dbQuery) ?? b.call.span.name);
    const minutes = windowMinutes(input);
    for (const s of input.statements)
      if (
        (s.meanRows ?? 0) >= t.minRows &&
        s.operation === 'SELECT' &&
        !hasLimit(s.statement) &&
        !bySql.has(s.statement)
      )
        bySql.set(s.statement, []);
    for (const [statement, items] of bySql) {
      const stats = input.statements.find((s) => s.statement === statement);
      const meanRows = items.length > 0 ? mean(items.map((i) => i.rows)) : (stats?.meanRows ?? 0);
      const meanMs = items.length > 0 ? mean(items.map((i) => i.call.durationMs)) : (stats?.meanMs ?? 0);
      const savedPerCallMs = meanMs * Math.max(0, 1 - t.pageRows / meanRows);
      const perRequest = groupBy(items, (i) => i.request.traceId + i.request.root.spanId);
      const callsPerRequest = perRequest.size > 0 ? items.length / perRequest.size : 1;
      const callsPerMinute = stats ? stats.calls / minutes : items.length / minutes;
      const routes = [...groupBy(items, (i) => i.request.route)].sort((a, b) => b[1].length - a[1].length);
      const fp = (items[0] && str(items[0].call.span, A.dbFingerprint)) ?? fingerprintOf(statement);
      findings.push({
        kind: 'unbounded-result',
        service: input.service,
        route: routes[0]?.[0] ?? null,
        key: `db ${fp}`,
        title: `Statement without LIMIT returns ~${Math.round(meanRows)} rows`,
        evidence: {
          exampleTraceIds: exampleTraceIds([...items].sort((a, b) => b.rows - a.rows).map((i) => i.request.traceId)),
          statement,
          fingerprint: fp,
          sampledCalls: items.length,
          meanRows: round(meanRows, 1),
          maxRows: items.length > 0 ? Math.max(...items.map((i) => i.rows)) : null,
          meanMs: round(meanMs),
          aggregateMeanRows: stats?.meanRows ?? null,
        },
        impact: impact(savedPerCallMs * callsPerRequest, callsPerMinute / callsPerRequest),
        fix: dbFix(statement, t.pageRows),
      });
    }
    // HTTP: large response bodies per route.
    const sampled = sampledByRoute(requests);
    const large = requests
      .map((request) => ({ request, bytes: num(request.root, A.responseBodySize) ?? 0 }))
      .filter((r) => r.bytes >= t.minResponseBytes);
    for (const [route, items] of groupBy(large, (r) => r.request.route)) {
      const meanBytes = mean(items.map((i) => i.bytes));
      const saved = (Math.max(0, meanBytes - t.pageBytes) / 1_048_576) * t.msPerMegabyte;
      findings.push({
        kind: 'unbounded-result',
        service: input.service,
        route,
        key: `http ${route}`,
        title: `${route} sends ~${round(meanBytes / 1_048_576, 1)} MB responses`,
        evidence: {
          exampleTraceIds: exampleTraceIds([...items].sort((a, b) => b.bytes - a.bytes).map((i) => i.request.traceId)),
          affectedRequests: items.length,
          sampledRequestsOfRoute: sampled.get(route) ?? items.length,
          meanResponseBytes: Math.round(meanBytes),
          maxResponseBytes: Math.max(...items.map((i) => i.bytes)),
          meanDurationMs: round(mean(items.map((i) => i.request.durationMs))),
        },
        impact: impact(saved, affectedPerMinute(input, route, items.length, sampled.get(route) ?? items.length)),
        fix: httpFix(route),
      });
    }
    return findings;
  },
};

function dbFix(statement: string, pageRows: number): Finding['fix'] {
  const n = maxParam(statement) + 1;
  const ordered = /\border\s+by\b/i.test(statement);
  return {
    text:
      `Return a page (e.g. ${pageRows} rows) instead of every row, and let the caller ask for the next one with a ` +
      'keyset cursor (WHERE (sort key) > last seen), which stays fast on deep pages unlike OFFSET.' +
      (ordered ? '' : ' Add an ORDER BY on a unique key so pages are stable.'),
    language: 'sql',
    code: `-- Before\n${statement};\n\n-- After: one page; pass the last row's key as the cursor for the next page\n${statement}${ordered ? '' : ' ORDER BY id'} LIMIT $${n};`,
  };
}

function httpFix(route: string): Finding['fix'] {
  const [method, path] = route.split(' ');
  return {
    text: 'Paginate the response (limit + cursor) or let the client select fields, instead of sending everything.',
    language: 'typescript',
    code: `app.${(method ?? 'get').toLowerCase()}('${path ?? '/'}', async (req, res) => {
  const limit = Math.min(Number(req.query.limit ?? 50), 200);
  const after = req.query.cursor ? Number(req.query.cursor) : 0;
  const { rows } = await pool.query('SELECT … WHERE id > $1 ORDER BY id LIMIT $2', [after, limit + 1]);
  const page = rows.slice(0, limit);
  res.json({ items: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null });
});`,
  };
}
