import { randomUUID } from 'node:crypto';
import type { MarkerRepo, RecommendationFilter, RecommendationRepo } from '../store/recommendation-repos.js';
import { ConcurrentUpdateError, RecommendationNotFoundError } from './errors.js';
import { type RecommendationEvent, transition } from './lifecycle.js';
import type { Finding } from './recommendation.js';
import type { HistoryEntry, Marker, RecommendationRecord } from './records.js';
import { createRecord, dedupeFindings, mergeFinding } from './upsert.js';

/** Compare-and-set attempts before a write gives up with ConcurrentUpdateError. */
const MAX_ATTEMPTS = 5;

export interface RecordedFinding {
  recommendationId: string;
  created: boolean;
  finding: Finding;
}

export interface ApplyInput {
  actor: string;
  nowMs: number;
  /** When the fix took effect (default now), unix ms. */
  t?: number;
  version?: string | null;
  reason?: string;
}

/**
 * Recommendation records over the store: dedup-upsert of findings and lifecycle moves, each a read-modify-write
 * retried on a revision conflict, so the scheduled analysis and API calls (and replicas) never lose each other's
 * changes.
 */
export function createRecommendationService({
  recommendations,
  markers,
  newId = randomUUID,
}: {
  recommendations: RecommendationRepo;
  markers: Pick<MarkerRepo, 'create'>;
  newId?: () => string;
}) {
  /** get → change → update until the update lands; `change` returning null means "nothing to write". */
  async function mutate(
    id: string,
    change: (record: RecommendationRecord) => { record: RecommendationRecord; history: HistoryEntry[] } | null,
  ): Promise<RecommendationRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await recommendations.get(id);
      if (current === null) throw new RecommendationNotFoundError(id);
      const next = change(current);
      if (next === null) return current;
      if (await recommendations.update(next.record, next.history)) return next.record;
    }
    throw new ConcurrentUpdateError(id);
  }

  async function upsert(finding: Finding, nowMs: number): Promise<RecordedFinding> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await recommendations.findByKey(finding.kind, finding.service, finding.key);
      if (existing === null) {
        const { record, history } = createRecord(finding, newId(), nowMs);
        if (await recommendations.insert(record, history)) {
          return { recommendationId: record.id, created: true, finding };
        }
        continue; // Another writer created it first: merge into theirs.
      }
      const { record, history } = mergeFinding(existing, finding, nowMs);
      if (await recommendations.update(record, history)) {
        return { recommendationId: record.id, created: false, finding };
      }
    }
    throw new ConcurrentUpdateError(`${finding.kind}/${finding.service}/${finding.key}`);
  }

  async function get(id: string): Promise<RecommendationRecord> {
    const record = await recommendations.get(id);
    if (record === null) throw new RecommendationNotFoundError(id);
    return record;
  }

  return {
    get,
    list: (filter: RecommendationFilter) => recommendations.list(filter),
    history: (id: string) => recommendations.history(id),
    mutate,

    /** Stores one run's findings: new keys become open records, known ones are re-detections. */
    async recordFindings(findings: readonly Finding[], nowMs: number): Promise<RecordedFinding[]> {
      const out: RecordedFinding[] = [];
      for (const finding of dedupeFindings(findings)) out.push(await upsert(finding, nowMs));
      return out;
    },

    /** accept, resolve, dismiss (reason required), reopen; apply and validate have their own entry points. */
    transition(
      id: string,
      event: Exclude<RecommendationEvent, 'apply' | 'validate'>,
      { actor, nowMs, reason }: { actor: string; nowMs: number; reason?: string },
    ): Promise<RecommendationRecord> {
      return mutate(id, (record) => {
        const next = transition(record, { event, actor, nowMs, reason });
        return { record: next.record, history: [next.entry] };
      });
    },

    /**
     * Marks a recommendation applied and records a manual marker at `t` (default now) labelled with it, so charts
     * show the change and validation compares around it. The move is checked before the marker is written.
     */
    async apply(id: string, { actor, nowMs, t = nowMs, version = null, reason }: ApplyInput) {
      const current = await get(id);
      transition(current, { event: 'apply', actor, nowMs, reason }); // throws on an illegal move: no marker then
      const marker: Marker = {
        id: newId(),
        service: current.service,
        kind: 'manual',
        label: `applied: ${current.title}`.slice(0, 200),
        version,
        t,
        createdBy: actor,
      };
      await markers.create(marker);
      const record = await mutate(id, (fresh) => {
        const next = transition(fresh, {
          event: 'apply',
          actor,
          nowMs,
          reason: reason ?? `applied; marker ${marker.id} at ${new Date(t).toISOString()}`,
        });
        return { record: { ...next.record, appliedAt: t, appliedMarkerId: marker.id }, history: [next.entry] };
      });
      return { record, marker };
    },
  };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;
