import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { pageSchema } from '../catalog/catalog-filter.js';
import { idParam } from '../catalog/catalog-routes.js';
import { NotFoundError } from '../http/errors.js';
import { integerText, MAX_INT4 } from '../http/params.js';
import { parseRequest } from '../http/validate.js';
import { lineItemsSchema } from '../pricing/line-items.js';
import type { OrderReader } from './order-reader.js';
import type { OrderService } from './order-service.js';

/** Visible ASCII, as the IETF Idempotency-Key draft's examples (UUIDs, random tokens). */
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required' })
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces'),
});

const placeOrderBody = z
  .object({
    userId: z.number().int().min(1),
    items: lineItemsSchema,
    paymentMethod: z.string().min(1).max(100).default('tok_visa'),
    shippingCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like "US"')
      .default('US'),
  })
  .strict();

const userParams = z.object({ userId: integerText(1, MAX_INT4) });
const pageQuery = z.object(pageSchema).strict();

export function orderRoutes(pool: pg.Pool, orders: OrderService, reader: OrderReader): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const { headers, body } = parseRequest(req, { headers: idempotencyHeaders, body: placeOrderBody });
    const placed = await orders.place(body, headers['idempotency-key']);
    if (placed.replayed) res.set('Idempotent-Replayed', 'true');
    const id = (placed.body as { id?: unknown }).id;
    if (placed.status === 201 && typeof id === 'number') res.location(`/orders/${id}`);
    res.status(placed.status).json(placed.body);
  });

  router.get('/orders/:id', async (req, res) => {
    const { params } = parseRequest(req, { params: idParam });
    res.json(await orders.getOrder(params.id));
  });

  router.get('/users/:userId/orders', async (req, res) => {
    const { params, query } = parseRequest(req, { params: userParams, query: pageQuery });
    // Together: the list does not need the check's answer, only the 404 decision does (the recommendation proof's
    // sequential-calls finding on this route, in both profiles).
    const [user, page] = await Promise.all([
      pool.query('SELECT 1 FROM users WHERE id = $1', [params.userId]),
      reader.listByUser(pool, { userId: params.userId, ...query }),
    ]);
    if (user.rowCount === 0) throw new NotFoundError(`user ${params.userId} not found`);
    res.json(page);
  });

  return router;
}
