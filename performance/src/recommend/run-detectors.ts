import type { AnalysisInput, Detector, Finding, RecommendationKind } from './recommendation.js';

/** Thresholds overrides per kind (from config); merged over each detector's defaults. */
export type ThresholdOverrides = Partial<Record<RecommendationKind, Record<string, number>>>;

export interface DetectorRun {
  findings: Finding[];
  /** Detectors that threw: a bug in one detector must not hide the others' findings. */
  errors: { kind: RecommendationKind; message: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: detectors differ in their thresholds type; each gets its own back.
export type AnyDetector = Detector<any>;

/**
 * Runs every detector on one input. Findings for another service or of another kind than their detector are
 * dropped (a detector only speaks for its own kind, about the service it was given).
 */
export function runDetectors(
  input: AnalysisInput,
  detectors: readonly AnyDetector[],
  overrides: ThresholdOverrides = {},
): DetectorRun {
  const run: DetectorRun = { findings: [], errors: [] };
  for (const detector of detectors) {
    try {
      const thresholds = { ...detector.defaults, ...(overrides[detector.kind] ?? {}) };
      for (const finding of detector.detect(input, thresholds)) {
        if (finding.kind === detector.kind && finding.service === input.service) run.findings.push(finding);
      }
    } catch (err) {
      run.errors.push({ kind: detector.kind, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return run;
}
