import { ConfigError, createConsoleLogger, type Logger, parseConfig } from '@stride/performance';
import { DEMO_USAGE, type DemoConfig, DemoConfigError, parseDemoConfig } from './demo-config.js';
import { type RunningDemo, startDemo } from './start-demo.js';

export interface DemoIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd?: string;
  logger?: Logger;
  /** Monotonic clock, ms; for the "ready in" line. */
  nowMs?: () => number;
}

export interface DemoCommandResult {
  /** Set when the demo did not start: 0 after --help, 2 for a bad setting. */
  exitCode?: number;
  demo?: RunningDemo;
}

/** The lines `npm start` prints once everything is up; `token:` is the admin token to sign in with. */
export function formatBanner(demo: RunningDemo, config: DemoConfig, readyMs: number): string {
  const traffic =
    config.trafficRatePerSecond > 0
      ? `${config.trafficRatePerSecond} req/s (browse 60%, product detail 25%, cart pricing 10%, checkout 5%)`
      : 'off (--rate 0)';
  return [
    `dashboard: ${demo.dashboardUrl}`,
    `token: ${demo.adminToken}`,
    `shop (${demo.profile}): ${demo.shopUrl}`,
    `payments: ${demo.paymentsUrl}`,
    `traffic: ${traffic}`,
    `ready in ${(readyMs / 1000).toFixed(1)} s; the services appear in the API within about 10 s:`,
    `  curl -H "Authorization: Bearer <token>" '${demo.metricsUrl}/api/v1/services?from=now-15m'`,
    'stop with Ctrl-C',
  ].join('\n');
}

/** Parses the settings and starts the demo; the caller owns the returned demo (and stops it on a signal). */
export async function startDemoCommand(io: DemoIo): Promise<DemoCommandResult> {
  const { nowMs = () => performance.now() } = io;
  const startedMs = nowMs();
  let config: DemoConfig;
  let stride: ReturnType<typeof parseConfig>;
  try {
    config = parseDemoConfig(io.argv, io.env);
    if (config.help) {
      io.stdout.write(`${DEMO_USAGE}\n`);
      return { exitCode: 0 };
    }
    stride = parseConfig({ flags: config.strideFlags, env: io.env, ...(io.cwd ? { cwd: io.cwd } : {}) });
  } catch (err) {
    if (err instanceof DemoConfigError || err instanceof ConfigError) {
      io.stderr.write(`stride demo: ${err.message}\n`);
      return { exitCode: 2 };
    }
    throw err;
  }
  io.stdout.write(
    `starting Stride (data in ${stride.dataDir}) with the ${config.profile} shop, seed scale ${config.seedScale}...\n`,
  );
  const demo = await startDemo({
    stride,
    profile: config.profile,
    shopPort: config.shopPort,
    paymentsPort: config.paymentsPort,
    seedScale: config.seedScale,
    trafficRatePerSecond: config.trafficRatePerSecond,
    logger: io.logger ?? createConsoleLogger(),
  });
  io.stdout.write(`${formatBanner(demo, config, nowMs() - startedMs)}\n`);
  return { demo };
}
