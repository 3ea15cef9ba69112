import { Link } from 'react-router';
import type { TraceSummary } from '../../api/types.js';
import { useGet } from '../../api/use-query.js';
import { DataTable } from '../../components/DataTable.js';
import { Panel } from '../../components/Panel.js';
import { formatAxisTime, formatDateTime, formatMs } from '../../lib/format.js';
import { tracePath } from '../../lib/links.js';
import { useRangeQuery } from '../../state/time-context.js';
import { useLinkTo } from '../../state/use-url-params.js';

export interface TraceFilter {
  service: string;
  route: string;
  method: string;
  sort: 'start' | 'duration';
  status?: string;
  minDurationMs?: number;
}

type TraceKey = 'startTime' | 'durationMs' | 'status' | 'spanCount' | 'services';

/** Sampled traces of a route (slowest first, or erroring), each a link to its waterfall. */
export function TracesPanel({
  title,
  subtitle,
  filter,
  actions,
}: {
  title: string;
  subtitle: string;
  filter: TraceFilter;
  actions?: React.ReactNode;
}) {
  const range = useRangeQuery();
  const linkTo = useLinkTo();
  const query = useGet('/api/v1/traces', { query: { ...filter, ...range, limit: 20 } });
  return (
    <Panel
      title={title}
      subtitle={subtitle}
      query={query}
      isEmpty={(d) => d.traces.length === 0}
      emptyText="No sampled trace matches in this range"
      className="panel--flush"
      actions={actions}
    >
      {(d) => (
        <DataTable<TraceSummary, TraceKey>
          caption={title}
          rows={d.traces}
          rowKey={(t) => t.traceId}
          columns={[
            {
              key: 'startTime',
              label: 'Started',
              value: (t) => t.startTime,
              render: (t) => (
                <Link to={linkTo(tracePath(t.traceId))} title={formatDateTime(t.startTime)}>
                  {formatAxisTime(t.startTime, 60_000)}
                </Link>
              ),
            },
            {
              key: 'durationMs',
              label: 'Duration',
              numeric: true,
              value: (t) => t.durationMs,
              render: (t) => formatMs(t.durationMs),
            },
            {
              key: 'status',
              label: 'Status',
              numeric: true,
              value: (t) => t.status,
              render: (t) => <span className={t.error ? 'text-red' : undefined}>{t.status ?? '–'}</span>,
            },
            { key: 'spanCount', label: 'Spans', numeric: true, value: (t) => t.spanCount },
            { key: 'services', label: 'Services', value: (t) => t.services.join(', ') },
          ]}
        />
      )}
    </Panel>
  );
}
