import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../http/errors.js';
import type { FaultInjector } from '../payments/fault-injector.js';
import { createPaymentsApp } from '../payments/payments-app.js';
import { type Listening, listen } from '../shop/listen.js';
import { PaymentsClient, type PaymentsClientOptions } from './payments-client.js';

describe('PaymentsClient against the payments service', () => {
  let server: Listening;
  let faults: FaultInjector;
  const clients: PaymentsClient[] = [];
  const client = (options: Partial<PaymentsClientOptions> = {}) => {
    const c = new PaymentsClient({
      baseUrl: server.url,
      keepAlive: true,
      baseDelayMillis: 1,
      random: () => 0.5,
      ...options,
    });
    clients.push(c);
    return c;
  };
  const authorize = (c: PaymentsClient, key: string, paymentMethod = 'tok_visa') =>
    c.authorize({ orderRef: key, amountCents: 1000, currency: 'USD', paymentMethod }, key);

  beforeAll(async () => {
    const payments = createPaymentsApp({ faultInjection: true });
    faults = payments.faults;
    server = await listen(payments.app, 0, '127.0.0.1');
  });
  afterEach(() => {
    faults.clear();
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reuses one socket with keep-alive, and opens a new one per call without it', async () => {
    const pooled = client({ keepAlive: true });
    const fresh = client({ keepAlive: false });
    for (let i = 0; i < 5; i++) {
      await authorize(pooled, `ka-${i}`);
      await authorize(fresh, `nka-${i}`);
    }
    expect(pooled.stats().socketsReused).toBe(4);
    expect(fresh.stats().socketsReused).toBe(0);
  });

  it('is idempotent by key: the same key gets the same payment id', async () => {
    const c = client();
    const first = await authorize(c, 'same-key');
    expect(first).toMatchObject({ outcome: 'authorized', paymentId: expect.stringMatching(/^pay_[0-9a-f]{24}$/) });
    expect(await authorize(c, 'same-key')).toEqual(first);
    expect(await authorize(c, 'decline-me', 'tok_declined')).toEqual({ outcome: 'declined', reason: 'card_declined' });
  });

  it('retries 503s with backoff and succeeds within maxAttempts', async () => {
    const c = client({ maxAttempts: 3 });
    faults.set({ failNext: 2, failStatus: 503, delayMillis: 0, failureRate: 0 });
    expect((await authorize(c, 'retry-1')).outcome).toBe('authorized');
    expect(c.stats()).toMatchObject({ calls: 1, attempts: 3, retries: 2 });
    expect(faults.injectedFailures).toBe(2);
  });

  it('times out slow attempts, retries them, then gives up with a 503 dependency error', async () => {
    const c = client({ timeoutMillis: 80, maxAttempts: 2 });
    faults.set({ failNext: 0, failStatus: 503, delayMillis: 400, failureRate: 0 });
    const started = performance.now();
    const err = await authorize(c, 'slow-1').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(DependencyUnavailableError);
    expect((err as DependencyUnavailableError).message).toContain('timed out after 80 ms');
    expect(c.stats()).toMatchObject({ attempts: 2, retries: 1, timeouts: 2 });
    expect(elapsed).toBeGreaterThanOrEqual(160);
    // Without the per-attempt timeout each attempt would wait out the 400 ms delay (800 ms in all).
    expect(elapsed).toBeLessThan(750);
  });

  it('does not retry or count client errors against the service', async () => {
    const c = client({ breaker: { volumeThreshold: 1, errorThresholdPercentage: 1 } });
    const err = await c
      .authorize({ orderRef: 'x', amountCents: -1, currency: 'USD', paymentMethod: 'tok_visa' }, 'bad-1')
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('answered 400');
    expect(c.stats()).toMatchObject({ attempts: 1, breakerState: 'closed' });
  });

  it('opens the circuit after repeated failures, fails fast while open, and closes after a good trial call', async () => {
    const resetTimeoutMillis = 300;
    const c = client({
      maxAttempts: 1,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMillis },
    });
    faults.set({ failNext: 1_000, failStatus: 502, delayMillis: 0, failureRate: 0 });
    for (let i = 0; i < 3; i++)
      await expect(authorize(c, `down-${i}`)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(c.stats().breakerState).toBe('open');

    const attemptsBefore = c.stats().attempts;
    const rejected = await authorize(c, 'while-open').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(DependencyUnavailableError);
    expect((rejected as DependencyUnavailableError).message).toContain('circuit open');
    expect((rejected as DependencyUnavailableError).headers['Retry-After']).toBe('1');
    expect(c.stats()).toMatchObject({ attempts: attemptsBefore, rejectedWhileOpen: 1 });

    faults.clear();
    await sleep(resetTimeoutMillis + 50);
    expect(c.stats().breakerState).toBe('half-open');
    expect((await authorize(c, 'recovered')).outcome).toBe('authorized');
    expect(c.stats().breakerState).toBe('closed');
  });

  it('reopens when the trial call in half-open state fails', async () => {
    const c = client({ maxAttempts: 1, breaker: { volumeThreshold: 2, resetTimeoutMillis: 100 } });
    faults.set({ failNext: 1_000, failStatus: 503, delayMillis: 0, failureRate: 0 });
    for (let i = 0; i < 2; i++) await authorize(c, `x-${i}`).catch(() => {});
    expect(c.stats().breakerState).toBe('open');
    await sleep(150);
    await authorize(c, 'trial').catch(() => {});
    expect(c.stats().breakerState).toBe('open');
  });
});
