import path from 'node:path';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { parseDurationMs } from './duration.js';

/** Storage engines `STRIDE_STORE` may name; each has an opener in the server's store registry. */
export const STORE_KINDS = ['sqlite'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface StrideConfig {
  port: number;
  host: string;
  /** Absolute path; holds the SQLite file and the generated admin token. */
  dataDir: string;
  store: StoreKind;
  databaseUrl: string | null;
  /** Accepted `Authorization: Bearer` keys for OTLP ingest; empty means ingest is open. */
  ingestKeys: string[];
  /** null: generate one on first start and keep it in the data dir. */
  adminToken: string | null;
  apdexThresholdMs: number;
  /** Per-service apdex T overriding `apdexThresholdMs`, e.g. { checkout: 300 }. */
  apdexThresholdMsByService: Record<string, number>;
  retentionMs: { '10s': number; '1m': number; '1h': number };
  maxBodyBytes: number;
  maxInFlightRequests: number;
  /** How long sampled traces are kept, by root span start. */
  traceRetentionMs: number;
  /** Most spans kept in traces.db; past it the oldest traces are deleted first. */
  traceMaxSpans: number;
  /** When the recommendation analysis runs (node-cron expression); null: only on demand (POST /api/v1/analysis). */
  analysisCron: string | null;
  /** How far back each analysis looks, ms. */
  analysisWindowMs: number;
  /** Sliding windows whose closed hours are kept merged for the first query after each hour (see WindowWarmer), ms. */
  warmWindowsMs: number[];
  /** Built dashboard-ui (its dist folder, absolute); null: the dashboard-ui/dist next to the performance package. */
  dashboardDir: string | null;
  /** Folder of user dashboard JSON files, absolute; default `<dataDir>/dashboards`. */
  dashboardsDir: string;
  /** Service name → PostgreSQL URL where the index advisor may EXPLAIN that service's slow statements. */
  explainDatabases: Record<string, string>;
}

/** A bad setting; `message` is the one line the CLI prints, naming the variable or flag and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Parsed<T> = z.ZodType<T, string>;

function check<T>(expected: string, convert: (raw: string) => T | null): Parsed<T> {
  return z.string().transform((raw, ctx) => {
    const value = convert(raw.trim());
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return value;
  });
}

const integer = (min: number, max: number): Parsed<number> =>
  check(`must be an integer ${min}-${max}`, (raw) => {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
  });

const duration: Parsed<number> = check('must be a duration like 48h, 30d or 400d', (raw) => {
  const ms = parseDurationMs(raw);
  return ms !== null && ms > 0 ? ms : null;
});

const commaList: Parsed<string[]> = check('must be comma-separated keys without spaces inside a key', (raw) => {
  const keys = raw
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  return keys.some((key) => /\s/.test(key)) ? null : keys;
});

const explainDatabases: Parsed<Record<string, string>> = check(
  'must be service=postgres://… pairs separated by semicolons, e.g. shop=postgres://u@db/shop;payments=postgres://u@db/pay',
  (raw) => {
    const out: Record<string, string> = {};
    for (const pair of raw.split(';').filter((p) => p.trim() !== '')) {
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const url = pair.slice(at + 1).trim();
      if (at < 1 || !/^[\w.-]+$/.test(name) || !/^postgres(ql)?:\/\/\S+$/.test(url) || !URL.canParse(url)) return null;
      out[name] = url;
    }
    return out;
  },
);

// Whole hours: the closed part of a window is whole buckets of the coarsest (1 h) tier.
const hourWindows: Parsed<number[]> = check(
  'must be whole hours of at least 2h separated by commas, like 24h,7d, or off',
  (raw) => {
    if (raw === 'off') return [];
    const ms = raw.split(',').map((d) => parseDurationMs(d));
    return ms.every((m): m is number => m !== null && m >= 7_200_000 && m % 3_600_000 === 0) ? ms : null;
  },
);

const serviceThresholds: Parsed<Record<string, number>> = check(
  'must be service=milliseconds pairs separated by commas, e.g. checkout=300,search=800',
  (raw) => {
    const out: Record<string, number> = {};
    for (const pair of raw.split(',').filter((p) => p.trim() !== '')) {
      const [name, ms, extra] = pair.split('=').map((s) => s.trim());
      if (!name || !ms || extra !== undefined || !/^\d+$/.test(ms) || Number(ms) < 1) return null;
      out[name] = Number(ms);
    }
    return out;
  },
);

interface Setting {
  env: string;
  /** Long flag name without dashes, when the setting has one. */
  flag?: string;
  /** Raw default, parsed like any other input; undefined = unset. */
  defaultRaw?: string;
  description: string;
  schema: z.ZodType<unknown, string>;
}

/** Every setting, keyed by its StrideConfig field: the single source for parsing and `--help`. */
export const SETTINGS = {
  port: {
    env: 'STRIDE_PORT',
    flag: 'port',
    defaultRaw: '4318',
    description: 'listen port (4318 is OTLP/HTTP)',
    schema: integer(1, 65_535),
  },
  host: {
    env: 'STRIDE_HOST',
    flag: 'host',
    defaultRaw: '127.0.0.1',
    description: 'listen address',
    schema: check('must be a host name or IP address', (raw) => (raw !== '' && !/\s/.test(raw) ? raw : null)),
  },
  dataDir: {
    env: 'STRIDE_DATA_DIR',
    flag: 'data-dir',
    defaultRaw: './data',
    description: 'directory for the SQLite store and the generated admin token',
    schema: check('must be a directory path', (raw) => (raw !== '' ? raw : null)),
  },
  store: {
    env: 'STRIDE_STORE',
    flag: 'store',
    defaultRaw: 'sqlite',
    description: `storage engine (${STORE_KINDS.join(', ')})`,
    schema: check(`must be one of: ${STORE_KINDS.join(', ')}`, (raw) =>
      (STORE_KINDS as readonly string[]).includes(raw) ? (raw as StoreKind) : null,
    ),
  },
  databaseUrl: {
    env: 'STRIDE_DATABASE_URL',
    flag: 'database-url',
    description: 'PostgreSQL URL for the postgres store',
    schema: check('must be a postgres:// or postgresql:// URL', (raw) =>
      /^postgres(ql)?:\/\/\S+$/.test(raw) && URL.canParse(raw) ? raw : null,
    ),
  },
  ingestKeys: {
    env: 'STRIDE_INGEST_KEYS',
    description: 'comma-separated OTLP ingest keys; empty = ingest open',
    schema: commaList,
  },
  adminToken: {
    env: 'STRIDE_ADMIN_TOKEN',
    description: 'admin bearer token for /api/v1; generated and kept in the data dir when unset',
    schema: check('must be at least 16 characters without spaces', (raw) =>
      raw.length >= 16 && !/\s/.test(raw) ? raw : null,
    ),
  },
  apdexThresholdMs: {
    env: 'STRIDE_APDEX_T_MS',
    defaultRaw: '500',
    description: 'apdex threshold T in milliseconds',
    schema: integer(1, 600_000),
  },
  apdexThresholdMsByService: {
    env: 'STRIDE_APDEX_T_MS_BY_SERVICE',
    description: 'per-service apdex T, e.g. checkout=300,search=800',
    schema: serviceThresholds,
  },
  retention10s: {
    env: 'STRIDE_RETENTION_10S',
    defaultRaw: '48h',
    description: '10 s tier retention',
    schema: duration,
  },
  retention1m: { env: 'STRIDE_RETENTION_1M', defaultRaw: '30d', description: '1 min tier retention', schema: duration },
  retention1h: { env: 'STRIDE_RETENTION_1H', defaultRaw: '400d', description: '1 h tier retention', schema: duration },
  maxBodyBytes: {
    env: 'STRIDE_MAX_BODY_BYTES',
    defaultRaw: String(8 * 1024 * 1024),
    description: 'largest accepted OTLP body, bytes (decompressed)',
    schema: integer(1_024, 1_073_741_824),
  },
  maxInFlightRequests: {
    env: 'STRIDE_MAX_IN_FLIGHT_REQUESTS',
    defaultRaw: '64',
    description: 'concurrent OTLP requests before answering 429',
    schema: integer(1, 100_000),
  },
  traceRetention: {
    env: 'STRIDE_TRACE_RETENTION',
    defaultRaw: '7d',
    description: 'how long sampled traces are kept',
    schema: duration,
  },
  traceMaxSpans: {
    env: 'STRIDE_TRACE_MAX_SPANS',
    defaultRaw: '2000000',
    description: 'most spans kept; the oldest traces are deleted first past it',
    schema: integer(1_000, 1_000_000_000),
  },
  analysisCron: {
    env: 'STRIDE_ANALYSIS_CRON',
    defaultRaw: '*/5 * * * *',
    description: 'when the recommendation analysis runs (cron expression), or off',
    schema: check('must be a cron expression like */5 * * * * (5 or 6 fields) or off', (raw) =>
      raw === 'off' ? 'off' : validateCron(raw) ? raw : null,
    ),
  },
  analysisWindow: {
    env: 'STRIDE_ANALYSIS_WINDOW',
    defaultRaw: '30m',
    description: 'how far back each recommendation analysis looks',
    schema: duration,
  },
  warmWindows: {
    env: 'STRIDE_WARM_WINDOWS',
    defaultRaw: '24h,7d',
    description: 'sliding windows whose closed hours are merged ahead of the first query each hour, or off',
    schema: hourWindows,
  },
  dashboardDir: {
    env: 'STRIDE_DASHBOARD_DIR',
    description: 'built dashboard app served at / (default: dashboard-ui/dist of this checkout)',
    schema: check('must be a directory path', (raw) => (raw !== '' ? raw : null)),
  },
  dashboardsDir: {
    env: 'STRIDE_DASHBOARDS_DIR',
    description: 'folder of user dashboard JSON files (default: <data dir>/dashboards)',
    schema: check('must be a directory path', (raw) => (raw !== '' ? raw : null)),
  },
  explainDatabases: {
    env: 'STRIDE_EXPLAIN_DATABASES',
    description: 'PostgreSQL per service for index advice (EXPLAIN only), e.g. shop=postgres://u@db/shop;payments=…',
    schema: explainDatabases,
  },
} satisfies Record<string, Setting>;

type SettingKey = keyof typeof SETTINGS;
type Settings = typeof SETTINGS;
type Values = { [K in SettingKey]: z.output<Settings[K]['schema']> | undefined };

export interface ConfigSources {
  /** Values from command-line flags, keyed by flag name (`data-dir`). Flags win over env. */
  flags?: Readonly<Record<string, string | undefined>>;
  env?: Readonly<Record<string, string | undefined>>;
  /** Base for a relative data dir. */
  cwd?: string;
}

/**
 * Builds the config once from flags, env and defaults. An empty env value counts as unset. Throws ConfigError
 * whose message is one line, e.g. `STRIDE_PORT must be an integer 1-65535, got "abc"`.
 */
export function parseConfig({ flags = {}, env = {}, cwd = process.cwd() }: ConfigSources = {}): StrideConfig {
  const raw: Record<string, string> = {};
  const sourceName: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [SettingKey, Setting][]) {
    const fromFlag = setting.flag === undefined ? undefined : flags[setting.flag];
    const fromEnv = env[setting.env];
    if (fromFlag !== undefined) {
      raw[key] = fromFlag;
      sourceName[key] = `--${setting.flag}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      sourceName[key] = setting.env;
    } else if (setting.defaultRaw !== undefined) {
      raw[key] = setting.defaultRaw;
      sourceName[key] = setting.env;
    }
  }

  const shape = Object.fromEntries(
    (Object.entries(SETTINGS) as [SettingKey, Setting][]).map(([key, s]) => [key, s.schema.optional()]),
  );
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new ConfigError(`${sourceName[key] ?? key} ${issue.message}, got ${JSON.stringify(raw[key] ?? '')}`);
  }
  const v = result.data as Values;
  // The store needs retention to grow with the step: a coarse tier stands in for finer ones once they expire.
  for (const [finer, coarser] of [
    ['retention10s', 'retention1m'],
    ['retention1m', 'retention1h'],
  ] as const) {
    if (v[coarser]! < v[finer]!) {
      throw new ConfigError(
        `${sourceName[coarser]} must be at least ${sourceName[finer]} (${raw[finer]}), got ${JSON.stringify(raw[coarser])}`,
      );
    }
  }
  return {
    port: v.port!,
    host: v.host!,
    dataDir: path.resolve(cwd, v.dataDir!),
    store: v.store!,
    databaseUrl: v.databaseUrl ?? null,
    ingestKeys: v.ingestKeys ?? [],
    adminToken: v.adminToken ?? null,
    apdexThresholdMs: v.apdexThresholdMs!,
    apdexThresholdMsByService: v.apdexThresholdMsByService ?? {},
    retentionMs: { '10s': v.retention10s!, '1m': v.retention1m!, '1h': v.retention1h! },
    maxBodyBytes: v.maxBodyBytes!,
    maxInFlightRequests: v.maxInFlightRequests!,
    traceRetentionMs: v.traceRetention!,
    traceMaxSpans: v.traceMaxSpans!,
    analysisCron: v.analysisCron === 'off' ? null : v.analysisCron!,
    analysisWindowMs: v.analysisWindow!,
    warmWindowsMs: v.warmWindows!,
    dashboardDir: v.dashboardDir === undefined ? null : path.resolve(cwd, v.dashboardDir),
    dashboardsDir: path.resolve(cwd, v.dashboardsDir ?? path.join(v.dataDir!, 'dashboards')),
    explainDatabases: v.explainDatabases ?? {},
  };
}

/** Help lines for every setting: flag (if any), env twin, default and meaning. */
export function describeSettings(): string[] {
  return (Object.values(SETTINGS) as Setting[]).map((s) => {
    const flag = s.flag ? `--${s.flag}` : '';
    const def = s.defaultRaw === undefined ? '' : ` (default ${s.defaultRaw})`;
    return `  ${flag.padEnd(16)}${s.env.padEnd(32)}${s.description}${def}`;
  });
}
