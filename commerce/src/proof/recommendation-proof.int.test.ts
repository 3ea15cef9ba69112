import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, TEST_POSTGRES_URL } from '../testing/real-services.js';
import { formatProofReport } from './proof-report.js';
import { type ProofResult, runRecommendationProof } from './run-proof.js';
import { SEEDED_MISTAKES } from './seeded-mistakes.js';

const ready = await postgresAvailable();

/**
 * The end-to-end proof, CI-sized: a small seed, ~20 s of load per profile, time ×40 so each profile spans the ten
 * 1-minute intervals validation needs (proof-clock.ts). `npm run proof` runs it in full.
 */
describe.skipIf(!ready)('recommendation proof (naive → optimized, CI-sized)', () => {
  let result: ProofResult;
  afterAll(() => {
    // The figures of this run, for whoever reads a CI log after a failure.
    if (result) console.log(formatProofReport(result));
    if (result && process.env['PROOF_DUMP']) writeFileSync(process.env['PROOF_DUMP'], JSON.stringify(result, null, 1));
  });

  it('finds every reachable seeded mistake in naive, none in optimized, and validates the fix as an improvement', async () => {
    result = await runRecommendationProof({
      backend: 'postgres',
      postgresUrl: TEST_POSTGRES_URL,
      seedScale: 0.1,
      phaseMillis: 20_000,
      timeSpeed: 40,
      loadRatePerSecond: 12,
      loadConnections: 6,
      accountRatePerSecond: 3,
      // The default mix with checkout at 15 % instead of 5 %: a naive shop on a loaded 2-core box serves ~6 req/s,
      // and no-keep-alive needs ≥ 10 payments calls in the window.
      weights: { browse: 50, detail: 20, pricing: 15, checkout: 15 },
      flushIntervalMillis: 500,
      randomShare: 0.3,
    });
    const { score, optimized, validations } = result;

    // Naive: every mistake the proof can reach at this size is found, on its route and statement/key.
    const expected = SEEDED_MISTAKES.filter((m) => m.reach === 'expected').map((m) => m.id);
    expect(expected.length).toBeGreaterThanOrEqual(9);
    // The three the agent's value hashes and compression evidence made reachable (they were agent gaps before).
    expect(expected).toEqual(
      expect.arrayContaining(['category-cacheable', 'listing-uncompressed', 'detail-uncompressed']),
    );
    expect(score.found.map((f) => f.mistake.id)).toEqual(expect.arrayContaining(expected));
    // Findings of a seeded kind that match no seeded mistake are false positives of the detectors the proof is
    // about; they are listed, so a new one names itself in the failure. (event-loop-blocking and pool-saturation
    // describe the loaded host as much as the code; they are counted in the report, not asserted.)
    const seededKinds = new Set(
      SEEDED_MISTAKES.filter((m) => m.reach !== 'agent-gap' && m.reach !== 'below-threshold').map((m) => m.kind),
    );
    const describeFinding = (f: { kind: string; key: string }) => `${f.kind} ${f.key}`;
    expect(score.falsePositives.filter((f) => seededKinds.has(f.kind)).map(describeFinding)).toEqual([]);

    // Optimized: none of the seeded-mistake kinds — except a cacheable read of the listing's count: the optimized
    // profile caches whole pages (keyed by filter, sort and page), so the same count still runs once per page key.
    // The detector is right about it; it is a residual of the optimized shop, counted as a false positive in the
    // report (docs/recommendations.md#end-to-end-proof), not a seeded mistake.
    const residual = (f: { kind: string; statement: string | null }) =>
      f.kind === 'cacheable-read' && /^select count\(\*\)::int as total from products\b/i.test(f.statement ?? '');
    expect(optimized.findings.filter((f) => seededKinds.has(f.kind) && !residual(f)).map(describeFinding)).toEqual([]);
    expect(result.optimizedStillFound).toEqual([]);

    // Validation around the deploy marker: the listing's N+1 fix is an improvement with a measured p95 drop.
    const listing = validations.find((v) => v.mistakeId === 'listing-variants-n+1');
    expect(listing?.state).toBe('done');
    expect(listing?.verdict).toBe('improved');
    expect(listing?.p95?.relativeChange).toBeLessThan(-0.1);
    expect(listing?.p95?.pValue).toBeLessThan(0.01);
    expect(listing?.after?.p95Ms).toBeLessThan(listing?.before?.p95Ms ?? 0);
    expect(result.markers.some((m) => m.kind === 'deploy' && m.version === 'optimized-2')).toBe(true);
  }, 240_000);
});
