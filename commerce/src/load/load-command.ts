import { CatalogDiscoveryError, type CatalogSample, discoverCatalog } from './catalog-sample.js';
import { formatDurationMillis } from './duration.js';
import { type LoadArgs, LoadUsageError, parseLoadArgs, USAGE } from './load-args.js';
import { checkStrideAccess, postBenchmark, StrideRequestError } from './post-benchmark.js';
import { ProgressReporter } from './progress.js';
import { createRawJsonGetter } from './raw-http-get.js';
import { runLoad } from './run-load.js';
import { buildReport, formatReport, type LoadReport } from './summary.js';

export interface CommandIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Aborting stops the run early (Ctrl-C); the summary of what ran is still printed and judged. */
  signal?: AbortSignal;
}

export const EXIT = { passed: 0, thresholdsFailed: 1, usage: 2 } as const;

export interface CommandResult {
  exitCode: number;
  report?: LoadReport;
  benchmarkId?: string;
}

/** `npm run load`: parse, check Stride, sample the catalog, run, print, post. Never throws for expected failures. */
export async function runLoadCommand(io: CommandIo): Promise<CommandResult> {
  const fail = (message: string): CommandResult => {
    io.stderr.write(`load: ${message}\n`);
    return { exitCode: EXIT.usage };
  };
  let args: LoadArgs;
  try {
    args = parseLoadArgs(io.argv, io.env);
  } catch (err) {
    if (err instanceof LoadUsageError) return fail(err.message);
    throw err;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return { exitCode: EXIT.passed };
  }

  try {
    if (args.stride) await checkStrideAccess(args.stride);
  } catch (err) {
    if (err instanceof StrideRequestError) return fail(err.message);
    throw err;
  }

  let catalog: CatalogSample;
  try {
    catalog = await discoverCatalog({ getJson: createRawJsonGetter(args.targetUrl) });
  } catch (err) {
    if (err instanceof CatalogDiscoveryError)
      return fail(`cannot sample the shop at ${args.targetUrl}: ${err.message}`);
    throw err;
  }
  const rate = args.overallRatePerSecond === undefined ? 'unlimited rate' : `${args.overallRatePerSecond} req/s`;
  io.stderr.write(
    `load: ${args.profile} against ${args.targetUrl} (${catalog.shopProfile ?? 'unknown'} profile) for ` +
      `${formatDurationMillis(args.durationMillis)}: ${args.connections} connections, ${rate}; sampled ` +
      `${catalog.productIds.length} products, ${catalog.skus.length} SKUs, ${catalog.maxUserId} users\n`,
  );

  const progress = new ProgressReporter(io.stderr);
  const run = await runLoad({
    targetUrl: args.targetUrl,
    catalog,
    connections: args.connections,
    overallRatePerSecond: args.overallRatePerSecond,
    durationMillis: args.durationMillis,
    timeoutMillis: args.timeoutMillis,
    signal: io.signal,
    onTick: (tick) => progress.update({ ...tick, durationMs: args.durationMillis }),
  });
  progress.finish();
  if (run.stoppedEarly) io.stderr.write(`load: stopped early after ${formatDurationMillis(run.durationMs)}\n`);

  const report = buildReport({
    name: args.name ?? (catalog.shopProfile ? `commerce-${catalog.shopProfile}` : 'commerce'),
    profile: args.profile,
    target: args.targetUrl,
    startedAtMs: run.startedAtMs,
    durationMs: run.durationMs,
    tallies: run.stats.all(),
    thresholds: args.thresholds,
  });
  io.stdout.write(args.json ? `${JSON.stringify(report.summary, null, 2)}\n` : `${formatReport(report)}\n`);

  let benchmarkId: string | undefined;
  if (args.stride) {
    try {
      benchmarkId = (await postBenchmark(args.stride, report.summary)).id;
      io.stderr.write(`load: summary stored in Stride as benchmark ${benchmarkId}\n`);
    } catch (err) {
      if (err instanceof StrideRequestError) return { ...fail(err.message), report };
      throw err;
    }
  }
  return {
    exitCode: report.summary.passed ? EXIT.passed : EXIT.thresholdsFailed,
    report,
    ...(benchmarkId === undefined ? {} : { benchmarkId }),
  };
}
