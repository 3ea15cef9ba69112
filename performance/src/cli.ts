#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, describeSettings, parseConfig } from './config/config.js';

const USAGE = `Usage: stride serve [--port 4318] [--host 127.0.0.1] [--data-dir ./data] [--store sqlite]

Runs the Stride metrics service: OTLP/HTTP ingest at /v1/metrics, the query API at /api/v1.

Settings (flag, environment variable, meaning; flags win over the environment):
${describeSettings().join('\n')}

Other options:
  -h, --help      show this help
  --version       print the version
`;

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`stride: ${message}\n`);
  process.exit(exitCode);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function serve(flags: Record<string, string | undefined>): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig({ flags, env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  // Loaded after the config is known good, so a bad setting is reported without loading the store's native module.
  const { createServer } = await import('./server.js');
  const server = await createServer(config);
  if (server.adminToken.source === 'generated') {
    process.stdout.write(`token: ${server.adminToken.token}\n`);
  }
  let address: Awaited<ReturnType<typeof server.listen>>;
  try {
    address = await server.listen();
  } catch (err) {
    await server.close();
    fail(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`, 1);
  }
  process.stdout.write(`stride listening on ${address.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`stride: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`stride: ${signal} received, shutting down\n`);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (err: Error) => fail(`shutdown failed: ${err.message}`, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    fail(`${(err as Error).message.split('. ')[0]} (see stride --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) fail('missing command (see stride --help)');
  if (command !== 'serve') fail(`unknown command "${command}" (see stride --help)`);
  if (rest.length > 0) fail(`unexpected argument "${rest[0]}" (see stride --help)`);
  const { help: _help, version: _version, ...flags } = values;
  await serve(flags);
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      store: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  // Expected failures (a store that will not open, say) are one line; anything else is a bug and keeps its stack.
  if (!(error as { isOperational?: boolean }).isOperational) process.stderr.write(`${error.stack}\n`);
  fail(error.message, 1);
});
