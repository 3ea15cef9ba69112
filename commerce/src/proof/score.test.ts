import { describe, expect, it } from 'vitest';
import { formatProofReport } from './proof-report.js';
import type { ProofResult } from './run-proof.js';
import { kindTable, type ObservedFinding, scoreFindings, stillFound } from './score.js';
import { ACCEPTED_CONSEQUENCES, SEEDED_MISTAKES } from './seeded-mistakes.js';

const finding = (f: Partial<ObservedFinding> & Pick<ObservedFinding, 'kind' | 'key'>): ObservedFinding => ({
  recommendationId: `${f.kind}:${f.key}`,
  service: 'shop',
  route: null,
  title: f.kind,
  statement: null,
  msSavedPerRequest: 1,
  evidence: {},
  ...f,
});

const VARIANTS = 'SELECT v.id, v.product_id FROM product_variants v WHERE v.product_id = $1 ORDER BY v.position, v.id';
const context = { paymentsPort: 40123 };

describe('scoring findings against the seeded mistakes', () => {
  const naive = [
    finding({ kind: 'n-plus-one-db', key: 'GET /products ab12', route: 'GET /products', statement: VARIANTS }),
    // Right kind and statement, wrong route: not the seeded mistake.
    finding({ kind: 'n-plus-one-db', key: 'GET /other ab12', route: 'GET /other', statement: VARIANTS }),
    finding({ kind: 'no-keep-alive', key: '127.0.0.1:40123' }),
    finding({ kind: 'no-keep-alive', key: '127.0.0.1:5432' }),
    finding({ kind: 'pool-saturation', key: '127.0.0.1:5432/shop' }),
  ];

  it('matches on kind, service, route, statement and key; the rest are false positives or misses', () => {
    const score = scoreFindings(naive, SEEDED_MISTAKES, ACCEPTED_CONSEQUENCES, context);
    expect(score.found.map((f) => f.mistake.id)).toEqual(['listing-variants-n+1', 'payments-no-keep-alive']);
    expect(score.consequences.map((c) => c.mistake.id)).toEqual(['listing-fan-out-pool']);
    expect(score.falsePositives.map((f) => f.key)).toEqual(['GET /other ab12', '127.0.0.1:5432']);
    expect(score.missed).toHaveLength(SEEDED_MISTAKES.length - 2);
  });

  it('computes precision and recall per kind, counting every optimized finding as a false positive', () => {
    const score = scoreFindings(naive, SEEDED_MISTAKES, ACCEPTED_CONSEQUENCES, context);
    const optimized = [finding({ kind: 'pool-saturation', key: '127.0.0.1:5432/shop' })];
    const rows = new Map(kindTable(score, optimized).map((r) => [r.kind, r]));
    const seededN1 = SEEDED_MISTAKES.filter((m) => m.kind === 'n-plus-one-db').length;
    expect(rows.get('n-plus-one-db')).toMatchObject({
      seeded: seededN1,
      truePositives: 1,
      falsePositives: 1,
      missed: seededN1 - 1,
      precision: 0.5,
      recall: 1 / seededN1,
    });
    expect(rows.get('no-keep-alive')).toMatchObject({ truePositives: 1, falsePositives: 1, recall: 1 });
    // A consequence found in naive is right; the same finding in optimized is not.
    expect(rows.get('pool-saturation')).toMatchObject({ seeded: 0, truePositives: 1, falsePositives: 1, recall: null });
    expect(rows.get('cacheable-read')).toMatchObject({ truePositives: 0, precision: null, recall: 0 });
    expect(rows.get('cacheable-read')!.missedBecause).toBe('1 expected');
  });

  it('names the seeded mistakes an optimized run still shows', () => {
    const optimized = [finding({ kind: 'no-keep-alive', key: '127.0.0.1:40123' })];
    expect(stillFound(optimized, SEEDED_MISTAKES, context).map((s) => s.mistake.id)).toEqual([
      'payments-no-keep-alive',
    ]);
  });

  it('renders the report with the table, the misses and the validations', () => {
    const score = scoreFindings(naive, SEEDED_MISTAKES, ACCEPTED_CONSEQUENCES, context);
    const phase = {
      version: 'v',
      fromMs: 0,
      toMs: 1,
      load: { requests: 10, errors: 0, scenarios: [{ name: 'browse', requests: 10, p50Ms: 12.3, p95Ms: 45.6 }] },
      account: { requests: 3, errors: 0 },
      analysisErrors: [],
      tracesAnalyzed: 7,
    };
    const result = {
      options: {
        backend: 'postgres',
        postgresUrl: 'postgres://x',
        seedScale: 0.1,
        phaseMillis: 20_000,
        timeSpeed: 40,
        loadRatePerSecond: 12,
        loadConnections: 6,
        accountRatePerSecond: 3,
        flushIntervalMillis: 500,
        randomShare: 0.3,
      },
      hypopg: true,
      paymentsPort: 40123,
      naive: { ...phase, profile: 'naive', findings: naive },
      optimized: { ...phase, profile: 'optimized', findings: [] },
      score,
      optimizedStillFound: [],
      table: kindTable(score, []),
      validations: [
        {
          recommendationId: 'r1',
          mistakeId: 'listing-variants-n+1',
          kind: 'n-plus-one-db',
          target: 'GET /products',
          state: 'done',
          verdict: 'improved',
          reason: 'improved',
          before: { requests: 100, p50Ms: 400, p95Ms: 900, intervals: 12 },
          after: { requests: 300, p50Ms: 40, p95Ms: 90, intervals: 12 },
          p95: { meanBeforeMs: 900, meanAfterMs: 90, relativeChange: -0.9, pValue: 1.2e-6, significant: true },
          p50: { meanBeforeMs: 400, meanAfterMs: 40, relativeChange: -0.9, pValue: 0.002, significant: true },
          evidenceGone: true,
        },
      ],
      markers: [],
      metricsServiceErrors: [],
      loadAverage: { start: 3.2, end: 4.1 },
      wallMillis: 61_000,
    } satisfies ProofResult;
    const report = formatProofReport(result);
    expect(report).toContain('| n-plus-one-db | 6 | 5 | 1 | 1 | 5 (4 expected, 1 below-threshold) | 0.50 | 0.17 |');
    expect(report).toContain('- missed: category-cacheable — cacheable-read (expected)');
    expect(report).toContain('| improved | 400.0 → 40.0 | 900.0 → 90.0 | -90.0 %, 1.2e-6 | -90.0 %, 0.0020 | yes |');
    expect(report).toContain('load average 3.2 → 4.1');
  });
});
