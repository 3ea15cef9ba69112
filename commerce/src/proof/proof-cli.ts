#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatProofReport } from './proof-report.js';
import { type ProofOptions, runRecommendationProof } from './run-proof.js';

/** The full run's defaults: a larger shop, minutes of load, time ×5 (one real minute = five proof minutes). */
export const FULL_PROOF: Omit<ProofOptions, 'log' | 'postgresUrl'> = {
  backend: 'postgres',
  seedScale: 1,
  phaseMillis: 180_000,
  timeSpeed: 5,
  loadRatePerSecond: 20,
  loadConnections: 8,
  accountRatePerSecond: 3,
  flushIntervalMillis: 2_000,
  randomShare: 0.2,
};

const USAGE = `usage: npm run proof -- [options]
Runs the recommendation proof end to end: metrics service + shop + payments on a database of its own, the naive
profile under load, analysis, then the optimized profile under the same load, analysis and validation.
  --backend postgres|pglite   (default ${FULL_PROOF.backend}; PostgreSQL from TEST_DATABASE_URL or
                              postgres://postgres@127.0.0.1:5432/test, on which a database is created and dropped)
  --scale X                   seed scale (default ${FULL_PROOF.seedScale}: 10k products, 100k orders)
  --seconds N                 real seconds of load per profile (default ${FULL_PROOF.phaseMillis / 1000})
  --speed N                   proof time runs N× real time (default ${FULL_PROOF.timeSpeed}; validation needs 10
                              proof-minutes a side)
  --rate N                    load runner requests/s (default ${FULL_PROOF.loadRatePerSecond})
  --out FILE                  also write the markdown report to FILE
  --json FILE                 also write the whole result as JSON to FILE`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      scale: { type: 'string' },
      seconds: { type: 'string' },
      speed: { type: 'string' },
      rate: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n >= min && n <= max))
      throw new RangeError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const backend = values.backend ?? FULL_PROOF.backend;
  if (backend !== 'postgres' && backend !== 'pglite')
    throw new RangeError(`--backend must be postgres or pglite, got "${backend}"`);
  const options: ProofOptions = {
    ...FULL_PROOF,
    backend,
    postgresUrl: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    seedScale: number('scale', values.scale, FULL_PROOF.seedScale, 0.01, 10),
    phaseMillis: number('seconds', values.seconds, FULL_PROOF.phaseMillis / 1000, 5, 7_200) * 1000,
    timeSpeed: number('speed', values.speed, FULL_PROOF.timeSpeed, 1, 600),
    loadRatePerSecond: number('rate', values.rate, FULL_PROOF.loadRatePerSecond, 1, 1_000),
    log: (line) => console.error(`proof: ${line}`),
  };
  const result = await runRecommendationProof(options);
  const report = formatProofReport(result);
  console.log(report);
  if (values.out) writeFileSync(values.out, `${report}\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 1));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    console.error(`proof: ${err instanceof RangeError ? err.message : (err.stack ?? err.message)}`);
    process.exitCode = 1;
  },
);
