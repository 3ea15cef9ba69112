// Entry of the shared database process: the commerce schema, migrated, with the optimized profile's indexes and a
// small seed, on one database every variant's app connects to, so all see the same data and database speed.
// STRIDE_BENCH_POSTGRES_URL set: a private schema on that PostgreSQL. Unset: an embedded PGlite served over the
// wire protocol from this process. Reports URL and product count over IPC; stops when the parent goes away.
import { PROFILE_SETTINGS } from '../../commerce/dist/config/profile.js';
import { startEmbeddedPostgres } from '../../commerce/dist/db/embedded-postgres.js';
import { migrate } from '../../commerce/dist/db/migrate.js';
import { createPool } from '../../commerce/dist/db/pool.js';
import { applyProfileIndexes } from '../../commerce/dist/db/profile-indexes.js';
import { seedDatabase } from '../../commerce/dist/seed/seed.js';
import { createBenchSchema } from './postgres-schema.js';

if (!process.send) {
  console.error('database-process: needs an IPC channel');
  process.exit(2);
}
// 0.01 → 100 products with 500 variants: enough distinct rows to rotate through, small enough to seed in seconds.
const scale = Number(process.env['STRIDE_BENCH_SEED_SCALE'] ?? '0.01');
const postgresUrl = process.env['STRIDE_BENCH_POSTGRES_URL'];

const database = postgresUrl ? await createBenchSchema(postgresUrl) : await startEmbeddedPostgres();
const pool = createPool({ connectionString: database.url, minConnections: 0, applicationName: 'overhead-seed' });
await migrate(pool);
await applyProfileIndexes(pool, PROFILE_SETTINGS.optimized);
const { counts } = await seedDatabase(pool, { scale });
await pool.end();

const stop = async () => {
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);
process.send({ type: 'ready', url: database.url, products: counts.products });
