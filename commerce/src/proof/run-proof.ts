import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, parseConfig, silentLogger } from '@stride/performance';
import type { Profile } from '../config/profile.js';
import { type CatalogSample, discoverCatalog } from '../load/catalog-sample.js';
import { createRawJsonGetter } from '../load/raw-http-get.js';
import { runLoad } from '../load/run-load.js';
import type { ScenarioName } from '../load/scenarios.js';
import { startCommerce } from '../start-commerce.js';
import { type AccountTrafficResult, runAccountTraffic } from './account-traffic.js';
import { createProofClock, type ProofClock } from './proof-clock.js';
import { openProofDatabase, type ProofBackend } from './proof-database.js';
import {
  type KindRow,
  kindTable,
  type ObservedFinding,
  type ProfileScore,
  scoreFindings,
  stillFound,
} from './score.js';
import { ACCEPTED_CONSEQUENCES, SEEDED_MISTAKES, type SeededMistake } from './seeded-mistakes.js';
import { createStrideApi, type MarkerView, type StrideApi } from './stride-api.js';
import { type ValidationRow, validationRows } from './validation-rows.js';

export interface ProofOptions {
  backend: ProofBackend;
  /** PostgreSQL server on which the proof creates (and drops) its own database. */
  postgresUrl: string;
  seedScale: number;
  /** Real time each profile is under load. */
  phaseMillis: number;
  /** How much faster than real time the proof's timestamps run (proof-clock.ts); 1 = real time. */
  timeSpeed: number;
  loadRatePerSecond: number;
  loadConnections: number;
  accountRatePerSecond: number;
  /** Scenario shares of the load runner; its default mix (browse 60, detail 25, pricing 10, checkout 5) when absent. */
  weights?: Readonly<Record<ScenarioName, number>>;
  /** Real ms between agent exports. */
  flushIntervalMillis: number;
  /** Share of requests the agents keep at random, besides the slowest, errors and repeated-query traces. */
  randomShare: number;
  log?: (line: string) => void;
}

export interface PhaseResult {
  profile: Profile;
  version: string;
  /** Proof-clock window of the load, unix ms. */
  fromMs: number;
  toMs: number;
  load: {
    requests: number;
    errors: number;
    scenarios: { name: string; requests: number; p50Ms: number; p95Ms: number }[];
  };
  account: AccountTrafficResult;
  findings: ObservedFinding[];
  analysisErrors: { service: string; kind: string; message: string }[];
  tracesAnalyzed: number;
}

export interface ProofResult {
  options: Omit<ProofOptions, 'log'>;
  hypopg: boolean;
  paymentsPort: number;
  naive: PhaseResult;
  optimized: PhaseResult;
  score: ProfileScore;
  /** Optimized findings that are a seeded mistake: the optimized profile should have none. */
  optimizedStillFound: { mistake: SeededMistake; finding: ObservedFinding }[];
  table: KindRow[];
  validations: ValidationRow[];
  markers: MarkerView[];
  /** Errors the metrics service logged (e.g. the index advisor failing to connect or EXPLAIN). */
  metricsServiceErrors: string[];
  /** 1-minute load average at the start and at the end. */
  loadAverage: { start: number; end: number };
  wallMillis: number;
}

const SERVICES = ['shop', 'payments'] as const;

/**
 * The end-to-end proof of issue 5: the real metrics service (in this process, on a fresh data dir) and the
 * reference shop + payments service with the Stride agent, on a database of the proof's own. The shop runs the
 * naive profile under the load runner's mix (plus "my account" traffic the mix lacks), the analysis runs, and its
 * findings are scored against the seeded mistakes; every finding that matches one is accepted and applied. The shop
 * is then restarted in the optimized profile with a new service.version (the metrics service adds the deploy
 * marker itself), the same load runs, the analysis runs again (it must find none of the mistakes), and the applied
 * recommendations are validated around the deploy marker.
 */
export async function runRecommendationProof(options: ProofOptions): Promise<ProofResult> {
  const { log = () => {}, ...settings } = options;
  const startedMs = Date.now();
  const loadAverageStart = loadavg()[0] ?? 0;
  const clock = createProofClock({ speed: settings.timeSpeed });
  const cleanups: Array<() => Promise<unknown>> = [];
  const serverErrors: string[] = [];
  try {
    const db = await openProofDatabase(settings.backend, settings.postgresUrl);
    cleanups.push(() => db.drop());
    log(`database ${settings.backend} ${new URL(db.url).pathname.slice(1)}${db.hypopg ? ' with hypopg' : ''}`);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'stride-proof-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const adminToken = randomBytes(24).toString('base64url');
    const ingestKey = randomBytes(24).toString('base64url');
    const config = parseConfig({
      env: {
        STRIDE_DATA_DIR: dataDir,
        STRIDE_ADMIN_TOKEN: adminToken,
        STRIDE_INGEST_KEYS: ingestKey,
        STRIDE_ANALYSIS_CRON: 'off',
        STRIDE_EXPLAIN_DATABASES: `shop=${db.url}`,
      },
    });
    // Errors only (e.g. the index advisor failing to EXPLAIN): they explain a missed finding; info is noise here.
    const logger = {
      ...silentLogger,
      error: (message: string, fields?: Record<string, unknown>) => {
        serverErrors.push(`${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
        log(`metrics service: ${serverErrors.at(-1)}`);
      },
    };
    const server = await createServer({ ...config, port: 0, host: '127.0.0.1' }, { logger, nowMs: clock.nowMs });
    cleanups.push(() => server.close());
    const { url: metricsUrl } = await server.listen();
    const api = createStrideApi(metricsUrl, adminToken);
    log(`metrics service on ${metricsUrl}, time ×${settings.timeSpeed}`);

    const phase = createPhaseRunner({ settings, clock, api, dbUrl: db.url, metricsUrl, ingestKey, log });
    const naive = await phase.run('naive', 'naive-1');
    const paymentsPort = naive.paymentsPort;
    const context = { paymentsPort };
    const score = scoreFindings(naive.result.findings, SEEDED_MISTAKES, ACCEPTED_CONSEQUENCES, context);

    // Accept and apply what was found, as a team would before shipping the fixes; the marker is the end of the
    // naive load, and the restart below adds the deploy marker validation compares around.
    const applied = [
      ...score.found.flatMap((f) => f.findings.map((finding) => ({ mistake: f.mistake, finding }))),
      ...score.consequences,
    ];
    for (const { finding } of applied) {
      await api.acceptAndApply(finding.recommendationId, naive.result.toMs, 'optimized profile');
    }
    log(`naive: ${naive.result.findings.length} findings, ${applied.length} applied`);

    const optimized = await phase.run('optimized', 'optimized-2');
    const optimizedStillFound = stillFound(optimized.result.findings, SEEDED_MISTAKES, context);
    const validations = await validationRows(api, applied);
    const markers = (await Promise.all(SERVICES.map((s) => api.markers(s)))).flat();
    return {
      options: settings,
      hypopg: db.hypopg,
      paymentsPort,
      naive: naive.result,
      optimized: optimized.result,
      score,
      optimizedStillFound,
      table: kindTable(score, optimized.result.findings),
      validations,
      markers,
      metricsServiceErrors: serverErrors,
      loadAverage: { start: loadAverageStart, end: loadavg()[0] ?? 0 },
      wallMillis: Date.now() - startedMs,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => log(`cleanup: ${err.message}`));
  }
}

interface PhaseDeps {
  settings: Omit<ProofOptions, 'log'>;
  clock: ProofClock;
  api: StrideApi;
  dbUrl: string;
  metricsUrl: string;
  ingestKey: string;
  log: (line: string) => void;
}

/** Runs one profile: start, load, stop (the agents' last flush), analyze. The catalog is sampled once. */
function createPhaseRunner({ settings, clock, api, dbUrl, metricsUrl, ingestKey, log }: PhaseDeps) {
  let catalog: CatalogSample | undefined;
  let maxOrderId = 0;
  return {
    async run(profile: Profile, version: string): Promise<{ result: PhaseResult; paymentsPort: number }> {
      const commerce = await startCommerce({
        profile,
        databaseUrl: dbUrl,
        seedScale: settings.seedScale,
        agent: {
          endpoint: metricsUrl,
          apiKey: ingestKey,
          flushIntervalMillis: settings.flushIntervalMillis,
          shopVersion: version,
          tracing: { randomShare: settings.randomShare },
          clock,
        },
        logger: { info: log, warn: log, error: log },
      });
      let closed = false;
      try {
        if (commerce.seeded) maxOrderId = commerce.seeded.counts.orders;
        catalog ??= await discoverCatalog({ getJson: createRawJsonGetter(commerce.shopUrl), maxProducts: 200 });
        // Let the agents' first export (which carries the new service.version) land, then start on a whole
        // proof-minute, so the minute holding the deploy marker holds no load of either profile.
        await sleep(settings.flushIntervalMillis * 1.5);
        await sleep(clock.realDelayMs(60_000 - (clock.nowMs() % 60_000)) + 20);
        log(`${profile}: load for ${settings.phaseMillis / 1000} s on ${commerce.shopUrl}`);
        const fromMs = clock.nowMs();
        const [load, account] = await Promise.all([
          runLoad({
            targetUrl: commerce.shopUrl,
            catalog,
            connections: settings.loadConnections,
            overallRatePerSecond: settings.loadRatePerSecond,
            durationMillis: settings.phaseMillis,
            timeoutMillis: 10_000,
            ...(settings.weights ? { weights: settings.weights } : {}),
          }),
          runAccountTraffic({
            targetUrl: commerce.shopUrl,
            maxUserId: catalog.maxUserId,
            maxOrderId: Math.max(1, maxOrderId),
            ratePerSecond: settings.accountRatePerSecond,
            durationMillis: settings.phaseMillis,
          }),
        ]);
        const toMs = clock.nowMs();
        const paymentsPort = Number(new URL(commerce.paymentsUrl).port);
        closed = true;
        await commerce.close(); // the agents flush a last time
        await sleep(500); // the store's writer thread commits what that flush brought
        const analysis = await analyze(api, fromMs, clock.nowMs());
        log(`${profile}: ${analysis.findings.length} findings from ${analysis.tracesAnalyzed} traces`);
        return {
          paymentsPort,
          result: {
            profile,
            version,
            fromMs,
            toMs,
            load: {
              ...load.stats.totals(),
              scenarios: load.stats.all().map((s) => ({
                name: s.name,
                requests: s.requests,
                p50Ms: round(s.latencyMs.quantile(0.5)),
                p95Ms: round(s.latencyMs.quantile(0.95)),
              })),
            },
            account,
            ...analysis,
          },
        };
      } finally {
        if (!closed) await commerce.close();
      }
    },
  };
}

/** Analyzes both services over the window and reads each finding's record (for its evidence.statement). */
async function analyze(api: StrideApi, fromMs: number, toMs: number) {
  const findings: ObservedFinding[] = [];
  const analysisErrors: PhaseResult['analysisErrors'] = [];
  let tracesAnalyzed = 0;
  for (const service of SERVICES) {
    const answer = await api.analyze(service, fromMs, toMs);
    tracesAnalyzed += answer.tracesAnalyzed;
    analysisErrors.push(...answer.errors.map((e) => ({ service, ...e })));
    const records = new Map((await api.recommendations(service)).map((r) => [r.id, r]));
    for (const f of answer.findings) {
      const record = records.get(f.recommendationId) ?? (await api.recommendation(f.recommendationId));
      const statement = record.evidence['statement'];
      findings.push({
        recommendationId: f.recommendationId,
        kind: f.kind,
        service,
        route: f.route,
        key: f.key,
        title: f.title,
        statement: typeof statement === 'string' ? statement : null,
        msSavedPerRequest: record.impact.msSavedPerRequest,
        evidence: record.evidence,
      });
    }
  }
  return { findings, analysisErrors, tracesAnalyzed };
}

const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : Number.NaN);
