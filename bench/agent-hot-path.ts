/**
 * Same-machine micro benchmark of the agent's per-request CPU cost: an Express 5 app serving a 50-item JSON route
 * (behind express.json() and a router mounted at /api, like a real service), driven by an in-process raw-socket
 * keep-alive client (bench/agent-hot-path-process.mjs). Each run is its own plain-`node` process on built JavaScript
 * (the agent patches the Router's Layer prototype, so "without" must never share a process with "with"); runs
 * alternate none / agent (/ the compared build) so a busy shared machine skews all alike. Reported: CPU µs per
 * request (user + system of the whole process, client included — its share is the same in every variant, so the
 * difference is the agent), GC µs per request and, where `perf` can count them, instructions per request — a count
 * that hardly moves with other processes' load, unlike CPU time on a shared 2-core machine. Medians over runs.
 *
 * Usage: npx tsc -b agents && npx tsx bench/agent-hot-path.ts [--runs 5] [--requests 40000] [--tracing true|false]
 *   [--agent agents/dist/index.js] [--compare other-build/index.js]
 * --compare runs another build of the agent in the same rotation (e.g. the previous commit's agents/dist copied
 * inside the repo, so its dependencies resolve).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./agent-hot-path-process.mjs', import.meta.url));
const DEFAULT_AGENT = fileURLToPath(new URL('../agents/dist/index.js', import.meta.url));

interface RunResult {
  cpuUsPerRequest: number;
  gcUsPerRequest: number;
  wallUsPerRequest: number;
  /** Instructions (user + kernel, all threads) per request; NaN without perf. */
  instructionsPerRequest: number;
}

const HAS_PERF = spawnSync('perf', ['stat', '-e', 'instructions', '-x', ',', 'true']).status === 0;

/** Counts a process's instructions from start() to stop() with `perf stat -p` (NaN when perf is unavailable). */
function countInstructions(pid: number) {
  if (!HAS_PERF) return { attached: Promise.resolve(), stop: async () => Number.NaN };
  const perf: ChildProcess = spawn('perf', ['stat', '-e', 'instructions', '-x', ',', '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  perf.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return {
    // perf prints nothing once attached; give it a moment.
    attached: new Promise<void>((resolve) => setTimeout(resolve, 300)),
    stop: () =>
      new Promise<number>((resolve) => {
        perf.once('exit', () => resolve(Number(/^(\d+),/m.exec(err)?.[1] ?? Number.NaN)));
        perf.kill('SIGINT');
      }),
  };
}

function argOf(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function runChild(agentEntry: string, requests: number, tracing: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [ENTRY], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        STRIDE_HOT_PATH_AGENT: agentEntry,
        STRIDE_HOT_PATH_REQUESTS: String(requests),
        STRIDE_HOT_PATH_TRACING: String(tracing),
      },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let counter: ReturnType<typeof countInstructions> | undefined;
    let instructions = Number.NaN;
    proc.on('message', async (message: { type: string }) => {
      if (message.type === 'measure-start') {
        counter = countInstructions(proc.pid!);
        await counter.attached;
      } else if (message.type === 'measure-end' && counter) instructions = await counter.stop();
      proc.send({ type: 'go' });
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`run ${agentEntry || 'none'} exited ${code}: ${out}`));
      const result = JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<RunResult, 'instructionsPerRequest'>;
      resolve({ ...result, instructionsPerRequest: instructions / requests });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const requests = Number(argOf('requests', '40000'));
  const tracing = argOf('tracing', 'true') !== 'false';
  const runs = Number(argOf('runs', '5'));
  const compare = argOf('compare', '');
  const variants: Array<[string, string]> = [
    ['none', ''],
    ['agent', path.resolve(argOf('agent', DEFAULT_AGENT))],
    ...(compare ? [['compare', path.resolve(compare)] as [string, string]] : []),
  ];
  const results = new Map<string, RunResult[]>(variants.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    const line: string[] = [];
    for (const [name, entry] of variants) {
      const result = await runChild(entry, requests, tracing);
      results.get(name)!.push(result);
      line.push(
        `${name} ${result.cpuUsPerRequest.toFixed(1)} µs (GC ${result.gcUsPerRequest.toFixed(1)}, ` +
          `${(result.instructionsPerRequest / 1000).toFixed(1)}k instr)`,
      );
    }
    console.log(`run ${i + 1}: ${line.join(', ')}`);
  }
  const baseline = results.get('none')!;
  console.log(`Per request, median of ${runs} [range] (tracing ${tracing}):`);
  for (const [name] of variants) {
    const own = results.get(name)!;
    const summary = (value: (r: RunResult) => number, digits: number, scale = 1) => {
      const values = own.map((r) => value(r) / scale);
      const m = median(values);
      const base = median(baseline.map((r) => value(r) / scale));
      const range = `[${Math.min(...values).toFixed(digits)} … ${Math.max(...values).toFixed(digits)}]`;
      const extra = name === 'none' ? '' : ` (+${(((m - base) / base) * 100).toFixed(1)} %)`;
      return `${m.toFixed(digits)} ${range}${extra}`;
    };
    console.log(
      `  ${name}: CPU µs ${summary((r) => r.cpuUsPerRequest, 1)}, GC µs ${summary((r) => r.gcUsPerRequest, 1)}, ` +
        `k instructions ${summary((r) => r.instructionsPerRequest, 1, 1000)}`,
    );
  }
}

await main();
