import type { Detector, Finding } from '../recommendation.js';
import { impact } from './impact.js';
import { findRepeatedCalls, type RepeatedCallsThresholds, type RepeatedGroup } from './repeated-calls.js';
import { A, str } from './span-attributes.js';
import { batchRewrite, mainTable, tsString } from './sql-rewrite.js';
import { requestsOf } from './trace-model.js';

/**
 * N+1 queries: ≥ minCallsPerRequest PostgreSQL queries of one fingerprint under one request, sequential or
 * concurrent. Unlike Sentry's detector, a Promise.all fan-out counts: it still costs N round trips and holds up to
 * N pool connections. Saving per request = wall time the queries covered − one round trip (the slowest query).
 */
export const nPlusOneDb: Detector<RepeatedCallsThresholds> = {
  kind: 'n-plus-one-db',
  defaults: { minCallsPerRequest: 5, minAffectedRequests: 1, minCallTimeSavedMs: 1 },
  detect(input, thresholds) {
    const requests = requestsOf(input);
    const groups = findRepeatedCalls(input, requests, (c) => c.kind === 'db', thresholds);
    return groups.map((g) => finding(input.service, g));
  },
};

function finding(service: string, g: RepeatedGroup): Finding {
  const span = g.occurrences[0]!.calls[0]!.span;
  const statement = str(span, A.dbQuery) ?? span.name;
  const fingerprint = str(span, A.dbFingerprint) ?? g.signature.slice(3);
  const n = Math.round(g.evidence.meanCallsPerRequest);
  const concurrent = g.evidence.concurrentShare >= 0.5;
  return {
    kind: 'n-plus-one-db',
    service,
    route: g.route,
    key: `${g.route} ${fingerprint}`,
    title: `${g.route} runs \`${span.name}\` ${n}× per request${concurrent ? ' (concurrent fan-out)' : ''}`,
    evidence: { ...g.evidence, statement, fingerprint },
    impact: impact(g.meanSavedMs, g.affectedPerMinute),
    fix: fix(statement, concurrent),
  };
}

function fix(statement: string, concurrent: boolean): Finding['fix'] {
  const batch = batchRewrite(statement);
  const loop = concurrent
    ? `// Before: ${'N'} queries, one per item, fanned out with Promise.all (N round trips, up to N pool connections)
const rows = await Promise.all(items.map((item) => pool.query(${tsString(statement)}, [item.${batch?.columnName ?? 'id'}])));`
    : `// Before: one query per item, each waiting for the previous one
for (const item of items) {
  const { rows } = await pool.query(${tsString(statement)}, [item.${batch?.columnName ?? 'id'}]);
}`;
  if (batch) {
    return {
      text:
        `Fetch all rows in one statement: compare ${batch.column} with \`= ANY(${batch.param})\` and pass the ids as ` +
        `one array parameter, then match the rows back to the items in memory. One plan, one round trip, one ` +
        `connection, however many items.`,
      language: 'typescript',
      code: `${loop}

// After: one round trip for all items
const { rows } = await pool.query(
  ${tsString(batch.statement)},
  [items.map((item) => item.${batch.columnName})],
);
const byKey = new Map(rows.map((row) => [row.${batch.columnName}, row]));`,
    };
  }
  const table = mainTable(statement) ?? 'child';
  return {
    text:
      `Load the related ${table} rows together with their parent rows: JOIN them in the query that produced the ` +
      `items, or collect the keys and query once with \`= ANY($1)\`.`,
    language: 'sql',
    code: `-- Repeated per item:\n${statement};\n\n-- One statement for all items:\nSELECT p.*, c.*\nFROM parent p\nJOIN ${table} c ON c.parent_id = p.id\nWHERE p.id = ANY($1);`,
  };
}
