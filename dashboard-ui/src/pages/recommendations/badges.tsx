import { formatUnit } from '../../lib/format.js';
import {
  KIND_LABELS,
  PRIORITY_TONES,
  type PriorityLabel,
  type RecommendationKind,
  type RecommendationStatus,
  STATUS_INFO,
} from './recommendation-types.js';

const toneClass = (tone: string) => (tone === 'muted' ? 'badge' : `badge badge--${tone}`);

/** high / medium / low with the ms/min it stands for in the tooltip; text, never colour alone. */
export function PriorityBadge({ label, priority }: { label: PriorityLabel | undefined; priority: number }) {
  const shown = label ?? 'low';
  return (
    <span
      className={`${toneClass(PRIORITY_TONES[shown])} priority-badge`}
      title={`Priority ${formatUnit(priority, 'none')} ms saved per minute`}
    >
      {shown.charAt(0).toUpperCase() + shown.slice(1)}
    </span>
  );
}

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  const info = STATUS_INFO[status];
  return <span className={toneClass(info.tone)}>{info.label}</span>;
}

export function KindLabel({ kind }: { kind: RecommendationKind }) {
  return (
    <span className="kind-label" title={kind}>
      {KIND_LABELS[kind] ?? kind}
    </span>
  );
}
