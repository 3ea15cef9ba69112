import { Link } from 'react-router';
import { useGet } from '../../api/use-query.js';
import { Kpi, KpiStrip } from '../../components/Kpi.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatCount, formatDateTime, formatMs } from '../../lib/format.js';
import { routePath, servicePath, tracePath } from '../../lib/links.js';
import { useTime } from '../../state/time-context.js';
import { useLinkTo } from '../../state/use-url-params.js';
import {
  comparedText,
  DistributionOverlay,
  P95AroundMarker,
  type TrackingSeries,
  VerdictBox,
} from './BeforeAfterCharts.js';
import { KindLabel, PriorityBadge, StatusBadge } from './badges.js';
import { CodeBlock } from './CodeBlock.js';
import { EvidenceTable } from './EvidenceTable.js';
import { evidenceRows, exampleTraceIds } from './evidence-format.js';
import { HistoryTimeline } from './HistoryTimeline.js';
import { LifecycleActions } from './LifecycleActions.js';
import { isDoneValidation, type Recommendation, splitRoute } from './recommendation-types.js';
import { verdictSummary } from './verdict.js';

function RouteLink({ rec }: { rec: Recommendation }) {
  const linkTo = useLinkTo();
  const parts = splitRoute(rec.route);
  if (parts === null) return <span>{rec.route ?? 'service-wide'}</span>;
  return (
    <Link to={linkTo(routePath(rec.service, parts.method, parts.path))} className="route-link">
      <span className="method">{parts.method}</span> <span className="route-path">{parts.path}</span>
    </Link>
  );
}

function ExampleTraces({ ids }: { ids: readonly string[] }) {
  const linkTo = useLinkTo();
  if (ids.length === 0)
    return <p className="text-muted">This finding comes from aggregates; it has no example trace.</p>;
  return (
    <ul className="trace-links">
      {ids.map((id) => (
        <li key={id}>
          <Link to={linkTo(tracePath(id))} className="mono" aria-label={`Open trace ${id}`}>
            {id}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function BeforeAfter({ rec, series }: { rec: Recommendation; series: TrackingSeries | undefined }) {
  const validation = rec.validation;
  const done = isDoneValidation(validation) ? validation : null;
  const summary = verdictSummary(validation);
  const before = done?.before.intervals ?? series?.before ?? [];
  const after = done?.after.intervals ?? series?.after ?? [];
  const markerT = done?.markerT ?? series?.markerT ?? null;
  const p95Subtitle =
    markerT === null
      ? 'p95 per minute over the last hour: the baseline a fix is compared against'
      : `p95 per minute ${done ? 'in the validated windows' : 'so far'}, around the change at ${formatDateTime(markerT)}`;
  return (
    <>
      <h2 className="section-title">Before and after the fix</h2>
      <div className="verdict-row">
        <VerdictBox summary={summary} />
        {done && <p className="text-muted verdict-compared">{comparedText(done)}</p>}
      </div>
      <div className="grid">
        <Panel title="p95 before vs after" subtitle={p95Subtitle}>
          <P95AroundMarker before={before} after={after} markerT={markerT} stepMs={series?.stepMs ?? 60_000} />
        </Panel>
        <Panel
          title="Latency distributions"
          subtitle={
            done
              ? `Share of each side's requests per latency bucket (log-spaced); dashed: p95 before ${formatMs(done.before.p95Ms)}, after ${formatMs(done.after.p95Ms)}`
              : 'Shown once a validation has compared both sides'
          }
        >
          {done ? (
            <DistributionOverlay validation={done} />
          ) : (
            <div className="panel-state panel-state--empty chart-empty">
              {rec.status === 'applied'
                ? 'Validate once 10 minutes of traffic have passed on each side of the change'
                : 'Apply the fix, then validate'}
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}

/** One recommendation: what was found, the proof, the fix, its history, and whether the fix helped. */
export function RecommendationDetail({ id }: { id: string }) {
  const linkTo = useLinkTo();
  const { refreshNow } = useTime();
  const detail = useGet('/api/v1/recommendations/{id}', { path: { id } });
  const tracking = useGet('/api/v1/recommendations/{id}/tracking', { path: { id } });
  const rec = detail.data;
  const crumbs = [{ label: 'Recommendations', to: linkTo('/recommendations') }];

  if (rec === undefined) {
    return (
      <>
        <PageHeader title="Recommendation" crumbs={crumbs} />
        <Panel title="Recommendation" query={detail}>
          {() => null}
        </Panel>
      </>
    );
  }

  const evidence = rec.evidence as unknown as Record<string, unknown>;
  const rows = evidenceRows(rec.kind, evidence);
  const traces = exampleTraceIds(evidence);
  const summary = verdictSummary(rec.validation);
  return (
    <>
      <PageHeader
        title={rec.title}
        crumbs={[...crumbs, { label: rec.service, to: linkTo(servicePath(rec.service)) }]}
        meta={
          <>
            <PriorityBadge label={rec.priorityLabel} priority={rec.priority} />
            <StatusBadge status={rec.status} />
            <KindLabel kind={rec.kind} />
            <RouteLink rec={rec} />
            {rec.firstSeen !== undefined && <span>First seen {formatDateTime(rec.firstSeen)}</span>}
            {rec.lastSeen !== undefined && <span>Last seen {formatDateTime(rec.lastSeen)}</span>}
          </>
        }
        actions={<LifecycleActions id={rec.id} allowed={rec.allowedEvents ?? []} onChanged={refreshNow} />}
      />
      {rec.status === 'dismissed' && rec.dismissReason && (
        <p className="callout">
          Dismissed{rec.dismissedAt ? ` on ${formatDateTime(rec.dismissedAt)}` : ''}: {rec.dismissReason}
        </p>
      )}
      <KpiStrip label="Impact">
        <Kpi label="Saves per request" value={formatMs(rec.impact.msSavedPerRequest)} />
        <Kpi
          label="Saves per minute"
          value={`${formatMs(rec.impact.msSavedPerMinute)}/min`}
          hint="Affected requests per minute × ms saved on each: the ranking"
        />
        <Kpi label="Verdict" value={summary.label} tone={summary.tone === 'muted' ? undefined : summary.tone} />
        <Kpi
          label="Detected"
          value={rec.detections === undefined ? '–' : `${formatCount(rec.detections)}×`}
          hint="Analysis runs that found it"
        />
      </KpiStrip>
      <div className="rec-layout">
        <Panel title="Evidence" subtitle="What the detector measured in the analysis window" className="rec-evidence">
          {rows.length === 0 ? (
            <p className="text-muted">No numbers were recorded for this finding.</p>
          ) : (
            <EvidenceTable rows={rows} caption={`Evidence for ${rec.title}`} />
          )}
        </Panel>
        <div className="rec-side">
          <Panel title="Example traces" subtitle="Worst first; open one to see the pattern in the waterfall">
            <ExampleTraces ids={traces} />
          </Panel>
          <Panel title="History" subtitle="Status changes, validations and detections" query={tracking}>
            {(t) => <HistoryTimeline history={t.history} />}
          </Panel>
        </div>
      </div>
      <Panel title="The fix" subtitle="Built from what was observed: adapt it to your code">
        <p className="fix-text">{rec.fix.text}</p>
        {rec.fix.code !== '' && <CodeBlock code={rec.fix.code} language={rec.fix.language} label="the fix" />}
      </Panel>
      <BeforeAfter rec={rec} series={tracking.data?.series} />
    </>
  );
}
