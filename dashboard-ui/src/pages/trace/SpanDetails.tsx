import { Link } from 'react-router';
import { formatMs } from '../../lib/format.js';
import { routePath } from '../../lib/links.js';
import { useLinkTo } from '../../state/use-url-params.js';
import type { WaterfallSpan } from './waterfall-layout.js';

/** Attributes long enough to deserve their own block rather than a table cell. */
const BLOCK_ATTRIBUTES = new Set(['db.query.text', 'exception.stacktrace', 'url.full']);

export function SpanDetails({
  span,
  traceStartMs,
  color,
}: {
  span: WaterfallSpan;
  traceStartMs: number;
  color: string;
}) {
  const linkTo = useLinkTo();
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  const route = span.attributes['http.route'];
  const method = span.attributes['http.request.method'];
  return (
    <div className="span-details">
      <div className="span-details-head">
        <span className="wf-service-chip" style={{ background: color }} />
        <h3>{span.name}</h3>
      </div>
      <dl className="span-facts">
        <dt>Service</dt>
        <dd>{span.service}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Duration</dt>
        <dd>{formatMs(span.durationMs)}</dd>
        <dt>Starts at</dt>
        <dd>+{formatMs(span.startTime - traceStartMs)}</dd>
        <dt>Status</dt>
        <dd className={span.status === 'error' ? 'text-red' : undefined}>
          {span.status}
          {span.statusMessage ? `: ${span.statusMessage}` : ''}
        </dd>
        <dt>Span id</dt>
        <dd className="mono">{span.spanId}</dd>
      </dl>
      {span.kind === 'server' && typeof route === 'string' && typeof method === 'string' && (
        <Link to={linkTo(routePath(span.service, method, route))}>
          Open {method} {route}
        </Link>
      )}
      {attributes
        .filter(([key]) => BLOCK_ATTRIBUTES.has(key))
        .map(([key, value]) => (
          <div key={key} className="span-block">
            <div className="span-block-key">{key}</div>
            <pre>{String(value)}</pre>
          </div>
        ))}
      <table className="attr-table">
        <caption className="visually-hidden">Attributes of {span.name}</caption>
        <tbody>
          {attributes
            .filter(([key]) => !BLOCK_ATTRIBUTES.has(key))
            .map(([key, value]) => (
              <tr key={key}>
                <th scope="row" className="attr-key">
                  {key}
                </th>
                <td className="attr-value">{String(value)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
