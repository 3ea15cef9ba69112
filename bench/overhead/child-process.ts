// Starts a bench/overhead entry in its own Node process (fresh V8 and module cache) as plain `node` on JavaScript
// built by tsc (no tsx or other loader: a loader's hooks and source maps would tax every variant's requests), waits
// for its `{ type: 'ready' }` IPC message, and reads its memory and CPU time from /proc while it runs.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// bench/overhead/tsconfig.json builds this folder here, at the same depth as bench/overhead, so the built files'
// imports of ../../commerce/dist resolve (agents and commerce themselves are built by the root `tsc -b`).
const BUILD_DIR = new URL('../../dist/bench-overhead/', import.meta.url);
let built = false;

/**
 * Compiles bench/overhead to JavaScript (incremental, once per process). Needs agents/dist and commerce/dist:
 * run `npx tsc -b` first, as `npm run bench` does.
 */
export function buildBenchChildren(): void {
  if (built) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = fileURLToPath(new URL('../../bench/overhead/tsconfig.json', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: REPO_ROOT, stdio: 'inherit' });
  built = true;
}

export interface ReadyMessage {
  type: 'ready';
  [field: string]: unknown;
}

export interface BenchChild {
  pid: number;
  ready: ReadyMessage;
  /** Resident set size now (VmRSS), MiB. */
  rssMiB(): number;
  /** CPU time used so far, user + system, seconds (10 ms resolution). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export class ChildStartError extends Error {
  override readonly name = 'ChildStartError';
}

export async function startBenchChild({
  entry,
  env = {},
  nodeArgs = [],
  startTimeoutMillis = 60_000,
}: {
  /** Source file name inside bench/overhead, e.g. `target-process.ts`; its built `.js` twin is what runs. */
  entry: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. `['--cpu-prof']` to see where a variant spends its time. */
  nodeArgs?: string[];
  startTimeoutMillis?: number;
}): Promise<BenchChild> {
  buildBenchChildren();
  const file = fileURLToPath(new URL(entry.replace(/\.ts$/, '.js'), BUILD_DIR));
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, file], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => fail(`${entry} not ready within ${startTimeoutMillis} ms`), startTimeoutMillis);
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new ChildStartError(message));
    };
    child.once('exit', (code, signal) => fail(`${entry} exited (${code ?? signal}) before it was ready`));
    child.once('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(message);
    });
  });
  const pid = child.pid!;
  return {
    pid,
    ready,
    rssMiB: () => statusKiB(pid, 'VmRSS') / 1024,
    cpuSeconds: () => cpuTicks(pid) / CLOCK_TICKS_PER_SECOND,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function statusKiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
}

// USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of /proc/<pid>/stat (fields 14 and 15; counted after the `(comm)` field, which may hold spaces). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
