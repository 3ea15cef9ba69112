import { reject } from './point-rejected-error.js';

/** OTLP fixed64 nanosecond timestamp (decimal string or number) as bigint; 0n when absent. */
export function parseUnixNanos(value: string | number | undefined, field: string): bigint {
  if (value === undefined || value === '') return 0n;
  try {
    const nanos = typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(value);
    if (nanos < 0n) return reject(field, `timestamp must not be negative, got ${value}`);
    return nanos;
  } catch {
    return reject(field, `expected unix nanoseconds, got ${JSON.stringify(value)}`);
  }
}

export const nanosToMs = (nanos: bigint): number => Number(nanos / 1_000_000n);
export const msToNanos = (ms: number): bigint => BigInt(Math.trunc(ms)) * 1_000_000n;
