import { useParams } from 'react-router';
import { useGet } from '../../api/use-query.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime, formatMs } from '../../lib/format.js';
import { routePath, servicePath } from '../../lib/links.js';
import { formatList, parseList } from '../../state/url-state.js';
import { useLinkTo, useUrlParams } from '../../state/use-url-params.js';
import { SpanDetails } from './SpanDetails.js';
import { serviceColor, Waterfall } from './Waterfall.js';
import { layoutWaterfall, type WaterfallSpan } from './waterfall-layout.js';

export default function TracePage() {
  const traceId = useParams()['traceId'] ?? '';
  const linkTo = useLinkTo();
  const [params, update] = useUrlParams();
  const selected = params.get('span');
  const open = parseList(params.get('open'));
  const query = useGet('/api/v1/traces/{traceId}', { path: { traceId } });
  const spans: WaterfallSpan[] = query.data?.spans ?? [];
  const layout = layoutWaterfall(spans, { expanded: new Set(open), reveal: selected });
  const root = spans.find((s) => s.parentSpanId === null) ?? spans[0];
  const selectedSpan = spans.find((s) => s.spanId === selected) ?? null;
  const route = root?.attributes['http.route'];
  const method = root?.attributes['http.request.method'];

  const crumbs = [{ label: 'Overview', to: linkTo('/') }];
  if (root) crumbs.push({ label: root.service, to: linkTo(servicePath(root.service)) });
  if (root && typeof route === 'string' && typeof method === 'string') {
    crumbs.push({ label: `${method} ${route}`, to: linkTo(routePath(root.service, method, route)) });
  }

  return (
    <>
      <PageHeader
        title={`Trace ${traceId.slice(0, 8)}`}
        crumbs={crumbs}
        meta={
          root && (
            <>
              <span>{root.name}</span>
              <span>{formatMs(layout.totalMs)}</span>
              <span>{spans.length} spans</span>
              <span>{formatDateTime(root.startTime)}</span>
              <span className="service-legend">
                {layout.services.map((s) => (
                  <span key={s} className="legend-item">
                    <span className="wf-service-chip" style={{ background: serviceColor(layout.services, s) }} />
                    {s}
                  </span>
                ))}
              </span>
            </>
          )
        }
      />
      <div className="trace-layout">
        <Panel
          title="Waterfall"
          subtitle="Indented by parent; repeated calls are grouped (× n), select a group to expand it"
          query={query}
          isEmpty={(d) => d.spans.length === 0}
          className="panel--flush"
        >
          {() => (
            <Waterfall
              layout={layout}
              selectedSpanId={selected}
              onSelect={(spanId) => update({ span: spanId === selected ? null : spanId }, { replace: true })}
              onToggleGroup={(groupId) => {
                const row = layout.rows.find((r) => r.id === groupId);
                if (row?.type !== 'group') return;
                if (!row.expanded) {
                  update({ open: formatList([...open, groupId]) }, { replace: true });
                  return;
                }
                // Closing a group also drops a selection inside it, which would otherwise hold it open.
                const hidesSelection = row.spans.some((s) => s.spanId === selected);
                update(
                  { open: formatList(open.filter((g) => g !== groupId)), ...(hidesSelection ? { span: null } : {}) },
                  { replace: true },
                );
              }}
            />
          )}
        </Panel>
        <Panel
          title="Span"
          subtitle={selectedSpan ? undefined : 'Select a span to see its attributes'}
          className="span-panel"
        >
          {selectedSpan ? (
            <SpanDetails
              span={selectedSpan}
              traceStartMs={layout.startMs}
              color={serviceColor(layout.services, selectedSpan.service)}
            />
          ) : (
            <div className="panel-state panel-state--empty" style={{ minHeight: 120 }}>
              No span selected
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}
