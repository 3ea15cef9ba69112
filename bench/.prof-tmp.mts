// Runs the bench child with extra node flags and drives it for N seconds; prints memory at end.
import { spawn } from 'node:child_process';
import http from 'node:http';
const flags = process.argv.slice(3);
const seconds = Number(process.argv[2] ?? 20);
const sink = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(200).end()); });
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const child = spawn(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', '/work/main/bench/agent-memory-process.ts'], {
  cwd: '/tmp/amem/prof', env: { ...process.env, STRIDE_BENCH_AGENT: process.env.AGENT ?? '1', STRIDE_BENCH_AGENT_FROM: 'source', STRIDE_BENCH_SINK_URL: `http://127.0.0.1:${(sink.address() as any).port}`, STRIDE_BENCH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const { url } = await new Promise<any>((r) => child.once('message', r));
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
let n = 0; const t0 = performance.now();
if (process.env.MIDSNAP) setTimeout(() => process.kill(child.pid!, 'SIGUSR2'), seconds * 500);
await Promise.all(Array.from({ length: 16 }, async () => {
  while (performance.now() - t0 < seconds * 1000) {
    const i = n++;
    await new Promise<void>((res, rej) => http.get(`${url}/r${i % 1000}/items/${i % 997}`, { agent }, (r) => { r.resume(); r.on('end', () => res()); }).on('error', rej));
  }
}));
console.log('requests', n, (n / seconds).toFixed(0), 'req/s');
agent.destroy();
await new Promise((r) => setTimeout(r, 2500));
child.send({ type: 'measure' });
console.log(await new Promise((r) => child.on('message', (m: any) => m.type === 'memory' && r(m))));
if (process.env.SNAP) { process.kill(child.pid!, 'SIGUSR2'); await new Promise((r) => setTimeout(r, 8000)); }
child.send({ type: 'stop' });
await new Promise((r) => child.once('exit', r));
sink.close();
