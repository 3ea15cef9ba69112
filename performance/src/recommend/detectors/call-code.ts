import { A, str } from './span-attributes.js';
import { mainTable, maxParam, tsString } from './sql-rewrite.js';
import type { Call } from './trace-model.js';

/**
 * TypeScript for one observed call, for fix examples: the real statement, Redis command and key family, or URL
 * template, so the example reads like the user's own code. Example: a pg span for
 * `select * from products where id = $1` → `pool.query(\`select * from products where id = $1\`, [p1])`.
 */
export function callExpression(call: Call): string {
  const span = call.span;
  if (call.kind === 'db') {
    const statement = str(span, A.dbQuery) ?? span.name;
    const n = maxParam(statement);
    const params = Array.from({ length: n }, (_, i) => `p${i + 1}`).join(', ');
    return `pool.query(${tsString(statement)}${n > 0 ? `, [${params}]` : ''})`;
  }
  if (call.kind === 'cache') {
    const op = (str(span, A.dbOperation) ?? span.name).toLowerCase();
    const prefix = str(span, A.cacheKeyPrefix);
    return `redis.${op}(${prefix === null ? 'key' : `\`${prefix}:\${id}\``})`;
  }
  const method = str(span, A.method) ?? 'GET';
  const host = str(span, A.serverAddress) ?? 'host';
  // The generated code interpolates the caller's `id` where the URL had an id segment.
  const template = (str(span, A.urlTemplate) ?? '/').replaceAll('{id}', `\${id}`);
  return `fetch(\`http://${host}${template}\`${method === 'GET' ? '' : `, { method: '${method}' }`})`;
}

/** A variable name for the call's result: table, key family or last URL segment (`products`, `stock`). */
export function callVariable(call: Call): string {
  const span = call.span;
  let raw: string | null = null;
  if (call.kind === 'db') raw = mainTable(str(span, A.dbQuery) ?? span.name);
  else if (call.kind === 'cache') raw = str(span, A.cacheKeyPrefix)?.split(':').pop() ?? 'cached';
  else {
    const segments = (str(span, A.urlTemplate) ?? '').split('/').filter((s) => s !== '' && !s.startsWith('{'));
    raw = segments.pop() ?? str(span, A.serverAddress)?.split('.')[0] ?? 'response';
  }
  const words = (raw ?? 'result')
    .split('.')
    .pop()!
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w !== '');
  const name = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^[a-z]/.test(name) ? name : `r${name}`;
}

/** Unique names for a list of calls: `products`, `products2`, … */
export function uniqueVariables(calls: readonly Call[]): string[] {
  const seen = new Map<string, number>();
  return calls.map((call) => {
    const base = callVariable(call);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  });
}
