import type { MistakeReach, SeededMistake } from './seeded-mistakes.js';

/** What the proof reads of each recommendation an analysis produced. */
export interface ObservedFinding {
  recommendationId: string;
  kind: string;
  service: string;
  route: string | null;
  key: string;
  title: string;
  statement: string | null;
  msSavedPerRequest: number;
  /** The record's evidence, kept for the report and for reading a failed run. */
  evidence: Record<string, unknown>;
}

export interface MatchContext {
  paymentsPort: number;
}

export function matches(mistake: SeededMistake, finding: ObservedFinding, { paymentsPort }: MatchContext): boolean {
  if (mistake.kind !== finding.kind || mistake.service !== finding.service) return false;
  if (mistake.route !== null && mistake.route !== finding.route) return false;
  if (mistake.statement && !(finding.statement !== null && mistake.statement.test(finding.statement))) return false;
  if (mistake.keyPattern) {
    const pattern = new RegExp(mistake.keyPattern.replaceAll('{paymentsPort}', String(paymentsPort)), 'i');
    if (!pattern.test(finding.key)) return false;
  }
  return true;
}

export interface ProfileScore {
  /** Seeded mistakes found, with the findings that matched each. */
  found: { mistake: SeededMistake; findings: ObservedFinding[] }[];
  missed: SeededMistake[];
  /** Findings that are accepted consequences of a mistake (not false positives, not needed for recall). */
  consequences: { mistake: SeededMistake; finding: ObservedFinding }[];
  /** Findings that match nothing seeded. */
  falsePositives: ObservedFinding[];
}

/**
 * Naive run: each finding either matches a seeded mistake (true positive), an accepted consequence, or nothing
 * (false positive). Optimized run: pass no mistakes — every finding is then a false positive, and
 * `stillFound` tells which of them are a seeded mistake the optimized profile should have fixed.
 */
export function scoreFindings(
  findings: readonly ObservedFinding[],
  mistakes: readonly SeededMistake[],
  consequences: readonly SeededMistake[],
  context: MatchContext,
): ProfileScore {
  const score: ProfileScore = { found: [], missed: [], consequences: [], falsePositives: [] };
  const used = new Set<ObservedFinding>();
  for (const mistake of mistakes) {
    const hits = findings.filter((f) => matches(mistake, f, context));
    for (const hit of hits) used.add(hit);
    if (hits.length > 0) score.found.push({ mistake, findings: hits });
    else score.missed.push(mistake);
  }
  for (const finding of findings) {
    if (used.has(finding)) continue;
    const consequence = consequences.find((c) => matches(c, finding, context));
    if (consequence) score.consequences.push({ mistake: consequence, finding });
    else score.falsePositives.push(finding);
  }
  return score;
}

/** Findings of the optimized run that match a seeded mistake or consequence: fixes that did not remove the pattern. */
export function stillFound(
  findings: readonly ObservedFinding[],
  seeded: readonly SeededMistake[],
  context: MatchContext,
): { mistake: SeededMistake; finding: ObservedFinding }[] {
  return findings.flatMap((finding) => {
    const mistake = seeded.find((m) => matches(m, finding, context));
    return mistake ? [{ mistake, finding }] : [];
  });
}

export interface KindRow {
  kind: string;
  /** Seeded mistakes of the kind (recall's denominator), and how many of them the proof can reach. */
  seeded: number;
  reachable: number;
  truePositives: number;
  /** Naive findings of the kind matching nothing seeded, plus every optimized finding of the kind. */
  falsePositives: number;
  missed: number;
  /** null when nothing of the kind was found (no finding to be right or wrong about). */
  precision: number | null;
  /** null when nothing of the kind is seeded. */
  recall: number | null;
  /** Why the missed ones were missed (their reach), e.g. `2 agent-gap`. */
  missedBecause: string;
}

/**
 * Precision and recall per kind over both runs: precision = TP ÷ (TP + FP), where an accepted consequence counts
 * as TP and every optimized finding as FP; recall = seeded mistakes found ÷ seeded mistakes.
 */
export function kindTable(naive: ProfileScore, optimizedFindings: readonly ObservedFinding[]): KindRow[] {
  const kinds = new Set<string>([
    ...naive.found.map((f) => f.mistake.kind),
    ...naive.missed.map((m) => m.kind),
    ...naive.consequences.map((c) => c.finding.kind),
    ...naive.falsePositives.map((f) => f.kind),
    ...optimizedFindings.map((f) => f.kind),
  ]);
  return [...kinds].sort().map((kind) => {
    const found = naive.found.filter((f) => f.mistake.kind === kind).length;
    const missed = naive.missed.filter((m) => m.kind === kind);
    const consequences = naive.consequences.filter((c) => c.finding.kind === kind).length;
    const falsePositives =
      naive.falsePositives.filter((f) => f.kind === kind).length +
      optimizedFindings.filter((f) => f.kind === kind).length;
    const truePositives = found + consequences;
    const seeded = found + missed.length;
    const reasons = new Map<MistakeReach, number>();
    for (const m of missed) reasons.set(m.reach, (reasons.get(m.reach) ?? 0) + 1);
    return {
      kind,
      seeded,
      reachable: [...naive.found.map((f) => f.mistake), ...missed].filter(
        (m) =>
          m.kind === kind && (m.reach === 'expected' || m.reach === 'large-seed' || m.reach === 'timing-dependent'),
      ).length,
      truePositives,
      falsePositives,
      missed: missed.length,
      precision: truePositives + falsePositives === 0 ? null : truePositives / (truePositives + falsePositives),
      recall: seeded === 0 ? null : found / seeded,
      missedBecause: [...reasons].map(([reach, n]) => `${n} ${reach}`).join(', '),
    };
  });
}
