import { Router } from 'express';
import { z } from 'zod';
import { parseRequest } from '../http/validate.js';
import { MAX_QUANTITY } from '../pricing/line-items.js';
import type { CartService } from './cart-service.js';

const cartParams = z.object({ cartId: z.uuid() });
const itemParams = z.object({ cartId: z.uuid(), sku: z.string().min(1).max(64) });
const createBody = z.object({ userId: z.number().int().min(1).optional() }).strict();
const quantityBody = z.object({ quantity: z.number().int().min(0).max(MAX_QUANTITY) }).strict();

export function cartRoutes(carts: CartService): Router {
  const router = Router();

  router.post('/carts', async (req, res) => {
    const { body } = parseRequest(req, { body: createBody });
    res.status(201).json(await carts.create(body.userId));
  });

  router.get('/carts/:cartId', async (req, res) => {
    const { params } = parseRequest(req, { params: cartParams });
    res.json(await carts.get(params.cartId));
  });

  router.put('/carts/:cartId/items/:sku', async (req, res) => {
    const { params, body } = parseRequest(req, { params: itemParams, body: quantityBody });
    res.json(await carts.setQuantity(params.cartId, params.sku, body.quantity));
  });

  router.delete('/carts/:cartId/items/:sku', async (req, res) => {
    const { params } = parseRequest(req, { params: itemParams });
    res.json(await carts.setQuantity(params.cartId, params.sku, 0));
  });

  router.delete('/carts/:cartId', async (req, res) => {
    const { params } = parseRequest(req, { params: cartParams });
    await carts.delete(params.cartId);
    res.status(204).end();
  });

  return router;
}
