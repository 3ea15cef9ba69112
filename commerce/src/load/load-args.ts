import { parseArgs } from 'node:util';
import { parseDurationMillis } from './duration.js';
import { isLoadProfileName, LOAD_PROFILE_NAMES, LOAD_PROFILES, type LoadProfileName } from './profiles.js';
import { SCENARIO_NAMES } from './scenarios.js';
import { ALL } from './summary.js';
import { mergeThresholds, parseThreshold, type Threshold, ThresholdSyntaxError } from './thresholds.js';

export interface LoadArgs {
  help: boolean;
  profile: LoadProfileName;
  /** Origin of the shop, without a trailing slash. */
  targetUrl: string;
  durationMillis: number;
  connections: number;
  overallRatePerSecond: number | undefined;
  timeoutMillis: number;
  thresholds: Threshold[];
  /** Where to POST the summary; undefined = do not post. */
  stride: { url: string; token: string } | undefined;
  /** Benchmark name; undefined = `commerce-<shop profile>` once the shop says which profile it runs. */
  name: string | undefined;
  /** Print the summary as JSON instead of the table. */
  json: boolean;
}

/** A bad flag or value; the message is the one line the CLI prints before exiting with 2. */
export class LoadUsageError extends Error {
  override readonly name = 'LoadUsageError';
}

export const DEFAULT_TARGET = 'http://127.0.0.1:3000';

export const USAGE = `usage: npm run load -- --profile ${LOAD_PROFILE_NAMES.join('|')} [options]
  --target URL            shop origin (LOAD_TARGET; default ${DEFAULT_TARGET})
  --duration 30s          run time (ms, s, m, h; a bare number is seconds); default per profile
  --connections N         concurrent connections; default per profile
  --rate N                requests/s over all connections; 0 = unlimited; default per profile
  --threshold EXPR        e.g. 'browse.p95<300' or 'all.errorRate<0.01'; repeatable; replaces the default of
                          the same scenario.metric
  --no-default-thresholds only the --threshold ones
  --stride URL            POST the summary to URL/api/v1/benchmarks (STRIDE_URL)
  --stride-token T        bearer token with the editor role (STRIDE_TOKEN)
  --name NAME             benchmark name (default commerce-<shop profile>)
  --json                  print the summary as JSON
exit code: 0 thresholds held, 1 a threshold failed, 2 usage or configuration error`;

const positiveInt = (flag: string, raw: string, min: number): number => {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new LoadUsageError(`${flag} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
};

function originOf(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LoadUsageError(`${flag} must be a URL like http://127.0.0.1:3000, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LoadUsageError(`${flag} must be an http(s) URL, got "${raw}"`);
  if (url.pathname !== '/' || url.search !== '')
    throw new LoadUsageError(`${flag} must be an origin without a path (like http://127.0.0.1:3000), got "${raw}"`);
  return url.origin;
}

function defaultsOf(name: LoadProfileName): LoadArgs {
  const profile = LOAD_PROFILES[name];
  return {
    help: false,
    profile: name,
    targetUrl: DEFAULT_TARGET,
    durationMillis: profile.durationMillis,
    connections: profile.connections,
    overallRatePerSecond: profile.overallRatePerSecond,
    timeoutMillis: profile.timeoutMillis,
    thresholds: [],
    stride: undefined,
    name: undefined,
    json: false,
  };
}

/** Parses argv (after `--`) and env into LoadArgs; throws LoadUsageError with one line naming what was wrong. */
export function parseLoadArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LoadArgs {
  const parse = (args: string[]) =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        profile: { type: 'string' },
        target: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        rate: { type: 'string' },
        timeout: { type: 'string' },
        threshold: { type: 'string', multiple: true },
        'no-default-thresholds': { type: 'boolean' },
        stride: { type: 'string' },
        'stride-token': { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse([...argv]).values;
  } catch (err) {
    throw new LoadUsageError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }

  if (values.help === true) return { ...defaultsOf('baseline'), help: true };

  const profileRaw = values.profile ?? 'baseline';
  if (!isLoadProfileName(profileRaw)) {
    throw new LoadUsageError(`--profile must be one of ${LOAD_PROFILE_NAMES.join(', ')}, got "${profileRaw}"`);
  }
  const profile = LOAD_PROFILES[profileRaw];

  const targetRaw = values.target ?? (env['LOAD_TARGET'] || DEFAULT_TARGET);
  const targetUrl = originOf(values.target !== undefined ? '--target' : 'LOAD_TARGET', targetRaw);

  let durationMillis: number = profile.durationMillis;
  if (values.duration !== undefined) {
    const parsed = parseDurationMillis(values.duration);
    if (parsed === null)
      throw new LoadUsageError(`--duration must look like 30s, 2m or 500ms, got "${values.duration}"`);
    durationMillis = parsed;
  }
  let timeoutMillis: number = profile.timeoutMillis;
  if (values.timeout !== undefined) {
    const parsed = parseDurationMillis(values.timeout);
    if (parsed === null || parsed < 1_000)
      throw new LoadUsageError(`--timeout must be at least 1s, like 10s, got "${values.timeout}"`);
    timeoutMillis = parsed;
  }
  const connections =
    values.connections === undefined ? profile.connections : positiveInt('--connections', values.connections, 1);
  let overallRatePerSecond: number | undefined = profile.overallRatePerSecond;
  if (values.rate !== undefined) {
    const rate = positiveInt('--rate', values.rate, 0);
    overallRatePerSecond = rate === 0 ? undefined : rate;
  }

  const targets = [...SCENARIO_NAMES, ALL];
  let thresholds: Threshold[];
  try {
    const defaults = values['no-default-thresholds'] ? [] : profile.thresholds.map((t) => parseThreshold(t, targets));
    thresholds = mergeThresholds(
      defaults,
      (values.threshold ?? []).map((t) => parseThreshold(t, targets)),
    );
  } catch (err) {
    if (err instanceof ThresholdSyntaxError) throw new LoadUsageError(err.message);
    throw err;
  }

  const strideRaw = values.stride ?? (env['STRIDE_URL'] || undefined);
  const token = values['stride-token'] ?? (env['STRIDE_TOKEN'] || undefined);
  let stride: LoadArgs['stride'];
  if (strideRaw !== undefined) {
    if (token === undefined)
      throw new LoadUsageError('--stride needs --stride-token (or STRIDE_TOKEN): a token with the editor role');
    stride = { url: originOf(values.stride !== undefined ? '--stride' : 'STRIDE_URL', strideRaw), token };
  } else if (values['stride-token'] !== undefined) {
    throw new LoadUsageError('--stride-token is given without --stride URL');
  }

  if (values.name !== undefined && values.name.trim() === '') throw new LoadUsageError('--name must not be empty');
  return {
    help: false,
    profile: profileRaw,
    targetUrl,
    durationMillis,
    connections,
    overallRatePerSecond,
    timeoutMillis,
    thresholds,
    stride,
    name: values.name?.trim(),
    json: values.json === true,
  };
}
