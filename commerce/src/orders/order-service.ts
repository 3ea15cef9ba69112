import type pg from 'pg';
import { withTransaction } from '../db/transaction.js';
import {
  ConflictError,
  DependencyUnavailableError,
  HttpError,
  NotFoundError,
  PaymentDeclinedError,
} from '../http/errors.js';
import type { InventoryReserver, ReservationLine } from '../inventory/reservations.js';
import type { PaymentsClient } from '../payments-client/payments-client.js';
import type { LineItem } from '../pricing/line-items.js';
import type { Quote } from '../pricing/price-lines.js';
import type { PricingService } from '../pricing/pricing-service.js';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, requestHash } from './idempotency.js';
import type { OrderReader } from './order-reader.js';
import type { OrderDetail } from './order-types.js';
import { insertOrder, setOrderStatus } from './order-writes.js';

export interface PlaceOrderRequest {
  userId: number;
  items: LineItem[];
  paymentMethod: string;
  shippingCountry: string;
}

export interface PlacedOrder {
  status: number;
  body: unknown;
  /** True when the body is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

export interface OrderServiceDeps {
  pool: pg.Pool;
  pricing: PricingService;
  reserver: InventoryReserver;
  reader: OrderReader;
  payments: PaymentsClient;
}

/**
 * Checkout: claim the idempotency key, price the (aggregated) lines, reserve stock and write the order in one
 * transaction, authorize the payment, request the shipment, and store the response under the key.
 *
 * Outcomes that are the final answer for this body (201 created, 402 declined) are stored and replayed for the
 * same key; failures a retry may cure (stock, unknown SKU, payments down) release the key and reserved stock.
 */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  async place(request: PlaceOrderRequest, idempotencyKey: string): Promise<PlacedOrder> {
    const { pool } = this.deps;
    const { rowCount } = await pool.query('SELECT 1 FROM users WHERE id = $1', [request.userId]);
    if (rowCount === 0) throw new NotFoundError(`user ${request.userId} not found`);
    const claim = await claimIdempotencyKey(pool, request.userId, idempotencyKey, requestHash(request));
    if (claim.kind === 'replay') return { status: claim.status, body: claim.body, replayed: true };
    try {
      const outcome = await this.placeClaimed(request);
      await completeIdempotencyKey(pool, request.userId, idempotencyKey, outcome.status, outcome.body);
      return { ...outcome, replayed: false };
    } catch (err) {
      await releaseIdempotencyKey(pool, request.userId, idempotencyKey).catch(() => {});
      throw err;
    }
  }

  async getOrder(id: number): Promise<OrderDetail> {
    const order = await this.deps.reader.getOrder(this.deps.pool, id);
    if (!order) throw new NotFoundError(`order ${id} not found`);
    return order;
  }

  private async placeClaimed(request: PlaceOrderRequest): Promise<{ status: number; body: unknown }> {
    const { pool, pricing, reserver, payments } = this.deps;
    const quote = await pricing.quote(request.items);
    const lines: ReservationLine[] = quote.lines.map((line) => ({
      variantId: line.variantId,
      sku: line.sku,
      quantity: line.quantity,
    }));
    const orderId = await withTransaction(pool, async (tx) => {
      const shortages = await reserver.reserve(tx, lines);
      if (shortages.length > 0) {
        const list = shortages.map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`).join(', ');
        throw new ConflictError('insufficient_stock', `insufficient stock for ${list}`, { shortages });
      }
      return insertOrder(tx, request.userId, quote);
    });
    const orderRef = `order-${orderId}`;

    let authorization: Awaited<ReturnType<PaymentsClient['authorize']>>;
    try {
      authorization = await payments.authorize(
        { orderRef, amountCents: quote.totalCents, currency: quote.currency, paymentMethod: request.paymentMethod },
        `${orderRef}-authorization`,
      );
    } catch (err) {
      await this.abandon(orderId, lines, 'cancelled', `payment not attempted: ${(err as Error).message}`);
      throw err instanceof HttpError ? err : new DependencyUnavailableError('payments service failed', 1);
    }
    if (authorization.outcome === 'declined') {
      await this.abandon(orderId, lines, 'payment_declined', authorization.reason);
      const declined = new PaymentDeclinedError(authorization.reason);
      return { status: 402, body: { error: { code: declined.code, message: declined.message, details: { orderId } } } };
    }
    await setOrderStatus(pool, orderId, 'paid', { paymentId: authorization.paymentId });
    await this.requestShipment(orderId, orderRef, request, quote);
    return { status: 201, body: await this.getOrder(orderId) };
  }

  /** A shipment that cannot be requested now leaves the order paid, logged as pending, for a later retry. */
  private async requestShipment(orderId: number, orderRef: string, request: PlaceOrderRequest, quote: Quote) {
    const itemCount = quote.lines.reduce((sum, line) => sum + line.quantity, 0);
    try {
      const shipment = await this.deps.payments.createShipment(
        { orderRef, itemCount, country: request.shippingCountry },
        `${orderRef}-shipment`,
      );
      await setOrderStatus(this.deps.pool, orderId, 'processing', {
        shipmentId: shipment.id,
        note: `${shipment.carrier}, about ${shipment.estimatedDays} days`,
      });
    } catch (err) {
      await setOrderStatus(this.deps.pool, orderId, 'paid', {
        note: `shipment pending: ${(err as Error).message}`,
        logStatus: 'shipment_pending',
      });
    }
  }

  private async abandon(orderId: number, lines: ReservationLine[], status: string, note: string): Promise<void> {
    await withTransaction(this.deps.pool, async (tx) => {
      await this.deps.reserver.release(tx, lines);
      await setOrderStatus(tx, orderId, status, { note });
    });
  }
}
