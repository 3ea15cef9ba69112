import { parseArgs } from 'node:util';
import { isProfile, PROFILES, type Profile } from '../config/profile.js';

/** The demo's own settings; the metrics service's (STRIDE_*) are parsed by @stride/performance's parseConfig. */
export interface DemoConfig {
  help: boolean;
  profile: Profile;
  /** Flags for parseConfig (`port`, `data-dir`); unset ones fall back to STRIDE_* and its defaults. */
  strideFlags: Record<string, string | undefined>;
  shopPort: number;
  paymentsPort: number;
  /** Seed scale of the embedded database: 0.1 = 1,000 products, 5,000 variants, 2,000 users, 10,000 orders. */
  seedScale: number;
  /** Steady traffic, requests per second; 0 = none. */
  trafficRatePerSecond: number;
}

export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

export const DEMO_DEFAULTS = {
  profile: 'naive',
  shopPort: 3000,
  paymentsPort: 3001,
  seedScale: 0.1,
  rate: 10,
} as const;

export const DEMO_USAGE = `usage: npm start -- [options]
Runs the Stride metrics service with the reference shop and payments service, instrumented, under gentle traffic.
  --profile naive|optimized   shop profile (COMMERCE_PROFILE; default ${DEMO_DEFAULTS.profile})
  --port N                    metrics service port (STRIDE_PORT; default 4318)
  --data-dir DIR              metrics data and admin token (STRIDE_DATA_DIR; default ./data)
  --shop-port N               (COMMERCE_PORT; default ${DEMO_DEFAULTS.shopPort})
  --payments-port N           (PAYMENTS_PORT; default ${DEMO_DEFAULTS.paymentsPort})
  --scale X                   seed scale of the embedded shop database (COMMERCE_SEED_SCALE; default ${DEMO_DEFAULTS.seedScale})
  --rate N                    steady traffic in requests/s, 0 = none (DEMO_RATE; default ${DEMO_DEFAULTS.rate})
Other STRIDE_* variables (STRIDE_ADMIN_TOKEN, STRIDE_INGEST_KEYS, ...) configure the metrics service as usual.`;

type Env = Readonly<Record<string, string | undefined>>;

/** Flag, else env twin (empty = unset), else default; `parse` returns null for a bad value. */
function setting<T>(
  flag: string,
  raw: string | undefined,
  env: Env,
  variable: string,
  fallback: T,
  expected: string,
  parse: (text: string) => T | null,
): T {
  const fromEnv = env[variable] === '' ? undefined : env[variable];
  const text = raw ?? fromEnv;
  if (text === undefined) return fallback;
  const value = parse(text.trim());
  if (value === null)
    throw new DemoConfigError(`${raw !== undefined ? `--${flag}` : variable} must be ${expected}, got "${text}"`);
  return value;
}

const port = (text: string) =>
  /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535 ? Number(text) : null;

export function parseDemoConfig(argv: readonly string[], env: Env): DemoConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        profile: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'shop-port': { type: 'string' },
        'payments-port': { type: 'string' },
        scale: { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new DemoConfigError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  const str = (name: string) => values[name] as string | undefined;
  const profile = setting(
    'profile',
    str('profile'),
    env,
    'COMMERCE_PROFILE',
    DEMO_DEFAULTS.profile as Profile,
    `one of ${PROFILES.join(', ')}`,
    (t) => (isProfile(t) ? t : null),
  );
  const shopPort = setting(
    'shop-port',
    str('shop-port'),
    env,
    'COMMERCE_PORT',
    DEMO_DEFAULTS.shopPort,
    'a port 1-65535',
    port,
  );
  const paymentsPort = setting(
    'payments-port',
    str('payments-port'),
    env,
    'PAYMENTS_PORT',
    DEMO_DEFAULTS.paymentsPort,
    'a port 1-65535',
    port,
  );
  const seedScale = setting(
    'scale',
    str('scale'),
    env,
    'COMMERCE_SEED_SCALE',
    DEMO_DEFAULTS.seedScale as number,
    'a number in (0, 10]',
    (t) => {
      const n = Number(t);
      return t !== '' && Number.isFinite(n) && n > 0 && n <= 10 ? n : null;
    },
  );
  const trafficRatePerSecond = setting(
    'rate',
    str('rate'),
    env,
    'DEMO_RATE',
    DEMO_DEFAULTS.rate as number,
    'an integer 0-1000',
    (t) => (/^\d+$/.test(t) && Number(t) <= 1000 ? Number(t) : null),
  );
  if (shopPort === paymentsPort)
    throw new DemoConfigError(`the shop and payments ports must differ (both ${shopPort})`);
  return {
    help: values['help'] === true,
    profile,
    strideFlags: { port: str('port'), 'data-dir': str('data-dir') },
    shopPort,
    paymentsPort,
    seedScale,
    trafficRatePerSecond,
  };
}
