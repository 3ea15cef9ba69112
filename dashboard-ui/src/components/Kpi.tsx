import type { ReactNode } from 'react';

/** A headline number with its label, for the strip at the top of a page. */
export function Kpi({ label, value, tone, hint }: { label: string; value: ReactNode; tone?: string; hint?: string }) {
  return (
    <div className={`kpi${tone ? ` kpi--${tone}` : ''}`} title={hint}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
    </div>
  );
}

export function KpiStrip({ children, label }: { children: ReactNode; label: string }) {
  return (
    <section className="kpi-strip" aria-label={label}>
      {children}
    </section>
  );
}
