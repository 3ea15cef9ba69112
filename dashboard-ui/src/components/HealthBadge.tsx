import { HEALTH_LABELS, type Health } from '../lib/health.js';

/** A coloured dot with its meaning in text for screen readers (and a tooltip), never colour alone. */
export function HealthDot({ health }: { health: Health }) {
  return (
    <span className={`health-dot health-dot--${health}`} title={HEALTH_LABELS[health]}>
      <span className="visually-hidden">{HEALTH_LABELS[health]}</span>
    </span>
  );
}

export function HealthBadge({ health }: { health: Health }) {
  return <span className={`badge badge--${health}`}>{HEALTH_LABELS[health]}</span>;
}
