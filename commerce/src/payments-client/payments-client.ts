import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import CircuitBreaker from 'opossum';
import { DependencyUnavailableError } from '../http/errors.js';
import { backoffDelayMillis } from './backoff.js';
import { type JsonResponse, requestJson } from './http-json.js';
import { UpstreamError } from './upstream-errors.js';

export interface BreakerOptions {
  /** Failure share (percent) within the rolling window that opens the circuit. */
  errorThresholdPercentage?: number;
  /** Calls needed in the window before the share is judged, so two early failures do not open it. */
  volumeThreshold?: number;
  /** How long the circuit stays open before one trial call (half-open) may close it again. */
  resetTimeoutMillis?: number;
  rollingWindowMillis?: number;
}

export interface PaymentsClientOptions {
  baseUrl: string;
  /** Reuse sockets (keep-alive agent); false opens a new TCP connection for every call. */
  keepAlive: boolean;
  /** Per attempt. */
  timeoutMillis?: number;
  /** Attempts per call including the first; only timeouts, connection errors and 502/503/504 are retried. */
  maxAttempts?: number;
  baseDelayMillis?: number;
  maxDelayMillis?: number;
  breaker?: BreakerOptions;
  random?: () => number;
}

export interface AuthorizationRequest {
  orderRef: string;
  amountCents: number;
  currency: 'USD';
  paymentMethod: string;
}

export type AuthorizationResult =
  | { outcome: 'authorized'; paymentId: string }
  | { outcome: 'declined'; reason: string };

export interface ShipmentRequest {
  orderRef: string;
  itemCount: number;
  country: string;
}

export interface Shipment {
  id: string;
  carrier: string;
  estimatedDays: number;
}

export interface PaymentsClientStats {
  breakerState: 'closed' | 'open' | 'half-open';
  calls: number;
  attempts: number;
  retries: number;
  timeouts: number;
  rejectedWhileOpen: number;
  socketsReused: number;
}

/**
 * HTTP client of the payments/shipping service. Each call: up to maxAttempts attempts with a per-attempt
 * timeout and full-jitter backoff between them, all inside one circuit breaker (opossum) — when most recent calls
 * failed, calls fail at once with a 503 + Retry-After instead of queueing behind a dead service.
 */
export class PaymentsClient {
  private readonly baseUrl: URL;
  private readonly agent: http.Agent | false;
  private readonly breaker: CircuitBreaker<[() => Promise<JsonResponse>], JsonResponse>;
  private readonly resetTimeoutMillis: number;
  private readonly counts = { calls: 0, attempts: 0, retries: 0, timeouts: 0, rejectedWhileOpen: 0, socketsReused: 0 };

  constructor(private readonly options: PaymentsClientOptions) {
    const {
      baseUrl,
      keepAlive,
      breaker: {
        errorThresholdPercentage = 50,
        volumeThreshold = 5,
        resetTimeoutMillis = 5_000,
        rollingWindowMillis = 10_000,
      } = {},
    } = options;
    this.baseUrl = new URL(baseUrl);
    this.agent = keepAlive
      ? new http.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 64, maxFreeSockets: 16 })
      : false;
    this.resetTimeoutMillis = resetTimeoutMillis;
    this.breaker = new CircuitBreaker((call: () => Promise<JsonResponse>) => call(), {
      timeout: false,
      errorThresholdPercentage,
      volumeThreshold,
      resetTimeout: resetTimeoutMillis,
      rollingCountTimeout: rollingWindowMillis,
      // true = "not a failure": client errors say nothing about the service's health.
      errorFilter: (err: unknown) => err instanceof UpstreamError && !err.isUpstreamFault,
    });
  }

  async authorize(request: AuthorizationRequest, idempotencyKey: string): Promise<AuthorizationResult> {
    const res = await this.call('POST', '/v1/authorizations', request, idempotencyKey, [201, 402]);
    if (res.statusCode === 402) {
      const reason = (res.body as { error?: { code?: string } })?.error?.code ?? 'declined';
      return { outcome: 'declined', reason };
    }
    return { outcome: 'authorized', paymentId: String((res.body as { id: unknown }).id) };
  }

  async createShipment(request: ShipmentRequest, idempotencyKey: string): Promise<Shipment> {
    const res = await this.call('POST', '/v1/shipments', request, idempotencyKey, [201]);
    const body = res.body as Shipment;
    return { id: body.id, carrier: body.carrier, estimatedDays: body.estimatedDays };
  }

  stats(): PaymentsClientStats {
    const breakerState = this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
    return { breakerState, ...this.counts };
  }

  close(): void {
    this.breaker.shutdown();
    if (this.agent) this.agent.destroy();
  }

  private async call(method: 'POST', path: string, body: unknown, idempotencyKey: string, expected: number[]) {
    this.counts.calls++;
    try {
      return await this.breaker.fire(() => this.withRetries(method, path, body, idempotencyKey, expected));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'EOPENBREAKER') {
        this.counts.rejectedWhileOpen++;
        throw new DependencyUnavailableError(
          'payments service unavailable (circuit open)',
          this.resetTimeoutMillis / 1000,
        );
      }
      if (err instanceof UpstreamError && err.isUpstreamFault) {
        throw new DependencyUnavailableError(`payments service failed: ${err.message}`, 1);
      }
      throw err;
    }
  }

  private async withRetries(method: 'POST', path: string, body: unknown, idempotencyKey: string, expected: number[]) {
    const {
      timeoutMillis = 2_000,
      maxAttempts = 3,
      baseDelayMillis = 50,
      maxDelayMillis = 1_000,
      random = Math.random,
    } = this.options;
    for (let attempt = 1; ; attempt++) {
      this.counts.attempts++;
      try {
        const res = await requestJson({
          agent: this.agent,
          method,
          url: new URL(path, this.baseUrl),
          body,
          headers: { 'idempotency-key': idempotencyKey },
          timeoutMillis,
        });
        if (res.socketReused) this.counts.socketsReused++;
        if (!expected.includes(res.statusCode)) {
          throw new UpstreamError('status', `${method} ${path} answered ${res.statusCode}`, res.statusCode);
        }
        return res;
      } catch (err) {
        if (err instanceof UpstreamError && err.failure === 'timeout') this.counts.timeouts++;
        if (!(err instanceof UpstreamError) || !err.retryable || attempt >= maxAttempts) throw err;
        this.counts.retries++;
        await sleep(backoffDelayMillis(attempt, { baseDelayMillis, maxDelayMillis, random }));
      }
    }
  }
}
