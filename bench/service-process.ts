// Runs the built metrics service (`stride serve`) in a child process so the benchmarks measure the real service,
// its own RSS included, with the load generator in another process.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../performance/dist/cli.js', import.meta.url));

export interface ServiceProcess {
  url: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), MiB. */
  peakRssMiB(): number;
  /** CPU time used so far (user + system): all threads, and the main (event-loop) thread alone; seconds. */
  cpuSeconds(): { total: number; main: number };
  stop(): Promise<void>;
}

export async function startService({
  dataDir,
  port,
  adminToken,
  env = {},
}: {
  dataDir: string;
  port: number;
  adminToken: string;
  /** Extra environment for the service (its settings). */
  env?: Record<string, string>;
}): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', dataDir], {
    env: {
      ...process.env,
      STRIDE_ADMIN_TOKEN: adminToken,
      STRIDE_INGEST_KEYS: '',
      STRIDE_MAX_BODY_BYTES: '67108864',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`stride serve exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    peakRssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    cpuSeconds: () => ({ total: cpuOf(`/proc/${pid}/stat`), main: cpuOf(`/proc/${pid}/task/${pid}/stat`) }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** utime + stime of a /proc stat file, seconds (clock ticks are 100 Hz on Linux). */
function cpuOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
