import type { DbStatement } from '../query/db-statements.js';
import type { QueryService } from '../query/query-service.js';
import type { ServiceDetailQueries } from '../query/service-detail.js';
import type { Store } from '../store/store.js';
import type { TraceStore } from '../store/traces/trace-store.js';
import { type AnalysisWindow, gatherAnalysisInput } from './analysis-input.js';
import { createAnalysisRunner } from './analysis-runner.js';
import { startAnalysisScheduler } from './analysis-scheduler.js';
import { DETECTORS } from './detectors/registry.js';
import { adviseIndexes as adviseIndexesOf, connectPg } from './index-advisor/index-advisor.js';
import { createIntervalReader } from './interval-reader.js';
import { createRecommendationService } from './recommendation-service.js';
import { regressionDetector } from './regression/regression-detector.js';
import type { AnyDetector, ThresholdOverrides } from './run-detectors.js';
import { createValidationService } from './validation/validation-service.js';
import { createVersionWatcher } from './version-watcher.js';

export interface RecommendModuleOptions {
  store: Pick<
    Store,
    'recommendations' | 'markers' | 'findSeries' | 'readSteps' | 'readMerged' | 'tiers' | 'listServices'
  >;
  traces: Pick<TraceStore, 'listTraces' | 'getTrace'>;
  query: Pick<QueryService, 'routes'>;
  detail: ServiceDetailQueries;
  /** Analysis look-back, ms. */
  analysisWindowMs: number;
  /** Longest before/after validation window, ms. */
  validationWindowMs?: number;
  detectors?: readonly AnyDetector[];
  thresholdOverrides?: ThresholdOverrides;
  /** Service → PostgreSQL URL whose slow statements the index advisor EXPLAINs (STRIDE_EXPLAIN_DATABASES). */
  explainDatabases?: Readonly<Record<string, string>>;
  onError?: (what: string, err: Error) => void;
}

/**
 * Wires the recommendation stage: records, analysis, validation, the version watcher. The store is reached lazily
 * (on the first call), so building the module touches nothing.
 */
export function createRecommendModule({
  store,
  traces,
  query,
  detail,
  analysisWindowMs,
  validationWindowMs = 3_600_000,
  detectors = [...DETECTORS, regressionDetector],
  thresholdOverrides = {},
  explainDatabases = {},
  onError = () => {},
}: RecommendModuleOptions) {
  const intervals = createIntervalReader({ store });
  const adviseIndexes =
    Object.keys(explainDatabases).length === 0
      ? undefined
      : async (service: string, statements: readonly DbStatement[]) =>
          (await adviseIndexesOf(service, statements, { databases: explainDatabases, connect: connectPg })).advice;
  const gatherInput = (window: AnalysisWindow) =>
    gatherAnalysisInput(
      {
        query,
        detail,
        traces,
        intervals,
        markers: store.markers,
        adviseIndexes,
        onAdviceError: (err) => onError(`index advice for ${window.service}`, err),
      },
      window,
    );
  const records = createRecommendationService({ recommendations: store.recommendations, markers: store.markers });
  const validation = createValidationService({
    records,
    markers: store.markers,
    intervals,
    gatherInput,
    detectors,
    thresholdOverrides,
    windowMs: validationWindowMs,
  });
  const runner = createAnalysisRunner({
    gatherInput,
    records,
    validation,
    detectors,
    thresholdOverrides,
    listServices: () => store.listServices(),
    windowMs: analysisWindowMs,
  });
  const versionWatcher = createVersionWatcher({
    markers: store.markers,
    onError: (err) => onError('version watcher', err),
  });
  return {
    records,
    validation,
    runner,
    markers: store.markers,
    versionWatcher,
    knownService: async (service: string) => (await store.listServices()).includes(service),
    /** Starts the cron schedule; the returned stop() ends it. */
    schedule(cron: string, nowMs: () => number) {
      return startAnalysisScheduler({
        cron,
        nowMs,
        run: (now) => runner.runScheduled(now),
        onResult: ({ failures }) => {
          for (const { service, message } of failures) onError(`scheduled analysis of ${service}`, new Error(message));
        },
        onError: (err) => onError('scheduled analysis', err),
      });
    },
  };
}

export type RecommendModule = ReturnType<typeof createRecommendModule>;
