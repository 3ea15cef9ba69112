import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres://… URL a pg Pool connects to. */
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory to keep the database in; in memory (gone on close) when absent. */
  dataDir?: string;
  /**
   * Wire connections the socket server accepts. PGlite runs one query at a time and queues the rest, but a pg
   * Pool opens several connections, and with the server's default of 1 every connection past the first is
   * refused. Keep this above the pools' combined max.
   */
  maxConnections?: number;
}

/**
 * PGlite (PostgreSQL compiled to WASM, in process) served over the PostgreSQL wire protocol on 127.0.0.1 and a
 * free port, so the shop's ordinary `pg` code runs unchanged when no DATABASE_URL is given.
 */
export async function startEmbeddedPostgres({
  dataDir,
  maxConnections = 64,
}: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(dataDir === undefined ? undefined : { dataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  // getServerConn() is "127.0.0.1:<port>" once listening on port 0.
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let closed: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closed ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return closed;
    },
  };
}
