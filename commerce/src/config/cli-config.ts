import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PROFILES } from './profile.js';

export const COMMANDS = ['serve', 'seed', 'migrate'] as const;
export type Command = (typeof COMMANDS)[number];

/** Flag → env twin; a flag wins over its twin. */
const SETTINGS = {
  profile: {
    env: 'COMMERCE_PROFILE',
    schema: z.enum(PROFILES as readonly ['naive', 'optimized']).default('optimized'),
  },
  port: { env: 'COMMERCE_PORT', schema: z.coerce.number().int().min(0).max(65_535).default(3000) },
  'payments-port': { env: 'PAYMENTS_PORT', schema: z.coerce.number().int().min(0).max(65_535).default(3001) },
  host: { env: 'COMMERCE_HOST', schema: z.string().min(1).default('127.0.0.1') },
  scale: { env: 'COMMERCE_SEED_SCALE', schema: z.coerce.number().positive().max(100).default(1) },
  seed: { env: 'COMMERCE_SEED', schema: z.coerce.number().int().min(0).max(4_294_967_295).optional() },
  'pglite-dir': { env: 'COMMERCE_PGLITE_DIR', schema: z.string().min(1).optional() },
  'database-url': { env: 'DATABASE_URL', schema: z.url({ protocol: /^postgres(ql)?$/ }).optional() },
  'redis-url': { env: 'REDIS_URL', schema: z.url({ protocol: /^rediss?$/ }).optional() },
  'payments-url': { env: 'PAYMENTS_URL', schema: z.url({ protocol: /^https?$/ }).optional() },
  'stride-endpoint': { env: 'STRIDE_ENDPOINT', schema: z.url({ protocol: /^https?$/ }).optional() },
  'stride-api-key': { env: 'STRIDE_API_KEY', schema: z.string().min(1).optional() },
} as const;

type Settings = typeof SETTINGS;
export type CliConfig = { command: Command; reset: boolean } & {
  [K in keyof Settings]: z.output<Settings[K]['schema']>;
};

export class CliConfigError extends Error {
  override readonly name = 'CliConfigError';
}

export const USAGE = `usage: stride-commerce <serve|seed|migrate> [options]
  serve     start the shop and the payments service (migrates, seeds an empty database)
  seed      fill an empty database (--reset clears it first)
  migrate   apply migrations and the profile's indexes
options (env twin in brackets):
  --profile naive|optimized [COMMERCE_PROFILE]   --port N [COMMERCE_PORT]   --payments-port N [PAYMENTS_PORT]
  --host H [COMMERCE_HOST]   --scale X [COMMERCE_SEED_SCALE]   --seed N [COMMERCE_SEED]   --reset
  --database-url URL [DATABASE_URL]   --pglite-dir DIR [COMMERCE_PGLITE_DIR]   --redis-url URL [REDIS_URL]
  --payments-url URL [PAYMENTS_URL]   --stride-endpoint URL [STRIDE_ENDPOINT]   --stride-api-key K [STRIDE_API_KEY]`;

/** Parses argv (without node and script) and env; throws CliConfigError with one line naming what was wrong. */
export function parseCliConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliConfig {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const options = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, { type: 'string' as const }]));
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, reset: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (err) {
    throw new CliConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  const command = parsed.positionals[0];
  if (!COMMANDS.includes(command as Command)) {
    throw new CliConfigError(`expected a command (${COMMANDS.join(', ')}), got ${command ?? 'none'}\n${USAGE}`);
  }
  const config: Record<string, unknown> = { command, reset: parsed.values['reset'] === true };
  for (const [name, { env: envName, schema }] of Object.entries(SETTINGS)) {
    const flag = parsed.values[name];
    const raw = typeof flag === 'string' ? flag : env[envName] === '' ? undefined : env[envName];
    const result = (schema as z.ZodType).safeParse(raw);
    if (!result.success) {
      const source = typeof flag === 'string' ? `--${name}` : envName;
      throw new CliConfigError(
        `${source}: ${result.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(raw)})`,
      );
    }
    config[name] = result.data;
  }
  return config as CliConfig;
}
