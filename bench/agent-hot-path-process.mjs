// One run of bench/agent-hot-path.ts, as plain `node` on built JavaScript (a loader such as tsx would tax every
// request): an Express 5 app serving a 50-item JSON route behind express.json() and a router mounted at /api, with
// or without the agent build at STRIDE_HOT_PATH_AGENT (an index.js), driven in-process by a minimal keep-alive
// HTTP/1.1 client on raw sockets (a few µs per request, the same in every variant, where node:http's client costs
// more than the server). With an IPC channel it tells the parent when the measured phase starts and ends (the parent
// counts the process's instructions with `perf stat` in between) and waits for its go-ahead. Prints one JSON line:
// CPU µs and GC µs per request over the measured requests.
import net from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import express from 'express';

const {
  STRIDE_HOT_PATH_AGENT: agentEntry = '',
  STRIDE_HOT_PATH_TRACING: tracing = 'true',
  STRIDE_HOT_PATH_REQUESTS: requestsText = '40000',
  STRIDE_HOT_PATH_CONNECTIONS: connectionsText = '8',
} = process.env;
const requests = Number(requestsText);
const connections = Number(connectionsText);
const EPOCH_MS = Date.parse('2025-01-01T00:00:00Z');

function itemsHandler(_req, res) {
  const items = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${String(i + 1).padStart(5, '0')}`,
    name: `Item ${i + 1}`,
    priceCents: 999 + i * 150,
    currency: 'EUR',
    inStock: i % 7 !== 0,
    tags: ['bench', i % 2 === 0 ? 'even' : 'odd'],
    updatedAt: new Date(EPOCH_MS + i * 60_000).toISOString(),
  }));
  res.json({ items, count: items.length });
}

// Discards exports, so flushes cost what they cost in production minus the network.
const sink = net.createServer((socket) => {
  let pending = '';
  socket.on('data', (chunk) => {
    pending += chunk.latin1Slice();
    // Answer each complete request (headers + Content-Length body); the agent's exporter keeps the socket alive.
    for (;;) {
      const headerEnd = pending.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(pending.slice(0, headerEnd))?.[1] ?? 0);
      if (pending.length < headerEnd + 4 + length) return;
      pending = pending.slice(headerEnd + 4 + length);
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n');
    }
  });
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));

const agent = agentEntry
  ? (await import(pathToFileURL(agentEntry).href)).startAgent({
      serviceName: 'hot-path',
      endpoint: `http://127.0.0.1:${sink.address().port}`,
      flushIntervalMillis: 2_000,
      tracing: tracing !== 'false',
    })
  : undefined;
const app = express();
if (agent) app.use(agent.express());
app.use(express.json());
const api = express.Router();
api.get('/items', itemsHandler);
app.use('/api', api);
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
server.keepAliveTimeout = 60_000;
const { port } = server.address();

const REQUEST = Buffer.from('GET /api/items HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: hot-path\r\n\r\n', 'latin1');

/** Sends `total` requests over `connections` keep-alive sockets, one in flight per socket; resolves when answered. */
function drive(total) {
  let sent = 0;
  let answered = 0;
  return new Promise((resolve, reject) => {
    for (let c = 0; c < connections; c++) {
      const socket = net.connect(port, '127.0.0.1');
      let buffered = '';
      let bodyLeft = -1;
      const next = () => {
        if (sent >= total) return socket.end();
        sent++;
        socket.write(REQUEST);
      };
      socket.on('connect', next);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buffered += chunk.latin1Slice();
        for (;;) {
          if (bodyLeft < 0) {
            const headerEnd = buffered.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const head = buffered.slice(0, headerEnd);
            if (!head.startsWith('HTTP/1.1 200')) return reject(new Error(head.slice(0, 40)));
            bodyLeft = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
            buffered = buffered.slice(headerEnd + 4);
          }
          if (buffered.length < bodyLeft) return;
          buffered = buffered.slice(bodyLeft);
          bodyLeft = -1;
          answered++;
          if (answered === total) resolve();
          next();
        }
      });
    }
  });
}

/** Tells the parent (if any) where we are and waits for its reply, e.g. until its counter is attached. */
function handshake(type) {
  if (!process.send) return Promise.resolve();
  return new Promise((resolve) => {
    process.once('message', resolve);
    process.send({ type });
  });
}

let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
await drive(Math.min(10_000, requests)); // warm-up: JIT, patched layers, series created
await new Promise((resolve) => setTimeout(resolve, 100));
gcObserver.observe({ entryTypes: ['gc'] });
await handshake('measure-start');
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await drive(requests);
const cpu = process.cpuUsage(cpu0);
const wallNs = Number(process.hrtime.bigint() - t0);
await handshake('measure-end');
await new Promise((resolve) => setImmediate(resolve));
gcObserver.disconnect();
process.stdout.write(
  `${JSON.stringify({
    cpuUsPerRequest: (cpu.user + cpu.system) / requests,
    gcUsPerRequest: (gcMs * 1000) / requests,
    wallUsPerRequest: wallNs / 1000 / requests,
  })}\n`,
);
await agent?.shutdown();
server.closeAllConnections();
server.close();
sink.close();
process.disconnect?.();
process.exit(0);
