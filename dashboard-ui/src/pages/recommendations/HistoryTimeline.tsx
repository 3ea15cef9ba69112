import { useState } from 'react';
import { formatDateTime } from '../../lib/format.js';
import { timelineItems } from './history.js';
import type { HistoryEntry } from './recommendation-types.js';

/** Who changed what and when, newest first; re-detections folded behind a toggle. */
export function HistoryTimeline({ history }: { history: readonly HistoryEntry[] }) {
  const [showDetections, setShowDetections] = useState(false);
  const { items, folded } = timelineItems(history, { showDetections });
  if (items.length === 0) return <p className="text-muted">No history yet.</p>;
  return (
    <>
      <ol className="timeline">
        {items.map((item) => (
          <li key={`${item.at}-${item.type}-${item.title}`} className={`timeline-item timeline-item--${item.type}`}>
            <div className="timeline-head">
              <strong>{item.title}</strong>
              <time dateTime={new Date(item.at).toISOString()}>{formatDateTime(item.at)}</time>
            </div>
            <div className="timeline-meta">by {item.actor}</div>
            {item.reason !== '' && <p className="timeline-reason">{item.reason}</p>}
          </li>
        ))}
      </ol>
      {(folded > 0 || showDetections) && (
        <button type="button" className="link-button timeline-toggle" onClick={() => setShowDetections((v) => !v)}>
          {showDetections ? 'Hide re-detections' : `Show ${folded} re-detection${folded === 1 ? '' : 's'}`}
        </button>
      )}
    </>
  );
}
