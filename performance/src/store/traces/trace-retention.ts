import type { Database } from 'better-sqlite3';
import type { RetentionResult } from './trace-store.js';

export interface TraceRetentionOptions {
  /** Traces whose root started longer ago than this are deleted. */
  retentionMs: number;
  /** Most spans kept; past it the oldest traces go first (whole traces, never single spans). */
  maxSpans: number;
  /** Traces deleted per transaction; between batches the event loop serves requests. */
  batchSize?: number;
  /** Awaited between batches; the default yields to the event loop. */
  pause?: () => Promise<void>;
}

interface Victim {
  trace_id: string;
  span_count: number;
}

/**
 * Age retention, then the size cap. Example: retention 7 d, cap 1,000 spans, 1,200 stored of which traces holding
 * 150 spans are 8 days old: those go first (1,050 left), then the oldest remaining traces until ≤ 1,000 remain —
 * a trace of 30 spans and one of 25 (995 left). Deletes in batches so a large purge never stalls ingest.
 */
export function createTraceRetention(
  db: Database,
  isOpen: () => boolean,
  {
    retentionMs,
    maxSpans,
    batchSize = 500,
    pause = () => new Promise((resolve) => setImmediate(resolve)),
  }: TraceRetentionOptions,
): (nowMs: number) => Promise<RetentionResult> {
  const expired = db.prepare<[number, number], Victim>(
    'SELECT trace_id, span_count FROM traces WHERE start_ms < ? LIMIT ?',
  );
  const oldest = db.prepare<[number], Victim>(
    'SELECT trace_id, span_count FROM traces ORDER BY start_ms, trace_id LIMIT ?',
  );
  const totalSpans = db.prepare<[], { n: number | null }>('SELECT sum(span_count) AS n FROM traces');
  const deleteSpans = db.prepare<[string]>('DELETE FROM spans WHERE trace_id = ?');
  const deleteServices = db.prepare<[string]>('DELETE FROM trace_services WHERE trace_id = ?');
  const deleteTrace = db.prepare<[string]>('DELETE FROM traces WHERE trace_id = ?');

  const remove = db.transaction((victims: readonly Victim[]): number => {
    let spans = 0;
    for (const { trace_id } of victims) {
      spans += deleteSpans.run(trace_id).changes;
      deleteServices.run(trace_id);
      deleteTrace.run(trace_id);
    }
    return spans;
  });

  return async (nowMs) => {
    const result: RetentionResult = { deletedTraces: 0, deletedSpans: 0 };
    const take = (victims: readonly Victim[]) => {
      result.deletedSpans += remove(victims);
      result.deletedTraces += victims.length;
    };

    const cutoffMs = nowMs - retentionMs;
    for (let batch = expired.all(cutoffMs, batchSize); batch.length > 0 && isOpen(); ) {
      take(batch);
      await pause();
      if (!isOpen()) return result;
      batch = expired.all(cutoffMs, batchSize);
    }

    while (isOpen()) {
      let excess = (totalSpans.get()?.n ?? 0) - maxSpans;
      if (excess <= 0) break;
      const victims: Victim[] = [];
      for (const victim of oldest.all(batchSize)) {
        if (excess <= 0) break;
        victims.push(victim);
        excess -= victim.span_count;
      }
      if (victims.length === 0) break;
      take(victims);
      await pause();
    }
    return result;
  };
}
