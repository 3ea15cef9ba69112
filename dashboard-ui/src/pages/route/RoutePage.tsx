import { useParams } from 'react-router';
import { ApiError, getTyped } from '../../api/client.js';
import { useGet, useQuery } from '../../api/use-query.js';
import { DistributionChart } from '../../charts/DistributionChart.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatCount, formatMs } from '../../lib/format.js';
import { routeFromSplat, servicePath } from '../../lib/links.js';
import { useRangeQuery, useTime } from '../../state/time-context.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';
import { RecommendationsBadge } from '../recommendations/RecommendationsBadge.js';
import { RequestCharts } from '../service/ServiceCharts.js';
import { AddMarker } from './AddMarker.js';
import { TracesPanel } from './TracesPanel.js';

/** Deploy and manual markers of the service; none when the metrics service runs without the markers routes (404). */
function useMarkers(service: string) {
  const range = useRangeQuery();
  return useQuery(
    JSON.stringify(['markers', service, range]),
    async (api, signal) => {
      try {
        return (await getTyped(api, '/api/v1/markers', { query: { service, ...range } }, signal)).markers;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      }
    },
    JSON.stringify(['markers', service]),
  );
}

const MIN_OPTIONS = [0, 100, 250, 500, 1000, 2500];

export default function RoutePage() {
  const params = useParams();
  const service = params['service'] ?? '';
  const method = params['method'] ?? '';
  const route = routeFromSplat(params['*']);
  const range = useRangeQuery();
  const { refreshNow } = useTime();
  const linkTo = useLinkTo();
  const [search, update] = useUrlParams();
  const minDurationMs = Number(search.get('min') ?? 0) || 0;
  const markers = useMarkers(service);
  const distribution = useGet('/api/v1/distribution', { query: { service, route, method, ...range } });
  const markerLines = (markers.data ?? []).map((m) => ({
    t: m.t,
    kind: m.kind,
    label: m.version ? `${m.label} ${m.version}` : m.label,
  }));

  return (
    <>
      <PageHeader
        title={`${method} ${route}`}
        crumbs={[
          { label: 'Overview', to: linkTo('/') },
          { label: service, to: linkTo(servicePath(service)) },
        ]}
        meta={<RecommendationsBadge service={service} route={`${method} ${route}`} />}
        actions={<AddMarker service={service} onAdded={refreshNow} />}
      />
      <RequestCharts filter={{ service, route, method }} markers={markerLines} />
      <Panel
        title="Latency distribution"
        subtitle={
          distribution.data
            ? `${formatCount(distribution.data.count)} requests · p50 ${formatMs(distribution.data.p50Ms)} · p95 ${formatMs(distribution.data.p95Ms)} · p99 ${formatMs(distribution.data.p99Ms)}; log-spaced buckets`
            : 'From the stored histograms; log-spaced buckets'
        }
        query={distribution}
        isEmpty={(d) => d.count === 0}
      >
        {(d) => <DistributionChart distribution={d} label={`Latency distribution of ${method} ${route}`} />}
      </Panel>
      <div className="grid">
        <TracesPanel
          title="Slowest traces"
          subtitle={minDurationMs > 0 ? `At least ${formatMs(minDurationMs)}, slowest first` : 'Slowest first'}
          filter={{ service, route, method, sort: 'duration', ...(minDurationMs > 0 ? { minDurationMs } : {}) }}
          actions={
            <select
              className="select"
              aria-label="Minimum duration"
              value={minDurationMs}
              onChange={(e) => update({ min: Number(e.target.value) || null })}
            >
              {MIN_OPTIONS.map((ms) => (
                <option key={ms} value={ms}>
                  {ms === 0 ? 'Any duration' : `≥ ${formatMs(ms)}`}
                </option>
              ))}
            </select>
          }
        />
        <TracesPanel
          title="Erroring traces"
          subtitle="A span failed or the response was ≥ 500; newest first"
          filter={{ service, route, method, sort: 'start', status: 'error' }}
        />
      </div>
    </>
  );
}
