import pg from 'pg';

/** The machine's PostgreSQL (DESIGN.md: 127.0.0.1:5432, trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const onCi = () => process.env['CI'] === 'true' || process.env['CI'] === '1';

/**
 * Whether the index-advisor tests can run: PostgreSQL reachable and the hypopg extension installable
 * (`CREATE EXTENSION IF NOT EXISTS hypopg`). On CI (CI=true) a missing piece throws, so the file fails instead of
 * skipping; elsewhere it prints the reason and returns false for `describe.skipIf`.
 */
export async function postgresWithHypopg(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS hypopg');
    return true;
  } catch (err) {
    const reason = `PostgreSQL with hypopg is not available at ${TEST_POSTGRES_URL}: ${(err as Error).message}`;
    if (onCi()) throw new Error(`${reason} (CI=true requires it; install postgresql-15-hypopg)`);
    console.warn(`skipping index-advisor tests: ${reason}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
