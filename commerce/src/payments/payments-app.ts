import { createHash } from 'node:crypto';
import express, { type Express, type RequestHandler, Router } from 'express';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { createErrorHandler, notFoundHandler } from '../http/error-handler.js';
import { parseRequest } from '../http/validate.js';
import { FaultInjector, faultSchema } from './fault-injector.js';

export interface PaymentsAppOptions {
  /** Mounts PUT/GET/DELETE /_faults; never on in production. */
  faultInjection?: boolean;
  /** Idempotent responses remembered (the oldest are forgotten past it). */
  maxRememberedResponses?: number;
  /** Mounted before the routes, e.g. the Stride agent's middleware. */
  before?: RequestHandler[];
}

/** The payment method token that is always declined, as card test numbers are. */
export const DECLINED_PAYMENT_METHOD = 'tok_declined';

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255) });
const authorizationBody = z
  .object({
    orderRef: z.string().min(1).max(100),
    amountCents: z.number().int().min(0),
    currency: z.literal('USD'),
    paymentMethod: z.string().min(1).max(100),
  })
  .strict();
const shipmentBody = z
  .object({ orderRef: z.string().min(1).max(100), itemCount: z.number().int().min(1), country: z.string().length(2) })
  .strict();

const CARRIERS = ['UPS', 'DHL', 'FedEx', 'USPS'] as const;

/** Ids derive from the idempotency key, so a retried call (or a second process) answers with the same id. */
function idFor(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/**
 * The payments/shipping service the shop calls over HTTP: card authorizations and shipment creation, both
 * idempotent by `Idempotency-Key` (a repeat gets the first response), with optional injected faults.
 */
export function createPaymentsApp({
  faultInjection = false,
  maxRememberedResponses = 10_000,
  before = [],
}: PaymentsAppOptions = {}): { app: Express; faults: FaultInjector } {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  for (const middleware of before) app.use(middleware);
  app.use(express.json({ limit: '16kb' }));
  const faults = new FaultInjector();
  const remembered = new LRUCache<string, { status: number; body: unknown }>({ max: maxRememberedResponses });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (faultInjection) {
    app.get('/_faults', (_req, res) => {
      res.json(faults.current());
    });
    app.put('/_faults', (req, res) => {
      const { body } = parseRequest(req, { body: faultSchema });
      faults.set(body);
      res.json(faults.current());
    });
    app.delete('/_faults', (_req, res) => {
      faults.clear();
      res.status(204).end();
    });
  }

  const v1 = Router();
  v1.use(faults.middleware());
  /** Answers from memory for a repeated key; otherwise computes, remembers and answers. */
  const idempotent = (scope: string, compute: (key: string) => { status: number; body: unknown }): RequestHandler => {
    return (req, res) => {
      const key = `${scope}:${parseRequest(req, { headers: idempotencyHeaders }).headers['idempotency-key']}`;
      let response = remembered.get(key);
      if (!response) {
        response = compute(key);
        remembered.set(key, response);
      }
      res.status(response.status).json(response.body);
    };
  };

  v1.post('/authorizations', (req, res, next) => {
    const { body } = parseRequest(req, { body: authorizationBody });
    idempotent('authorization', (key) =>
      body.paymentMethod === DECLINED_PAYMENT_METHOD
        ? { status: 402, body: { error: { code: 'card_declined', message: 'the card was declined' } } }
        : {
            status: 201,
            body: {
              id: idFor('pay', key),
              status: 'authorized',
              amountCents: body.amountCents,
              currency: body.currency,
            },
          },
    )(req, res, next);
  });

  v1.post('/shipments', (req, res, next) => {
    const { body } = parseRequest(req, { body: shipmentBody });
    idempotent('shipment', (key) => {
      const id = idFor('shp', key);
      const n = Number.parseInt(id.slice(4, 12), 16);
      return {
        status: 201,
        body: { id, carrier: CARRIERS[n % CARRIERS.length], estimatedDays: 2 + (n % 5), country: body.country },
      };
    })(req, res, next);
  });

  app.use('/v1', v1);
  app.use(notFoundHandler);
  app.use(createErrorHandler());
  return { app, faults };
}
