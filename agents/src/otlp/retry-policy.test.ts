import { describe, expect, it } from 'vitest';
import { backoffMillis, parseRetryAfterMillis, RETRYABLE_STATUS_CODES } from './retry-policy.js';

const policy = { initialBackoffMillis: 500, maxBackoffMillis: 5000 };

describe('backoffMillis (full jitter)', () => {
  it('spans [0, min(max, initial·2^attempt))', () => {
    expect(backoffMillis(0, policy, () => 0)).toBe(0);
    expect(backoffMillis(0, policy, () => 0.999)).toBe(499);
    expect(backoffMillis(1, policy, () => 0.5)).toBe(500);
    expect(backoffMillis(3, policy, () => 0.5)).toBe(2000);
    expect(backoffMillis(4, policy, () => 0.5)).toBe(2500);
    expect(backoffMillis(30, policy, () => 0.999)).toBe(4995);
  });
});

describe('parseRetryAfterMillis', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMillis('3', now)).toBe(3000);
    expect(parseRetryAfterMillis(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMillis('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMillis('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfterMillis(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMillis('soon', now)).toBeUndefined();
    expect(parseRetryAfterMillis('-1', now)).toBeUndefined();
  });
});

describe('RETRYABLE_STATUS_CODES', () => {
  it('are the OTLP/HTTP retryable codes only', () => {
    expect([...RETRYABLE_STATUS_CODES].sort()).toEqual([429, 502, 503, 504]);
  });
});
