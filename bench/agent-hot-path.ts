/**
 * Same-machine micro benchmark of the agent's per-request CPU cost: an Express 5 app serving a 50-item JSON route
 * (behind express.json() and a router mounted at /api, like a real service), driven by an in-process raw-socket
 * keep-alive client (bench/agent-hot-path-process.mjs). Each run is its own plain-`node` process on built JavaScript
 * (the agent patches the Router's Layer prototype, so "without" must never share a process with "with"); runs
 * alternate none / agent (/ the compared build) so a busy shared machine skews all alike. Reported: CPU µs per
 * request (user + system of the whole process, client included — its share is the same in every variant, so the
 * difference is the agent) and GC µs per request, medians over runs.
 *
 * Usage: npx tsc -b agents && npx tsx bench/agent-hot-path.ts [--runs 5] [--requests 40000] [--tracing true|false]
 *   [--agent agents/dist/index.js] [--compare other-build/index.js]
 * --compare runs another build of the agent in the same rotation (e.g. the previous commit's agents/dist copied
 * inside the repo, so its dependencies resolve).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./agent-hot-path-process.mjs', import.meta.url));
const DEFAULT_AGENT = fileURLToPath(new URL('../agents/dist/index.js', import.meta.url));

interface RunResult {
  cpuUsPerRequest: number;
  gcUsPerRequest: number;
  wallUsPerRequest: number;
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
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`run ${agentEntry || 'none'} exited ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as RunResult);
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
      line.push(`${name} ${result.cpuUsPerRequest.toFixed(1)} µs (GC ${result.gcUsPerRequest.toFixed(1)})`);
    }
    console.log(`run ${i + 1}: ${line.join(', ')}`);
  }
  const none = median(results.get('none')!.map((r) => r.cpuUsPerRequest));
  console.log(`CPU µs/request, median of ${runs} (tracing ${tracing}):`);
  for (const [name] of variants) {
    const own = results.get(name)!;
    const cpu = median(own.map((r) => r.cpuUsPerRequest));
    const gc = median(own.map((r) => r.gcUsPerRequest));
    const extra = name === 'none' ? '' : `, +${(cpu - none).toFixed(1)} µs (+${(((cpu - none) / none) * 100).toFixed(1)} %)`;
    const range = `[${Math.min(...own.map((r) => r.cpuUsPerRequest)).toFixed(1)} … ${Math.max(...own.map((r) => r.cpuUsPerRequest)).toFixed(1)}]`;
    console.log(`  ${name}: ${cpu.toFixed(1)} ${range}, GC ${gc.toFixed(1)}${extra}`);
  }
}

await main();
