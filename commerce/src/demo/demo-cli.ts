#!/usr/bin/env node
import { startDemoCommand } from './demo-command.js';

async function main(): Promise<void> {
  const { exitCode, demo } = await startDemoCommand({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (!demo) {
    process.exitCode = exitCode ?? 1;
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`stride demo: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`stride demo: ${signal} received, shutting down\n`);
    demo.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`stride demo: shutdown failed: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const error = err instanceof Error ? err : new Error(String(err));
  // A port in use or a failed start is one line; anything unexpected keeps its stack.
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(`stride demo: ${code === 'EADDRINUSE' ? error.message : (error.stack ?? error.message)}\n`);
  process.exit(1);
});
