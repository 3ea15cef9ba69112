import { randomInt } from 'node:crypto';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { pointsOf } from './testing/otlp-points.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { redisAvailable, TEST_REDIS_URL } from './testing/real-services.js';
import { requestNamed, requestsNamed } from './testing/trace-spans.js';

const hasRedis = await redisAvailable();

describe.skipIf(!hasRedis)('ioredis instrumentation against the real Redis', () => {
  // Letters only, so the namespace is part of every key's prefix family: `<ns>:product:42` → `<ns>:product`.
  const ns = `stride${Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;
  let redis: Redis;
  let agent: Agent;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  const warnings: string[] = [];
  const metrics = () => receiver.received.map((r) => r.request);
  const traces = () => receiver.receivedTraces.map((r) => r.request);

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    agent = startAgent({
      serviceName: 'shop',
      endpoint: receiver.endpoint,
      flushIntervalMillis: 3_600_000,
      runtimeMetrics: false,
      instrument: { ioredis: Redis, http: false },
      tracing: { randomShare: 0 },
      logger: { warn: (m) => warnings.push(m) },
      env: {},
    });
    redis = new Redis(TEST_REDIS_URL);
    await redis.set(`${ns}:session:tok`, '17');
    await redis.hset(`${ns}:user:17`, { user_id: '17', name: 'Ada' });
    await redis.set(`${ns}:product:1`, JSON.stringify({ id: 1, name: 'Shoe' }));

    const app = express();
    app.use(agent.express());
    app.get('/products/:id', async (req, res) => {
      const key = `${ns}:product:${req.params.id}`;
      const cached = await redis.get(key);
      if (!cached) await redis.set(key, JSON.stringify({ id: Number(req.params.id) }), 'EX', 60);
      res.send(cached ? 'hit' : 'miss');
    });
    app.get('/me', async (_req, res) => {
      const userId = await redis.get(`${ns}:session:tok`);
      const user = await redis.hgetall(`${ns}:user:${userId}`);
      res.json(user);
    });
    app.get('/multi', async (_req, res) => {
      const found = await redis.mget(`${ns}:product:1`, `${ns}:product:2`, `${ns}:product:404`);
      const n = await redis.exists(`${ns}:product:1`, `${ns}:nothing:1`);
      const piped = await redis.pipeline().get(`${ns}:product:1`).get(`${ns}:product:405`).exec();
      res.json([found.length, n, piped?.length]);
    });
    app.get('/wrongtype', async (_req, res) => {
      try {
        await redis.get(`${ns}:user:17`);
        res.send('impossible');
      } catch {
        res.status(502).send('cache error');
      }
    });
    app.get('/loop', async (_req, res) => {
      for (let i = 1; i <= 5; i++) await redis.get(`${ns}:product:${i}`);
      res.send('ok');
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const path of ['/products/2', '/products/2', '/me', '/multi', '/wrongtype', '/loop']) {
      await (await fetch(base + path)).text();
    }
    await agent.flush();
  });

  afterAll(async () => {
    await agent?.shutdown();
    await new Promise((resolve) => server?.close(resolve));
    if (redis) {
      const keys = await redis.keys(`${ns}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await receiver?.close();
  });

  it('counts cache lookups by hit and miss per command and key family, a multi-key read per key', () => {
    const lookups: Record<string, number> = {};
    for (const p of pointsOf(metrics(), 'stride.cache.lookups')) {
      expect(p.metric.sum?.isMonotonic).toBe(true);
      const key = `${p.attributes['db.operation.name']} ${p.attributes['stride.cache.key_prefix']} ${p.attributes['cache.result']}`;
      lookups[key] = (lookups[key] ?? 0) + Number(p.point.asDouble);
    }
    expect(lookups).toEqual({
      // /products/2 twice (miss, then hit), /multi's pipelined GETs (1 hit, 1 miss), /loop's five GETs (product:1, :2 hit)
      [`GET ${ns}:product miss`]: 1 + 1 + 3,
      [`GET ${ns}:product hit`]: 1 + 1 + 2,
      [`GET ${ns}:session hit`]: 1,
      [`HGETALL ${ns}:user hit`]: 1,
      [`MGET ${ns}:product hit`]: 2,
      [`MGET ${ns}:product miss`]: 1,
      [`EXISTS ${ns}:product hit`]: 1,
      [`EXISTS ${ns}:product miss`]: 1,
    });
  });

  it('records every command’s duration, with the reply error code on failure', () => {
    const counts: Record<string, number> = {};
    for (const p of pointsOf(metrics(), 'db.client.operation.duration')) {
      expect(p.attributes['db.system.name']).toBe('redis');
      const key = `${p.attributes['db.operation.name']}${p.attributes['error.type'] ? ` ${p.attributes['error.type']}` : ''}`;
      counts[key] = (counts[key] ?? 0) + Number(p.point.count);
    }
    // SET and HSET include beforeAll's setup, measured outside any request
    expect(counts).toMatchObject({ GET: 10, SET: 3, HSET: 1, HGETALL: 1, MGET: 1, EXISTS: 1, 'GET WRONGTYPE': 1 });
  });

  it('adds a span per command with cache result and key family', () => {
    const requests = requestsNamed(traces(), 'GET /products/:id');
    expect(requests.map((spans) => spans.length).sort()).toEqual([2, 3]); // a hit; a miss and its SET
    const [, miss, set] = requests.find((spans) => spans.length === 3) ?? [];
    expect(miss?.name).toBe('GET');
    expect(miss?.attributes).toMatchObject({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'cache.result': 'miss',
      'stride.cache.key_prefix': `${ns}:product`,
      'server.address': '127.0.0.1',
      'server.port': '6379',
    });
    expect(set?.name).toBe('SET');
    expect(set?.attributes['cache.result']).toBeUndefined();
    const multi = requestNamed(traces(), 'GET /multi').slice(1);
    expect(multi.map((s) => [s.name, s.attributes['cache.result']])).toEqual([
      ['MGET', 'partial'],
      ['EXISTS', 'partial'],
      ['GET', 'hit'],
      ['GET', 'miss'],
    ]);
    const [, failed] = requestNamed(traces(), 'GET /wrongtype');
    expect(failed?.attributes['error.type']).toBe('WRONGTYPE');
    expect(failed?.span.status?.code).toBe(2);
  });

  it('links a command to the earlier one whose reply fed its key', () => {
    const [, session, user] = requestNamed(traces(), 'GET /me');
    expect(user?.attributes['stride.depends_on']).toBe(session?.span.spanId);
    expect(session?.attributes['stride.depends_on']).toBeUndefined();
  });

  it('keeps a request with ≥ 5 commands of one family as repeated-query', () => {
    const spans = requestNamed(traces(), 'GET /loop');
    expect(spans[0]?.attributes['stride.sampling.reason']).toBe('repeated-query');
    expect(spans.slice(1).map((s) => s.attributes['cache.result'])).toEqual(['hit', 'hit', 'miss', 'miss', 'miss']);
  });

  it('reported no internal errors', () => {
    expect(warnings.filter((w) => w.includes('internal error'))).toEqual([]);
  });
});
