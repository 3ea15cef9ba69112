import { Router } from 'express';
import { z } from 'zod';
import { parseRequest } from '../http/validate.js';
import { lineItemsSchema } from './line-items.js';
import type { PricingService } from './pricing-service.js';

const quoteBody = z.object({ items: lineItemsSchema }).strict();

export function pricingRoutes(pricing: PricingService): Router {
  const router = Router();
  router.post('/pricing/quote', async (req, res) => {
    const { body } = parseRequest(req, { body: quoteBody });
    res.json(await pricing.quote(body.items));
  });
  return router;
}
