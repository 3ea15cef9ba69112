import type { ProofResult } from './run-proof.js';
import type { KindRow } from './score.js';
import type { ValidationRow } from './validation-rows.js';

const ratio = (n: number | null) => (n === null ? '–' : n.toFixed(2));
const ms = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1);
const pct = (n: number | undefined) => (n === undefined ? '–' : `${n > 0 ? '+' : ''}${(n * 100).toFixed(1)} %`);
const pValue = (p: number | undefined) => (p === undefined ? '–' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const cell = (text: string) => text.replaceAll('|', '\\|');

function kindRows(rows: readonly KindRow[]): string[] {
  return [
    '| kind | seeded | reachable | true positives | false positives | missed (why) | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.seeded} | ${r.reachable} | ${r.truePositives} | ${r.falsePositives} | ${r.missed}${
          r.missedBecause ? ` (${r.missedBecause})` : ''
        } | ${ratio(r.precision)} | ${ratio(r.recall)} |`,
    ),
  ];
}

function validationTable(rows: readonly ValidationRow[]): string[] {
  return [
    '| recommendation | target | verdict | p50 before → after (ms) | p95 before → after (ms) | p95 per-minute change, p | p50 per-minute change, p | pattern gone |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((v) => {
      const verdict =
        v.state === 'done' ? (v.verdict ?? '–') : `pending: ${v.reason.replace(/^.*validation pending: /, '')}`;
      return `| ${v.kind} (${v.mistakeId}) | ${cell(v.target.slice(0, 80))} | ${cell(verdict)} | ${ms(v.before?.p50Ms)} → ${ms(
        v.after?.p50Ms,
      )} | ${ms(v.before?.p95Ms)} → ${ms(v.after?.p95Ms)} | ${pct(v.p95?.relativeChange)}, ${pValue(
        v.p95?.pValue,
      )} | ${pct(v.p50?.relativeChange)}, ${pValue(v.p50?.pValue)} | ${
        v.evidenceGone === null ? '–' : v.evidenceGone ? 'yes' : 'no'
      } |`;
    }),
  ];
}

/** The proof's results as markdown: the tables docs/recommendations.md carries under "End-to-end proof". */
export function formatProofReport(result: ProofResult): string {
  const { options: o, score, naive, optimized } = result;
  const lines = [
    `Run: seed scale ${o.seedScale}, ${o.phaseMillis / 1000} s of load per profile at ${o.loadRatePerSecond} req/s ` +
      `(${o.loadConnections} connections${o.weights ? `, mix ${JSON.stringify(o.weights)}` : ', default mix'}) + ` +
      `${o.accountRatePerSecond} req/s account pages, time ×${o.timeSpeed}, ` +
      `${o.backend}${result.hypopg ? ' with hypopg' : ''}; ${Math.round(result.wallMillis / 1000)} s wall; ` +
      `load average ${result.loadAverage.start.toFixed(1)} → ${result.loadAverage.end.toFixed(1)}.`,
    '',
    ...kindRows(result.table),
    '',
    'Seeded mistakes (naive):',
    '',
    ...score.found.map(
      (f) =>
        `- found: ${f.mistake.id} — ${f.mistake.kind} on ${f.findings[0]?.route ?? f.findings[0]?.key ?? '?'}: ` +
        `“${cell(f.findings[0]?.title ?? '')}”`,
    ),
    ...score.missed.map(
      (m) =>
        `- missed: ${m.id} — ${m.kind} (${m.reach}${m.missing ? `: needs ${m.missing.join(', ')}` : ''}${
          m.why ? `: ${m.why}` : ''
        })`,
    ),
    ...score.consequences.map(
      (c) => `- consequence found: ${c.mistake.id} — ${c.finding.kind} ${cell(c.finding.key.slice(0, 80))}`,
    ),
    ...score.falsePositives.map((f) => `- false positive (naive): ${f.kind} ${cell(f.key.slice(0, 100))}`),
    ...optimized.findings.map((f) => `- finding in optimized: ${f.kind} ${cell(f.key.slice(0, 100))}`),
    '',
    '| profile | requests | errors | browse p50/p95 (ms) | detail p50/p95 | pricing p50/p95 | checkout p50/p95 | account requests | traces analyzed |',
    '| --- | ---: | ---: | --- | --- | --- | --- | ---: | ---: |',
    ...[naive, optimized].map((p) => {
      const s = (name: string) => {
        const x = p.load.scenarios.find((sc) => sc.name === name);
        return x ? `${ms(x.p50Ms)} / ${ms(x.p95Ms)}` : '–';
      };
      return `| ${p.profile} | ${p.load.requests} | ${p.load.errors} | ${s('browse')} | ${s('detail')} | ${s(
        'pricing',
      )} | ${s('checkout')} | ${p.account.requests} | ${p.tracesAnalyzed} |`;
    }),
    '',
    ...validationTable(result.validations),
  ];
  const errors = [...naive.analysisErrors, ...optimized.analysisErrors];
  if (errors.length > 0)
    lines.push('', ...errors.map((e) => `- detector error (${e.service} ${e.kind}): ${e.message}`));
  // e.g. the index advisor could not connect: a missed missing-index then says why.
  if (result.metricsServiceErrors.length > 0)
    lines.push('', ...result.metricsServiceErrors.map((e) => `- metrics service error: ${e}`));
  return lines.join('\n');
}
