import { Router } from 'express';
import { z } from 'zod';
import { integerText, MAX_INT4 } from '../http/params.js';
import { parseRequest } from '../http/validate.js';
import { listProductsQuery } from './catalog-filter.js';
import type { CatalogService } from './catalog-service.js';

export const idParam = z.object({ id: integerText(1, MAX_INT4) });

const productPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5_000).optional(),
    brand: z.string().trim().min(1).max(100).optional(),
    basePriceCents: z.number().int().min(0).max(100_000_000).optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message: 'needs at least one field to change',
  });

export function catalogRoutes(catalog: CatalogService): Router {
  const router = Router();

  router.get('/categories', async (_req, res) => {
    res.json({ items: await catalog.listCategories() });
  });

  router.get('/products', async (req, res) => {
    const { query } = parseRequest(req, { query: listProductsQuery });
    res.json(await catalog.listProducts(query));
  });

  router.get('/products/:id', async (req, res) => {
    const { params } = parseRequest(req, { params: idParam });
    res.json(await catalog.getProduct(params.id));
  });

  router.patch('/products/:id', async (req, res) => {
    const { params, body } = parseRequest(req, { params: idParam, body: productPatch });
    res.json(await catalog.updateProduct(params.id, body));
  });

  return router;
}
