import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { ExpressMiddleware } from '../http-server/express-middleware.js';

/**
 * A small shop API with nested routers, a sub-app, a 404 fallback and an error handler, written to run on
 * Express 4 and 5 alike, listening on 127.0.0.1:<random port>. Not part of the public API.
 *
 * Route templates it serves:
 *   GET  /                                      GET  /api/products/:id (100-byte body)
 *   POST /api/cart (201, echoes the body size)  GET  /api/users/:userId/orders/:orderId (mounted 3 routers deep)
 *   GET  /api/boom (throws → 500)               GET  /api/async-fail (rejects → 500)
 *   GET  /v2/items/:itemId (sub-app)            GET|PUT /api/stock/:sku (router.route)
 *   GET  /api/slow (waits ?ms= milliseconds)
 */
export async function startShopApp(expressModule: typeof express, middleware: ExpressMiddleware) {
  const app = expressModule();
  app.use(middleware);

  const orders = expressModule.Router({ mergeParams: true });
  orders.get('/:orderId', (req: Request, res: Response) => {
    res.json({ user: req.params.userId, order: req.params.orderId });
  });
  const users = expressModule.Router({ mergeParams: true });
  users.use('/:userId/orders', orders);

  const api = expressModule.Router();
  api.use('/users', users);
  api.get('/products/:id', (_req: Request, res: Response) => {
    res.type('text/plain').send('x'.repeat(100));
  });
  api.post('/cart', (req: Request, res: Response) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => res.status(201).json({ bytes }));
  });
  api.get('/boom', () => {
    throw new Error('boom');
  });
  api.get('/async-fail', (_req: Request, _res: Response, next: NextFunction) => {
    Promise.reject(new Error('async boom')).catch(next);
  });
  api.get('/slow', (req: Request, res: Response) => {
    setTimeout(() => res.send('slow'), Number(req.query.ms ?? 50));
  });
  api
    .route('/stock/:sku')
    .get((_req: Request, res: Response) => {
      res.send('in stock');
    })
    .put((_req: Request, res: Response) => {
      res.status(204).end();
    });
  app.use('/api', api);

  const v2 = expressModule();
  v2.get('/items/:itemId', (_req: Request, res: Response) => {
    res.send('item');
  });
  app.use('/v2', v2);

  app.get('/', (_req: Request, res: Response) => {
    res.send('home');
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).send('not found');
  });
  app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).send('error');
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
