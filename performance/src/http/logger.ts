/** The logging seam: passed in, never global, so tests can capture lines and embedders can route them. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One line per event on stderr: `2025-01-01T00:00:00.000Z warn message {"key":"value"}`. */
export function createConsoleLogger({
  write = (line: string) => process.stderr.write(line),
  nowMs = () => Date.now(),
}: {
  write?: (line: string) => void;
  nowMs?: () => number;
} = {}): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    write(`${new Date(nowMs()).toISOString()} ${level} ${message}${suffix}\n`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
