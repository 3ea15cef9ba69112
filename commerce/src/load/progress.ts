import { formatDurationMillis } from './duration.js';

export interface ProgressState {
  elapsedMs: number;
  durationMs: number;
  requests: number;
  errors: number;
  /** Requests per second over the last tick. */
  recentRps: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `13.5s/30s  1,234 requests  98.2 req/s  0 errors`: the status part shared by the bar and the plain lines. */
export function formatProgressStatus({ elapsedMs, durationMs, requests, errors, recentRps }: ProgressState): string {
  const time = `${formatDurationMillis(Math.min(elapsedMs, durationMs))}/${formatDurationMillis(durationMs)}`;
  return `${time}  ${count(requests)} requests  ${recentRps.toFixed(1)} req/s  ${count(errors)} errors`;
}

/** `[=========>          ]  45%  13.5s/30s  …` with `width` cells between the brackets. */
export function formatProgressBar(state: ProgressState, width = 30): string {
  const fraction = state.durationMs > 0 ? Math.min(1, Math.max(0, state.elapsedMs / state.durationMs)) : 1;
  const filled = Math.floor(fraction * width);
  const bar = filled >= width ? '='.repeat(width) : `${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}`;
  return `[${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatProgressStatus(state)}`;
}

/** How often a non-TTY gets a line: a tenth of the run, between 5 s and 60 s. */
export function plainIntervalMillis(durationMs: number): number {
  return Math.min(60_000, Math.max(5_000, Math.round(durationMs / 10)));
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Shows progress on a terminal as one bar redrawn in place, elsewhere (CI logs, pipes) as a plain line every
 * plainIntervalMillis, so logs stay readable.
 */
export class ProgressReporter {
  private lastPlainMs = 0;
  private drawn = false;

  constructor(private readonly output: ProgressOutput) {}

  update(state: ProgressState): void {
    if (this.output.isTTY) {
      // \r + erase line: redraw the bar where it was.
      this.output.write(`\r\x1b[2K${formatProgressBar(state)}`);
      this.drawn = true;
      return;
    }
    if (state.elapsedMs - this.lastPlainMs >= plainIntervalMillis(state.durationMs)) {
      this.lastPlainMs = state.elapsedMs;
      this.output.write(`load: ${formatProgressStatus(state)}\n`);
    }
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.output.write('\n');
    this.drawn = false;
  }
}
