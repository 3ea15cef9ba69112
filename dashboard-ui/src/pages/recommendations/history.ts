// The history timeline's lines. Re-detections arrive every analysis run (every 5 minutes by default, up to 500
// kept), so by default they are folded: status changes and validations always show, plus the first detection.
import { type HistoryEntry, STATUS_INFO } from './recommendation-types.js';

export interface TimelineItem {
  at: number;
  actor: string;
  type: HistoryEntry['type'];
  /** `Accepted`, `Open → Dismissed`, `Detected`, `Re-detected`, `Validated`. */
  title: string;
  reason: string;
}

function titleOf(entry: HistoryEntry, first: boolean): string {
  if (entry.type === 'detected') return first ? 'Detected' : 'Re-detected';
  if (entry.type === 'validation') return 'Validation';
  const to = STATUS_INFO[entry.to].label;
  return entry.from === null ? to : `${STATUS_INFO[entry.from].label} → ${to}`;
}

/**
 * Newest first. With `showDetections` false, re-detections after the first are left out and counted in `folded`.
 */
export function timelineItems(
  history: readonly HistoryEntry[],
  { showDetections }: { showDetections: boolean },
): { items: TimelineItem[]; folded: number } {
  const oldestFirst = [...history].sort((a, b) => a.at - b.at);
  const firstDetection = oldestFirst.find((e) => e.type === 'detected');
  let folded = 0;
  const items: TimelineItem[] = [];
  for (const entry of oldestFirst) {
    const isFirst = entry === firstDetection;
    if (entry.type === 'detected' && !isFirst && !showDetections) {
      folded++;
      continue;
    }
    items.push({
      at: entry.at,
      actor: entry.actor,
      type: entry.type,
      title: titleOf(entry, isFirst),
      reason: entry.reason,
    });
  }
  return { items: items.reverse(), folded };
}
