// A handful of 20px stroke icons, inline so the shell needs no icon font or extra request.
const PATHS = {
  overview: 'M3 3h6v8H3zM11 3h6v5h-6zM11 10h6v7h-6zM3 13h6v4H3z',
  database:
    'M4 5c0-1.7 2.7-3 6-3s6 1.3 6 3-2.7 3-6 3-6-1.3-6-3zM4 5v10c0 1.7 2.7 3 6 3s6-1.3 6-3V5M4 10c0 1.7 2.7 3 6 3s6-1.3 6-3',
  benchmarks: 'M3 17h14M5 17V9M9 17V4M13 17v-6M17 17V7',
  dashboards: 'M3 3h14v14H3zM3 8h14M8 8v9',
  refresh: 'M16 10a6 6 0 1 1-1.8-4.3M16 3v4h-4',
  sun: 'M10 14a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM10 1v2M10 17v2M1 10h2M17 10h2M3.6 3.6l1.4 1.4M15 15l1.4 1.4M3.6 16.4 5 15M15 5l1.4-1.4',
  moon: 'M16.5 12.5A7 7 0 0 1 7.5 3.5a7 7 0 1 0 9 9z',
  clock: 'M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM10 5v5l3 2',
  signOut: 'M8 17H4V3h4M13 14l4-4-4-4M17 10H8',
  chevron: 'M7 4l6 6-6 6',
  close: 'M5 5l10 10M15 5 5 15',
  recommendations:
    'M7.5 15h5M8.5 18h3M10 2a5.5 5.5 0 0 0-3.2 10c.7.5 1.2 1.3 1.2 2h4c0-.7.5-1.5 1.2-2A5.5 5.5 0 0 0 10 2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ''}`}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
