// A private schema on a shared PostgreSQL (the machine's 127.0.0.1:5432 `test` database is used by other tests):
// recreated empty, reached through a URL whose connections default to it, dropped on close.
import pg from 'pg';

export interface BenchSchema {
  /** `databaseUrl` plus `options=-c search_path=<schema>`, so unqualified names resolve to the schema. */
  url: string;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function createBenchSchema(databaseUrl: string, schema = 'stride_overhead_bench'): Promise<BenchSchema> {
  if (!SCHEMA_NAME.test(schema)) throw new RangeError(`schema must match ${SCHEMA_NAME}, got ${schema}`);
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), close: () => run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
