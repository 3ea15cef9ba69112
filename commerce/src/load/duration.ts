/** Milliseconds per unit suffix. */
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;

/**
 * `30s` → 30_000, `1.5m` → 90_000, `500ms` → 500; a bare number is seconds (`45` → 45_000), as in autocannon
 * and k6. Null when the text is not a positive duration.
 */
export function parseDurationMillis(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number));
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

/** 90_000 → `1m30s`, 30_000 → `30s`, 1_500 → `1.5s`. */
export function formatDurationMillis(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${seconds > 0 ? `${seconds}s` : ''}`;
}
