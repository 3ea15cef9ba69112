import { useState } from 'react';
import { RequireRole, useApi } from '../../auth/session-context.js';

/** What POST /api/v1/analysis answers (the parts shown). */
interface AnalysisAnswer {
  service: string;
  created: number;
  updated: number;
  errors: { kind: string; message: string }[];
}

/** "shop: 2 new, 3 updated" per service, or why it failed. */
export function analysisSummary(results: readonly (AnalysisAnswer | { service: string; error: string })[]): string {
  return results
    .map((r) => {
      if ('error' in r) return `${r.service}: ${r.error}`;
      const failed =
        r.errors.length > 0 ? `, ${r.errors.length} detector${r.errors.length === 1 ? '' : 's'} failed` : '';
      return `${r.service}: ${r.created} new, ${r.updated} updated${failed}`;
    })
    .join(' · ');
}

/**
 * "Run analysis" for editors: runs the detectors now (POST /api/v1/analysis) on the filtered service, or on every
 * service in turn, instead of waiting for the scheduled run.
 */
export function RunAnalysis({ services, onDone }: { services: readonly string[]; onDone: () => void }) {
  return (
    <RequireRole minRole="editor">
      <RunAnalysisButton services={services} onDone={onDone} />
    </RequireRole>
  );
}

function RunAnalysisButton({ services, onDone }: { services: readonly string[]; onDone: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setSummary(null);
    const results: Parameters<typeof analysisSummary>[0][number][] = [];
    // One at a time: an analysis reads up to 400 traces; several at once would compete for the same store.
    for (const service of services) {
      try {
        results.push((await api.post(`/api/v1/analysis?service=${encodeURIComponent(service)}`, {})) as AnalysisAnswer);
      } catch (failure) {
        results.push({ service, error: failure instanceof Error ? failure.message : String(failure) });
      }
    }
    setSummary(analysisSummary(results));
    setBusy(false);
    onDone();
  };
  const target = services.length === 1 ? services[0] : `${services.length} services`;
  return (
    <div className="run-analysis">
      <button
        type="button"
        className="button button--small"
        disabled={busy || services.length === 0}
        title={
          services.length === 0 ? 'No service has reported in this time range' : `Run the detectors on ${target} now`
        }
        onClick={() => void run()}
      >
        {busy ? 'Analysing…' : 'Run analysis'}
      </button>
      {summary !== null && (
        <span className="run-analysis-result" role="status">
          {summary}
        </span>
      )}
    </div>
  );
}
