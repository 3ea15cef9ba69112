import { useParams } from 'react-router';
import { useGet } from '../../api/use-query.js';
import { HealthBadge } from '../../components/HealthBadge.js';
import { Kpi, KpiStrip } from '../../components/Kpi.js';
import { PageHeader } from '../../components/PageHeader.js';
import { formatApdex, formatCount, formatMs, formatPercent, formatRate } from '../../lib/format.js';
import { healthOf } from '../../lib/health.js';
import { useRangeQuery } from '../../state/time-context.js';
import { useLinkTo } from '../../state/use-url-params.js';
import { RecommendationsBadge } from '../recommendations/RecommendationsBadge.js';
import { RoutesPanel } from './RoutesPanel.js';
import { RuntimePanels } from './RuntimePanels.js';
import { RequestCharts } from './ServiceCharts.js';
import { CachePanel, DependenciesPanel, PoolPanel, TopStatementsPanel } from './ServiceDetailPanels.js';

export default function ServicePage() {
  const service = useParams()['service'] ?? '';
  const range = useRangeQuery();
  const linkTo = useLinkTo();
  const services = useGet('/api/v1/services', { query: range });
  const summary = services.data?.services.find((s) => s.name === service);
  const pending = services.data === undefined;
  return (
    <>
      <PageHeader
        title={service}
        crumbs={[{ label: 'Overview', to: linkTo('/') }]}
        meta={
          <>
            {summary && <HealthBadge health={healthOf(summary)} />}
            <RecommendationsBadge service={service} />
          </>
        }
      />
      <KpiStrip label={`Totals of ${service}`}>
        <Kpi label="Requests" value={pending ? '…' : formatCount(summary?.requests ?? 0)} />
        <Kpi label="Rate" value={pending ? '…' : formatRate(summary?.requestRate ?? null)} />
        <Kpi label="Error rate" value={pending ? '…' : formatPercent(summary?.errorRate ?? null)} />
        <Kpi label="p95" value={pending ? '…' : formatMs(summary?.p95Ms ?? null)} />
        <Kpi label="Apdex" value={pending ? '…' : formatApdex(summary?.apdex ?? null)} />
      </KpiStrip>
      <RequestCharts filter={{ service }} />
      <RoutesPanel service={service} />
      <div className="grid">
        <TopStatementsPanel service={service} />
        <CachePanel service={service} />
        <DependenciesPanel service={service} />
        <PoolPanel service={service} />
      </div>
      <h2 className="section-title">Runtime</h2>
      <RuntimePanels service={service} />
    </>
  );
}
