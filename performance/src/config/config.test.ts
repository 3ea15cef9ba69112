import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, parseConfig } from './config.js';

const cwd = '/srv/stride';

function errorLine(sources: Parameters<typeof parseConfig>[0]): string {
  try {
    parseConfig({ cwd, ...sources });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({ cwd, env: {} });
    expect(config).toEqual({
      port: 4318,
      host: '127.0.0.1',
      dataDir: path.join(cwd, 'data'),
      store: 'sqlite',
      databaseUrl: null,
      ingestKeys: [],
      adminToken: null,
      apdexThresholdMs: 500,
      apdexThresholdMsByService: {},
      retentionMs: { '10s': 48 * 3_600_000, '1m': 30 * 86_400_000, '1h': 400 * 86_400_000 },
      maxBodyBytes: 8 * 1024 * 1024,
      maxInFlightRequests: 64,
      traceRetentionMs: 7 * 86_400_000,
      traceMaxSpans: 2_000_000,
      analysisCron: '*/5 * * * *',
      analysisWindowMs: 30 * 60_000,
      warmWindowsMs: [86_400_000, 7 * 86_400_000],
      dashboardDir: null,
      dashboardsDir: path.join(cwd, 'data', 'dashboards'),
      explainDatabases: {},
    });
  });

  it('resolves the dashboard app folder and the user dashboards folder against cwd', () => {
    const config = parseConfig({
      cwd,
      env: { STRIDE_DASHBOARD_DIR: 'ui/dist', STRIDE_DASHBOARDS_DIR: '/etc/stride/dashboards', STRIDE_DATA_DIR: 'd' },
    });
    expect(config).toMatchObject({ dashboardDir: path.join(cwd, 'ui/dist'), dashboardsDir: '/etc/stride/dashboards' });
    expect(parseConfig({ cwd, env: { STRIDE_DATA_DIR: '/var/stride' } }).dashboardsDir).toBe('/var/stride/dashboards');
  });

  it('reads the analysis schedule (or off) and window, and rejects a bad cron expression', () => {
    expect(
      parseConfig({ cwd, env: { STRIDE_ANALYSIS_CRON: '0 * * * *', STRIDE_ANALYSIS_WINDOW: '2h' } }),
    ).toMatchObject({
      analysisCron: '0 * * * *',
      analysisWindowMs: 2 * 3_600_000,
    });
    expect(parseConfig({ cwd, env: { STRIDE_ANALYSIS_CRON: 'off' } }).analysisCron).toBeNull();
    expect(() => parseConfig({ cwd, env: { STRIDE_ANALYSIS_CRON: 'every 5 minutes' } })).toThrow(
      'STRIDE_ANALYSIS_CRON must be a cron expression like */5 * * * * (5 or 6 fields) or off, got "every 5 minutes"',
    );
  });

  it('reads the warm windows, or off, and rejects a list with a bad duration', () => {
    expect(parseConfig({ cwd, env: { STRIDE_WARM_WINDOWS: '6h,24h' } }).warmWindowsMs).toEqual([
      6 * 3_600_000,
      86_400_000,
    ]);
    expect(parseConfig({ cwd, env: { STRIDE_WARM_WINDOWS: 'off' } }).warmWindowsMs).toEqual([]);
    expect(() => parseConfig({ cwd, env: { STRIDE_WARM_WINDOWS: '24h,week' } })).toThrow(
      'STRIDE_WARM_WINDOWS must be whole hours of at least 2h separated by commas, like 24h,7d, or off, got "24h,week"',
    );
    expect(() => parseConfig({ cwd, env: { STRIDE_WARM_WINDOWS: '90m' } })).toThrow(/STRIDE_WARM_WINDOWS/);
    expect(() => parseConfig({ cwd, env: { STRIDE_WARM_WINDOWS: '1h' } })).toThrow(/STRIDE_WARM_WINDOWS/);
  });

  it('reads the trace retention and span cap', () => {
    const config = parseConfig({ cwd, env: { STRIDE_TRACE_RETENTION: '36h', STRIDE_TRACE_MAX_SPANS: '50000' } });
    expect(config).toMatchObject({ traceRetentionMs: 36 * 3_600_000, traceMaxSpans: 50_000 });
    expect(() => parseConfig({ cwd, env: { STRIDE_TRACE_MAX_SPANS: '10' } })).toThrow(
      'STRIDE_TRACE_MAX_SPANS must be an integer 1000-1000000000, got "10"',
    );
    expect(() => parseConfig({ cwd, env: { STRIDE_TRACE_RETENTION: 'forever' } })).toThrow(/STRIDE_TRACE_RETENTION/);
  });

  it('reads env twins and lets flags win over them', () => {
    const config = parseConfig({
      cwd,
      env: {
        STRIDE_PORT: '9000',
        STRIDE_HOST: '0.0.0.0',
        STRIDE_DATA_DIR: '/var/lib/stride',
        STRIDE_INGEST_KEYS: ' key-one, key-two ,,',
        STRIDE_ADMIN_TOKEN: 'a-long-enough-admin-token',
        STRIDE_APDEX_T_MS: '300',
        STRIDE_APDEX_T_MS_BY_SERVICE: 'checkout=200, search=800',
        STRIDE_RETENTION_10S: '24h',
        STRIDE_DATABASE_URL: 'postgres://localhost:5432/test',
      },
      flags: { port: '9100', 'data-dir': 'rel/dir' },
    });
    expect(config.port).toBe(9100);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(path.join(cwd, 'rel/dir'));
    expect(config.ingestKeys).toEqual(['key-one', 'key-two']);
    expect(config.adminToken).toBe('a-long-enough-admin-token');
    expect(config.apdexThresholdMs).toBe(300);
    expect(config.apdexThresholdMsByService).toEqual({ checkout: 200, search: 800 });
    expect(config.retentionMs['10s']).toBe(24 * 3_600_000);
    expect(config.databaseUrl).toBe('postgres://localhost:5432/test');
  });

  it('treats an empty env value as unset', () => {
    expect(parseConfig({ cwd, env: { STRIDE_PORT: '', STRIDE_ADMIN_TOKEN: '' } })).toMatchObject({
      port: 4318,
      adminToken: null,
    });
  });

  it.each([
    [{ env: { STRIDE_PORT: 'abc' } }, 'STRIDE_PORT must be an integer 1-65535, got "abc"'],
    [{ env: { STRIDE_PORT: '70000' } }, 'STRIDE_PORT must be an integer 1-65535, got "70000"'],
    [{ env: { STRIDE_PORT: '80.5' } }, 'STRIDE_PORT must be an integer 1-65535, got "80.5"'],
    [{ flags: { port: 'x' }, env: { STRIDE_PORT: '1' } }, '--port must be an integer 1-65535, got "x"'],
    [{ env: { STRIDE_STORE: 'mysql' } }, 'STRIDE_STORE must be one of: sqlite, got "mysql"'],
    [
      { env: { STRIDE_ADMIN_TOKEN: 'short' } },
      'STRIDE_ADMIN_TOKEN must be at least 16 characters without spaces, got "short"',
    ],
    [
      { env: { STRIDE_RETENTION_1M: '30 days' } },
      'STRIDE_RETENTION_1M must be a duration like 48h, 30d or 400d, got "30 days"',
    ],
    [
      { env: { STRIDE_RETENTION_1M: '1h' } },
      'STRIDE_RETENTION_1M must be at least STRIDE_RETENTION_10S (48h), got "1h"',
    ],
    [
      { env: { STRIDE_DATABASE_URL: 'mysql://x' } },
      'STRIDE_DATABASE_URL must be a postgres:// or postgresql:// URL, got "mysql://x"',
    ],
    [
      { env: { STRIDE_APDEX_T_MS_BY_SERVICE: 'checkout:200' } },
      'STRIDE_APDEX_T_MS_BY_SERVICE must be service=milliseconds pairs separated by commas, e.g. checkout=300,search=800, got "checkout:200"',
    ],
  ])('rejects %j with one line naming the setting', (sources, line) => {
    const message = errorLine(sources);
    expect(message).toBe(line);
    expect(message).not.toContain('\n');
  });

  it('documents every setting with its env twin for --help', () => {
    const help = describeSettings().join('\n');
    for (const name of [
      '--port',
      'STRIDE_PORT',
      '--data-dir',
      'STRIDE_INGEST_KEYS',
      'STRIDE_ADMIN_TOKEN',
      'STRIDE_APDEX_T_MS',
    ]) {
      expect(help).toContain(name);
    }
  });
});
