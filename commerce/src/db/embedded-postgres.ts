import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue } from './pglite-session-queue.js';

export interface EmbeddedPostgres {
  /** postgres://… URL a pg Pool connects to. */
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory to keep the database in; in memory (gone on close) when absent. */
  dataDir?: string | undefined;
  /**
   * Wire connections accepted at once. PGlite has one session and runs one batch at a time, but a pg Pool opens
   * several connections; with pglite-socket's default of 1 every connection past the first is refused. Keep this
   * above the pools' combined max.
   */
  maxConnections?: number;
}

/**
 * PGlite (PostgreSQL compiled to WASM, in process) served over the PostgreSQL wire protocol on 127.0.0.1 and a
 * free port, so the shop's ordinary `pg` code runs unchanged when no DATABASE_URL is given. Connections are
 * pglite-socket's handlers; the scheduling between them is PgliteSessionQueue (see there for why).
 */
export async function startEmbeddedPostgres({
  dataDir,
  maxConnections = 64,
}: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(dataDir === undefined ? undefined : { dataDir });
  // The handler is typed against pglite-socket's own (unexported) queue class; ours has the same three methods.
  const queryQueue = new PgliteSessionQueue(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  server.maxConnections = maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    close: () => {
      closed ??= (async () => {
        await Promise.all([...handlers].map((handler) => handler.detach(true)));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
      })();
      return closed;
    },
  };
}
