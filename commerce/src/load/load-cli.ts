#!/usr/bin/env node
import { runLoadCommand } from './load-command.js';

// First Ctrl-C: stop the run and still print (and post) what it measured, as k6 does; a second one exits now.
const controller = new AbortController();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write(`\nload: ${signal}: stopping (again to exit now)\n`);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

runLoadCommand({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  ({ exitCode }) => {
    process.exitCode = exitCode;
  },
  (err: unknown) => {
    process.stderr.write(`load: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
