import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';

export type ProofBackend = 'postgres' | 'pglite';

export interface ProofDatabase {
  backend: ProofBackend;
  /** What the shop connects to, and what STRIDE_EXPLAIN_DATABASES points the index advisor at. */
  url: string;
  /** Whether hypopg is installed in it (the advisor then estimates each candidate index's cost). */
  hypopg: boolean;
  drop(): Promise<void>;
}

/**
 * A database of the proof's own: on PostgreSQL a new database `stride_proof_<random>` on the server of
 * `serverUrl` (with hypopg when the server has it), dropped afterwards; on PGlite an in-memory instance behind its
 * socket server, which outlives the shop's restart between the two profiles.
 */
export async function openProofDatabase(backend: ProofBackend, serverUrl: string): Promise<ProofDatabase> {
  if (backend === 'pglite') {
    const embedded = await startEmbeddedPostgres();
    return { backend, url: embedded.url, hypopg: false, drop: () => embedded.close() };
  }
  const name = `stride_proof_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () =>
    withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {});
  try {
    const hypopg = await withClient(url.toString(), async (client) => {
      const { rows } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'");
      if (rows.length === 0) return false;
      await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
      return true;
    });
    return { backend, url: url.toString(), hypopg, drop };
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
