import http from 'node:http';
import express from 'express';
import { startAgent } from '/work/main/agents/src/index.ts';

const agent = startAgent({ serviceName: 'b', endpoint: 'http://127.0.0.1:9', flushIntervalMillis: 3_600_000, env: {}, logger: { warn() {} } });
function build(withAgent: boolean) {
  const app = express();
  if (withAgent) app.use(agent.express());
  const api = express.Router();
  const users = express.Router({ mergeParams: true });
  users.get('/:userId/orders/:orderId', (req, res) => { res.json({ ok: 1 }); });
  api.use('/users', users);
  app.use('/api', api);
  return new Promise<{ port: number; server: http.Server }>((r) => { const s = app.listen(0, '127.0.0.1', () => r({ port: (s.address() as any).port, server: s })); });
}
const keep = new http.Agent({ keepAlive: true, maxSockets: 8 });
function get(port: number, i: number) {
  return new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: `/api/users/${i % 50}/orders/${i}`, agent: keep }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
  });
}
async function run(port: number, n: number) {
  const t = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (i < n) await get(port, i++); }));
  return (performance.now() - t) / n;
}
async function main() {
const a = await build(false), b = await build(true);
await run(a.port, 2000); await run(b.port, 2000);
const res: Record<string, number[]> = { without: [], with: [] };
for (let k = 0; k < 5; k++) { res.without.push(await run(a.port, 4000)); res.with.push(await run(b.port, 4000)); }
const med = (x: number[]) => x.sort((p, q) => p - q)[2]!;
console.log('ms/request median without', med(res.without).toFixed(4), 'with', med(res.with).toFixed(4));
// In-process cost of the middleware + record path
const mw = agent.express();
const t0 = performance.now(); const N = 100000;
const { EventEmitter } = await import('node:events');
for (let i = 0; i < N; i++) {
  const req: any = Object.assign(new EventEmitter(), { method: 'GET', headers: {} });
  const res: any = Object.assign(new EventEmitter(), { statusCode: 200, write() { return true; }, end() { return this; } });
  mw(req, res, () => {});
  res.end('hello');
  res.emit('finish');
}
console.log('µs per middleware+record (no Express)', (((performance.now() - t0) / N) * 1000).toFixed(2));
const t1 = performance.now(); await agent.flush(); console.log('collect+encode+gzip (dead endpoint) ms', (performance.now() - t1).toFixed(1));
console.log('rss MB', (process.memoryUsage.rss() / 1e6).toFixed(0));
a.server.close(); b.server.close(); keep.destroy(); await agent.shutdown();
}
main();
