#!/usr/bin/env node
import { type CliConfig, CliConfigError, parseCliConfig } from './config/cli-config.js';
import { PROFILE_SETTINGS } from './config/profile.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { applyProfileIndexes } from './db/profile-indexes.js';
import { clearData, isSeeded, seedDatabase } from './seed/seed.js';
import { startCommerce } from './start-commerce.js';

async function serve(config: CliConfig): Promise<void> {
  const commerce = await startCommerce({
    profile: config.profile,
    databaseUrl: config['database-url'],
    redisUrl: config['redis-url'],
    portShop: config.port,
    portPayments: config['payments-port'],
    host: config.host,
    seedScale: config.scale,
    pgliteDataDir: config['pglite-dir'],
    paymentsUrl: config['payments-url'],
    agent: config['stride-endpoint']
      ? { endpoint: config['stride-endpoint'], apiKey: config['stride-api-key'] }
      : false,
  });
  console.log(`shop (${commerce.profile}): ${commerce.shopUrl}`);
  console.log(`payments: ${commerce.paymentsUrl}`);
  const stop = () => {
    void commerce.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** seed and migrate need a database that outlives the command. */
async function withDatabase(config: CliConfig, work: (pool: ReturnType<typeof createPool>) => Promise<void>) {
  let url = config['database-url'];
  const embedded = url
    ? undefined
    : config['pglite-dir']
      ? await startEmbeddedPostgres({ dataDir: config['pglite-dir'] })
      : undefined;
  url ??= embedded?.url;
  if (!url)
    throw new CliConfigError(
      `${config.command} needs DATABASE_URL (or --pglite-dir): an in-memory database would vanish on exit`,
    );
  const pool = createPool({
    connectionString: url,
    minConnections: 0,
    applicationName: `stride-commerce-${config.command}`,
  });
  try {
    await migrate(pool);
    await applyProfileIndexes(pool, PROFILE_SETTINGS[config.profile]);
    await work(pool);
  } finally {
    await pool.end();
    await embedded?.close();
  }
}

async function main(): Promise<void> {
  const config = parseCliConfig(process.argv.slice(2), process.env);
  if (config.command === 'serve') return serve(config);
  if (config.command === 'migrate') return withDatabase(config, async () => console.log('migrated'));
  await withDatabase(config, async (pool) => {
    if (config.reset) await clearData(pool);
    else if (await isSeeded(pool)) {
      console.log('already seeded (use --reset to clear and seed again)');
      return;
    }
    const { counts, durationMillis } = await seedDatabase(pool, { scale: config.scale, seed: config.seed });
    console.log(`seeded in ${durationMillis} ms: ${JSON.stringify(counts)}`);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof CliConfigError ? err.message : `stride-commerce: ${(err as Error)?.stack ?? err}`);
  process.exit(err instanceof CliConfigError ? 2 : 1);
});
