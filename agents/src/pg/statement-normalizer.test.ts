import { describe, expect, it } from 'vitest';
import { tokenize } from './sql-tokenizer.js';
import { describeStatement, StatementCache } from './statement-cache.js';
import { normalizeStatement } from './statement-normalizer.js';

describe('tokenize', () => {
  it('drops comments and whitespace and keeps every literal form whole', () => {
    const sql = `/* a /* nested */ comment */ SELECT E'it\\'s', 'o''k', $tag$ a $1 'b' $tag$, U&'\\0041', x'1F', "We""ird" -- c
      FROM t WHERE a::int[] @> $12 AND b<>-1`;
    expect(tokenize(sql).map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:SELECT',
      "string:E'it\\'s'",
      'punct:,',
      "string:'o''k'",
      'punct:,',
      "string:$tag$ a $1 'b' $tag$",
      'punct:,',
      "string:U&'\\0041'",
      'punct:,',
      "string:x'1F'",
      'punct:,',
      'quoted:"We""ird"',
      'word:FROM',
      'word:t',
      'word:WHERE',
      'word:a',
      'punct:::',
      'word:int',
      'punct:[',
      'punct:]',
      'op:@>',
      'param:$12',
      'word:AND',
      'word:b',
      'op:<>',
      'op:-',
      'number:1',
    ]);
  });

  it('runs an unterminated string or comment to the end instead of throwing', () => {
    expect(tokenize("SELECT 'abc").map((t) => t.text)).toEqual(['SELECT', "'abc"]);
    expect(tokenize('SELECT 1 /* open').map((t) => t.text)).toEqual(['SELECT', '1']);
  });
});

describe('normalizeStatement', () => {
  it.each([
    // [raw, fingerprint text, operation, table]
    [
      "select * from products  where id in (1, 2, 3) and price > -5.5 and name = 'x' limit 10",
      'select * from products where id in (?) and price > ? and name = ? limit ?',
      'SELECT',
      'products',
    ],
    [
      'SELECT p.id, p.name FROM products p WHERE p.id = $1',
      'SELECT p.id, p.name FROM products p WHERE p.id = $1',
      'SELECT',
      'products',
    ],
    [
      'SELECT v.id FROM product_variants v WHERE v.product_id = ANY($1::int[]) ORDER BY v.product_id, v.position',
      'SELECT v.id FROM product_variants v WHERE v.product_id = ANY($1::int[]) ORDER BY v.product_id, v.position',
      'SELECT',
      'product_variants',
    ],
    [
      'SELECT * FROM variants WHERE product_id = ANY(ARRAY[1,2,3])',
      'SELECT * FROM variants WHERE product_id = ANY(ARRAY[?])',
      'SELECT',
      'variants',
    ],
    [
      // knex-style IN list: placeholders collapse and later ones are renumbered
      'select * from "orders" where "user_id" in ($1, $2, $3) and "status" = $4 limit $5',
      'select * from "orders" where "user_id" in ($1) and "status" = $2 limit $3',
      'SELECT',
      'orders',
    ],
    [
      'INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9) RETURNING id',
      'INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3) RETURNING id',
      'INSERT',
      'order_items',
    ],
    [
      "INSERT INTO order_status_log (order_id, status) VALUES ($1, 'placed')",
      'INSERT INTO order_status_log (order_id, status) VALUES ($1, ?)',
      'INSERT',
      'order_status_log',
    ],
    [
      'INSERT INTO t (a, b) SELECT * FROM unnest($1::int[], $2::text[])',
      'INSERT INTO t (a, b) SELECT * FROM unnest($1::int[], $2::text[])',
      'INSERT',
      't',
    ],
    [
      `WITH updated AS (UPDATE orders SET status = $2 WHERE id = $1 RETURNING id)
       INSERT INTO order_status_log (order_id, status, note) SELECT id, $3, $4 FROM updated`,
      'WITH updated AS (UPDATE orders SET status = $1 WHERE id = $2 RETURNING id) INSERT INTO order_status_log (order_id, status, note) SELECT id, $3, $4 FROM updated',
      'INSERT',
      'order_status_log',
    ],
    [
      "SELECT count(*)::int AS total FROM products p WHERE p.created_at > now() - interval '7 days'",
      'SELECT count(*)::int AS total FROM products p WHERE p.created_at > now() - interval ?',
      'SELECT',
      'products',
    ],
    [
      'UPDATE ONLY public.products SET price_cents = price_cents * 1.1, updated_at = now() WHERE id = $1',
      'UPDATE ONLY public.products SET price_cents = price_cents * ?, updated_at = now() WHERE id = $1',
      'UPDATE',
      'public.products',
    ],
    [
      "DELETE FROM cart_items WHERE cart_id = $1 AND sku NOT IN ('a','b','c');",
      'DELETE FROM cart_items WHERE cart_id = $1 AND sku NOT IN (?)',
      'DELETE',
      'cart_items',
    ],
    [
      'SELECT * FROM "Order" WHERE (a, b) IN ((1, 2), (3, 4)) AND c IN (SELECT id FROM u WHERE v IN (1, 2))',
      'SELECT * FROM "Order" WHERE (a, b) IN ((?, ?)) AND c IN (SELECT id FROM u WHERE v IN (?))',
      'SELECT',
      'Order',
    ],
    [
      "SELECT setval(pg_get_serial_sequence('orders', 'id'), COALESCE((SELECT max(id) FROM orders), 0) + 1, false)",
      'SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(id) FROM orders), ?) + ?, false)',
      'SELECT',
      undefined,
    ],
    ['BEGIN', 'BEGIN', 'BEGIN', undefined],
    ['COMMIT;', 'COMMIT', 'COMMIT', undefined],
    ['SELECT 1', 'SELECT ?', 'SELECT', undefined],
    [
      // unary minus folds into the literal; binary minus does not
      'SELECT * FROM t WHERE x = -1 AND y = a - 1 AND z IN (-2, 3) LIMIT -1',
      'SELECT * FROM t WHERE x = ? AND y = a - ? AND z IN (?) LIMIT ?',
      'SELECT',
      't',
    ],
    [
      "SELECT data->>'sku', tags[1] FROM t WHERE a IN (b, c) AND d = E'\\n' AND e = 0x1F AND f = 1e-3",
      'SELECT data ->> ?, tags[?] FROM t WHERE a IN (b, c) AND d = ? AND e = ? AND f = ?',
      'SELECT',
      't',
    ],
    [
      '/* controller=products,action=show */ SELECT $body$ it is $1 $body$ FROM dual -- trailing',
      'SELECT ? FROM dual',
      'SELECT',
      'dual',
    ],
  ])('%s', (raw, text, operation, table) => {
    expect(normalizeStatement(raw)).toMatchObject({ text, operation, table });
  });

  it('returns the literals it replaced, in order, signs folded in, collapsed lists included', () => {
    expect(
      normalizeStatement("SELECT * FROM t WHERE x = -1 AND y = a - 2 AND z IN (3, 'b') AND w = $1").literals,
    ).toEqual(['-1', '2', '3', "'b'"]);
    expect(normalizeStatement('SELECT * FROM t WHERE id = $1').literals).toEqual([]);
  });

  it('gives statements that differ only in literals, list lengths or spacing one fingerprint', () => {
    const variants = [
      'SELECT * FROM t WHERE id IN (1, 2) AND s = $3',
      'select * from t where id in (7,8,9,10) and s = $11',
      'SELECT  *\n FROM t\tWHERE id IN ($1, $2, $3) AND s = $4',
    ].map((sql) => describeStatement(sql));
    const [first] = variants;
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(variants[1]?.text.toLowerCase()).toBe(first?.text.toLowerCase());
    expect(variants[2]?.text).toBe('SELECT * FROM t WHERE id IN ($1) AND s = $2');
    expect(describeStatement('SELECT * FROM t WHERE id IN (1, 2) AND s = $9').fingerprint).toBe(first?.fingerprint);
  });
});

describe('describeStatement / StatementCache', () => {
  it('names spans after the operation and table', () => {
    expect(describeStatement('SELECT 1').spanName).toBe('SELECT');
    expect(describeStatement('select id from products where id = $1').spanName).toBe('SELECT products');
    expect(describeStatement('').spanName).toBe('QUERY');
  });

  it('caps huge statements: normalizes a prefix, and marks the text as cut', () => {
    const huge = `INSERT INTO t (a) VALUES ${Array.from({ length: 20_000 }, (_, i) => `(${i}, 'x')`).join(', ')}`;
    const info = describeStatement(huge);
    expect(info.text.length).toBeLessThanOrEqual(4096);
    expect(info.text.endsWith('…')).toBe(true);
    expect(info.operation).toBe('INSERT');
  });

  it('normalizes each distinct text once, and evicts the least recently used', () => {
    const cache = new StatementCache(2);
    const a = cache.get('SELECT 1');
    expect(cache.get('SELECT 1')).toBe(a);
    cache.get('SELECT 2');
    cache.get('SELECT 1');
    cache.get('SELECT 3'); // evicts SELECT 2
    expect(cache.get('SELECT 1')).toBe(a);
    expect(cache.get('SELECT 2')).not.toBe(cache.get('SELECT 3'));
  });
});
