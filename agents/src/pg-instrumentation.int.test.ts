import { randomBytes } from 'node:crypto';
import express from 'express';
import pg, * as pgNamespace from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from './agent/start-agent.js';
import { describeStatement } from './pg/statement-cache.js';
import { type FlatPoint, pointsOf } from './testing/otlp-points.js';
import { startOtlpReceiver } from './testing/otlp-receiver.js';
import { postgresAvailable, TEST_POSTGRES_URL } from './testing/real-services.js';
import { type FlatSpan, requestNamed } from './testing/trace-spans.js';

const hasPostgres = await postgresAvailable();

const Q = {
  product: 'SELECT id, name, category_id FROM products WHERE id = $1',
  variants: 'SELECT id, sku FROM variants WHERE product_id = $1 ORDER BY id',
  category: 'SELECT id, name FROM categories WHERE id = $1',
  bySlug: 'SELECT id FROM products WHERE slug = $1',
  list: 'SELECT id FROM products ORDER BY id LIMIT 6',
  missing: 'SELECT * FROM no_such_table WHERE id = 1',
  sleep: 'SELECT pg_sleep(0.05)',
};

describe.skipIf(!hasPostgres)('pg instrumentation against the real PostgreSQL', () => {
  const schema = `stride_agent_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let pool: pg.Pool;
  let smallPool: pg.Pool;
  let agent: Agent;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let baseUrl = '';
  const warnings: string[] = [];

  const metrics = () => receiver.received.map((r) => r.request);
  const traces = () => receiver.receivedTraces.map((r) => r.request);
  const textOf = (sql: string) => describeStatement(sql).text;
  const dbPoints = (name: string, sql: string): FlatPoint[] =>
    pointsOf(metrics(), name).filter((p) => p.attributes['db.query.text'] === textOf(sql));
  const byName = (spans: FlatSpan[], name: string) => spans.filter((s) => s.name === name);
  /** The server span and its query spans (pool waits left out: a new connection's setup may add one). */
  const queries = (name: string) => requestNamed(traces(), name).filter((s) => s.name !== 'pg.pool.connect');

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path TO ${schema}`);
    await admin.query(`CREATE TABLE categories (id int PRIMARY KEY, name text);
      CREATE TABLE products (id int PRIMARY KEY, slug text UNIQUE, name text, category_id int);
      CREATE TABLE variants (id serial PRIMARY KEY, product_id int, sku text);
      INSERT INTO categories VALUES (900, 'shoes');
      INSERT INTO products SELECT i, 'p' || i, 'Product ' || i, 900 FROM generate_series(1, 10) i;
      INSERT INTO variants (product_id, sku) SELECT p, 'sku-' || p || '-' || v FROM generate_series(1, 10) p, generate_series(1, 2) v;`);

    receiver = await startOtlpReceiver();
    agent = startAgent({
      serviceName: 'shop',
      endpoint: receiver.endpoint,
      flushIntervalMillis: 3_600_000,
      runtimeMetrics: false,
      instrument: { pg: pgNamespace, http: false },
      tracing: { randomShare: 0 },
      logger: { warn: (m) => warnings.push(m) },
      env: {},
    });
    const options = `-c search_path=${schema}`;
    pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, options, max: 4 });
    smallPool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, options, max: 1 });

    const app = express();
    app.use(agent.express());
    app.get('/products/:id', async (req, res) => {
      const { rows } = await pool.query(Q.product, [Number(req.params.id)]);
      const product = rows[0];
      const variants = await pool.query(Q.variants, [Number(req.params.id)]);
      const category = await pool.query(Q.category, [product.category_id]);
      res.json({ product, variants: variants.rows, category: category.rows[0] });
    });
    app.get('/by-slug/:slug', async (req, res) => {
      const { rows } = await pool.query(Q.bySlug, [req.params.slug]);
      const variants = await pool.query(Q.variants, [rows[0].id]);
      res.json(variants.rows);
    });
    app.get('/parallel', async (_req, res) => {
      const [a, b] = await Promise.all([pool.query(Q.sleep), pool.query(Q.list)]);
      res.json([a.rowCount, b.rowCount]);
    });
    app.get('/n-plus-one', async (_req, res) => {
      const { rows } = await pool.query(Q.list);
      for (const row of rows) await pool.query(Q.variants, [row.id]);
      res.json(rows.length);
    });
    app.get('/missing', async (_req, res) => {
      try {
        await pool.query(Q.missing);
        res.send('impossible');
      } catch {
        res.status(500).send('db error');
      }
    });
    app.get('/pool-wait', async (_req, res) => {
      await Promise.all([smallPool.query(Q.sleep), smallPool.query(Q.sleep)]);
      res.send('ok');
    });
    app.get('/callbacks', (_req, res) => {
      pool.connect((err, client, release) => {
        if (err || !client) return res.status(500).end();
        client.query(Q.product, [2], (_e, first) => {
          client.query(Q.category, [first.rows[0].category_id], () => {
            release();
            res.send('ok');
          });
        });
      });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    for (const path of [
      '/products/3',
      '/by-slug/p5',
      '/parallel',
      '/n-plus-one',
      '/missing',
      '/pool-wait',
      '/callbacks',
    ]) {
      const res = await fetch(baseUrl + path);
      await res.text();
    }
    await agent.flush();
  });

  afterAll(async () => {
    await agent?.shutdown();
    await new Promise((resolve) => server?.close(resolve));
    await pool?.end();
    await smallPool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
    await receiver?.close();
  });

  it('records db.client.operation.duration per normalized statement, with rows returned', () => {
    const [product] = dbPoints('db.client.operation.duration', Q.product);
    expect(product?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'SELECT',
      'db.query.text': 'SELECT id, name, category_id FROM products WHERE id = $1',
    });
    expect(product?.metric.unit).toBe('s');
    expect(Number(product?.point.count)).toBe(2); // /products/3 and /callbacks
    expect(product?.point.min as number).toBeGreaterThan(0);
    // variants: once in /products/3, once in /by-slug, 6× in /n-plus-one; 2 rows each
    const [rows] = dbPoints('db.client.response.returned_rows', Q.variants);
    expect([Number(rows?.point.count), rows?.point.sum, rows?.point.max]).toEqual([8, 16, 2]);
    expect(rows?.metric.unit).toBe('{row}');
  });

  it('records failures with the SQLSTATE as error.type', () => {
    const [failed] = dbPoints('db.client.operation.duration', Q.missing);
    expect(failed?.attributes['error.type']).toBe('42P01');
    expect(Number(failed?.point.count)).toBe(1);
    const spans = requestNamed(traces(), 'GET /missing');
    expect(spans[0]?.attributes['stride.sampling.reason']).toBe('error');
    const [query] = byName(spans, 'SELECT no_such_table');
    expect(query?.attributes).toMatchObject({ 'error.type': '42P01', 'db.query.text': textOf(Q.missing) });
    expect(query?.span.status?.code).toBe(2);
  });

  it('adds a child span per query with offset, duration and statement attributes', () => {
    const [server, ...children] = queries('GET /products/:id');
    expect(server?.attributes).toMatchObject({
      'http.route': '/products/:id',
      'url.path': '/products/3',
      'stride.sampling.reason': 'slowest',
    });
    expect(children.map((c) => c.name)).toEqual(['SELECT products', 'SELECT variants', 'SELECT categories']);
    const [product] = children;
    expect(product?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'SELECT',
      'db.query.text': textOf(Q.product),
      'stride.db.fingerprint': describeStatement(Q.product).fingerprint,
      'db.namespace': 'test',
      'server.address': '127.0.0.1',
      'server.port': '5432',
      'db.response.returned_rows': '1',
      'stride.db.params_hash': expect.stringMatching(/^[0-9a-f]{16}$/),
      'stride.db.result_hash': expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    for (const child of children) {
      expect(child.span.kind).toBe(3);
      expect(child.offsetMs).toBeGreaterThanOrEqual(0);
      expect(child.offsetMs + child.durationMs).toBeLessThanOrEqual(server!.durationMs + 0.001);
    }
    // sequential awaits: each query starts after the previous ended
    expect(children[1]!.offsetMs).toBeGreaterThanOrEqual(children[0]!.offsetMs + children[0]!.durationMs);
  });

  it('records which earlier query produced a later query’s parameters (and not values taken from the URL)', () => {
    const [, product, variants, category] = queries('GET /products/:id');
    expect(variants?.attributes['stride.depends_on']).toBeUndefined(); // product_id = 3 came from the URL
    expect(category?.attributes['stride.depends_on']).toBe(product?.span.spanId); // category_id came from the row
    const [, bySlug, slugVariants] = queries('GET /by-slug/:slug');
    expect(slugVariants?.attributes['stride.depends_on']).toBe(bySlug?.span.spanId);
    const parallel = queries('GET /parallel').slice(1);
    expect(parallel.map((s) => s.attributes['stride.depends_on'])).toEqual([undefined, undefined]);
    // both started before either ended
    const [a, b] = parallel;
    expect(Math.max(a!.offsetMs, b!.offsetMs)).toBeLessThan(
      Math.min(a!.offsetMs + a!.durationMs, b!.offsetMs + b!.durationMs),
    );
  });

  it('keeps requests that repeat one fingerprint ≥ 5 times, as repeated-query', () => {
    const spans = requestNamed(traces(), 'GET /n-plus-one');
    expect(spans[0]?.attributes['stride.sampling.reason']).toBe('repeated-query');
    expect(byName(spans, 'SELECT variants')).toHaveLength(6);
    const fingerprints = new Set(byName(spans, 'SELECT variants').map((s) => s.attributes['stride.db.fingerprint']));
    expect(fingerprints.size).toBe(1);
    // one statement, different parameters: one fingerprint but distinct params hashes
    const paramsHashes = new Set(byName(spans, 'SELECT variants').map((s) => s.attributes['stride.db.params_hash']));
    expect(paramsHashes.size).toBeGreaterThan(1);
  });

  it('measures the wait for a pooled connection, as a metric, a span and sampled pool levels', () => {
    const poolName = '127.0.0.1:5432/test';
    const waits = pointsOf(metrics(), 'db.client.connection.wait_time').filter(
      (p) => p.attributes['db.client.connection.pool.name'] === poolName,
    );
    const maxWait = Math.max(...waits.map((p) => p.point.max as number));
    expect(maxWait).toBeGreaterThan(0.03); // the second query waited for the first one's 50 ms sleep
    const spans = requestNamed(traces(), 'GET /pool-wait');
    const poolSpans = byName(spans, 'pg.pool.connect');
    expect(poolSpans.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...poolSpans.map((s) => s.durationMs))).toBeGreaterThan(30);
    expect(poolSpans[0]?.attributes['db.client.connection.pool.name']).toBe(poolName);
    // Levels sampled at collection: two pools share the name; nothing in use or waiting after the requests.
    const level = (name: string, state?: string) =>
      pointsOf(metrics(), name)
        .filter((p) => p.attributes['db.client.connection.pool.name'] === poolName)
        .filter((p) => state === undefined || p.attributes['db.client.connection.state'] === state)
        .map((p) => p.point.asDouble);
    expect(level('db.client.connection.max')).toEqual([5]);
    expect(level('db.client.connection.count', 'used')).toEqual([0]);
    expect(level('db.client.connection.pending_requests')).toEqual([0]);
    expect(level('db.client.connection.count', 'idle')[0]).toBeGreaterThanOrEqual(1);
  });

  it('keeps the request context through callback-style pool.connect and client.query', () => {
    const spans = queries('GET /callbacks');
    expect(spans.slice(1).map((s) => s.name)).toEqual(['SELECT products', 'SELECT categories']);
    expect(spans[2]?.attributes['stride.depends_on']).toBe(spans[1]?.span.spanId);
  });

  it('reported no internal errors', () => {
    expect(warnings.filter((w) => w.includes('internal error'))).toEqual([]);
  });
});
