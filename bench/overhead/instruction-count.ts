// Instructions a process retires (user + kernel, all its threads), counted by `perf stat -p` between start and stop.
// Unlike CPU time, the count hardly moves with other processes' load on a shared machine (no cache or frequency
// effects), so it compares variants' per-request work even when req/s and CPU µs are noisy. Undefined without perf
// (or without permission to count: perf_event_paranoid).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface InstructionCount {
  /** Stops counting; the instructions since start, or undefined when perf could not count them. */
  stop(): Promise<number | undefined>;
}

let available: boolean | undefined;

export function perfAvailable(): boolean {
  available ??= spawnSync('perf', ['stat', '-e', 'instructions', '-x', ',', 'true'], { stdio: 'ignore' }).status === 0;
  return available;
}

/** Starts counting `pid`'s instructions; resolves once perf has had time to attach (it prints nothing then). */
export async function startInstructionCount(pid: number): Promise<InstructionCount> {
  if (!perfAvailable()) return { stop: async () => undefined };
  const perf: ChildProcess = spawn('perf', ['stat', '-e', 'instructions', '-x', ',', '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let report = '';
  perf.stderr!.on('data', (chunk: Buffer) => {
    report += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => perf.once('exit', () => resolve()));
  perf.once('error', () => {});
  await sleep(200);
  return {
    async stop() {
      perf.kill('SIGINT');
      await exited;
      const count = Number(/^(\d+),/m.exec(report)?.[1]);
      return Number.isFinite(count) ? count : undefined;
    },
  };
}
