/** Milliseconds per unit suffix, for durations written like `15m` or `30d`. */
export const DURATION_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;

/** `90s` → 90_000, `48h` → 172_800_000; null when the text is not `<integer><unit>`. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * DURATION_UNIT_MS[match[2]!]!;
  return Number.isSafeInteger(ms) ? ms : null;
}
