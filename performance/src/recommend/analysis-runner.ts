import type { AnalysisWindow } from './analysis-input.js';
import { ValidationPendingError } from './errors.js';
import type { AnalysisInput } from './recommendation.js';
import type { RecommendationService } from './recommendation-service.js';
import { type AnyDetector, runDetectors, type ThresholdOverrides } from './run-detectors.js';
import type { ValidationService } from './validation/validation-service.js';
import { VALIDATION_ACTOR } from './validation/validation-service.js';

export interface AnalysisFindingSummary {
  recommendationId: string;
  created: boolean;
  kind: string;
  route: string | null;
  key: string;
  title: string;
  impact: { msSavedPerRequest: number; msSavedPerMinute: number };
}

export interface AnalysisResult {
  service: string;
  fromMs: number;
  toMs: number;
  findings: AnalysisFindingSummary[];
  /** Records created and re-detected by this run. */
  created: number;
  updated: number;
  /** Detectors that failed (the others still ran). */
  errors: { kind: string; message: string }[];
  /** Traces the detectors saw. */
  tracesAnalyzed: number;
}

export interface ScheduledRunResult {
  analyses: AnalysisResult[];
  /** Services whose analysis (or a validation) failed, with why. */
  failures: { service: string; message: string }[];
  validated: string[];
  pending: string[];
}

export interface AnalysisRunnerDeps {
  gatherInput: (window: AnalysisWindow) => Promise<AnalysisInput>;
  records: RecommendationService;
  validation: Pick<ValidationService, 'validate' | 'dueForValidation'>;
  detectors: readonly AnyDetector[];
  thresholdOverrides?: ThresholdOverrides;
  listServices: () => Promise<string[]>;
  /** The window each analysis looks back over, ms. */
  windowMs: number;
}

/**
 * One analysis = gather one service's input over the window, run every detector (the registry plus regressions),
 * upsert a record per finding. The scheduled run does that for every service, then validates applied records that
 * have enough data after their marker.
 */
export function createAnalysisRunner({
  gatherInput,
  records,
  validation,
  detectors,
  thresholdOverrides = {},
  listServices,
  windowMs,
}: AnalysisRunnerDeps) {
  async function analyze(service: string, { fromMs, toMs, nowMs }: Omit<AnalysisWindow, 'service'>) {
    const input = await gatherInput({ service, fromMs, toMs, nowMs });
    const run = runDetectors(input, detectors, thresholdOverrides);
    const recorded = await records.recordFindings(run.findings, nowMs);
    const findings = recorded.map(({ recommendationId, created, finding }) => ({
      recommendationId,
      created,
      kind: finding.kind,
      route: finding.route,
      key: finding.key,
      title: finding.title,
      impact: finding.impact,
    }));
    const created = recorded.filter((r) => r.created).length;
    return {
      service,
      fromMs,
      toMs,
      findings,
      created,
      updated: recorded.length - created,
      errors: run.errors,
      tracesAnalyzed: input.traces.length,
    } satisfies AnalysisResult;
  }

  return {
    analyze,
    windowMs,

    async runScheduled(nowMs: number): Promise<ScheduledRunResult> {
      const result: ScheduledRunResult = { analyses: [], failures: [], validated: [], pending: [] };
      for (const service of await listServices()) {
        try {
          result.analyses.push(await analyze(service, { fromMs: nowMs - windowMs, toMs: nowMs, nowMs }));
        } catch (err) {
          result.failures.push({ service, message: err instanceof Error ? err.message : String(err) });
        }
      }
      for (const record of await records.list({ status: 'applied' })) {
        if (!validation.dueForValidation(record, nowMs)) continue;
        try {
          await validation.validate(record.id, { actor: VALIDATION_ACTOR, nowMs });
          result.validated.push(record.id);
        } catch (err) {
          if (err instanceof ValidationPendingError) result.pending.push(record.id);
          else {
            const message = err instanceof Error ? err.message : String(err);
            result.failures.push({ service: record.service, message: `validating ${record.id}: ${message}` });
          }
        }
      }
      return result;
    },
  };
}

export type AnalysisRunner = ReturnType<typeof createAnalysisRunner>;
