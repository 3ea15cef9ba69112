/**
 * Which normalized statements may be EXPLAINed, and how to make them valid SQL again. The agent's fingerprint text
 * replaced literals with `?`; each becomes a fresh `$n` (after the existing ones), so the generic plan treats it as
 * an unknown parameter. Example: `select * from t where a = $1 and b = ?` → `… b = $2`, 2 parameters.
 * Only SELECT, UPDATE and DELETE; never text cut by the agent (ends in `…`) or holding several statements.
 */
export type Explainable = { ok: true; sql: string; params: number } | { ok: false; reason: string };

const ALLOWED = /^(select|update|delete)\b/i;

export function explainable(statement: string): Explainable {
  const text = statement.trim().replace(/;\s*$/, '');
  if (!ALLOWED.test(text)) return { ok: false, reason: 'only SELECT, UPDATE and DELETE are explained' };
  if (text.endsWith('…')) return { ok: false, reason: 'statement text was truncated by the agent' };
  if (text.includes(';')) return { ok: false, reason: 'more than one statement' };
  let max = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  // `?` next to `|`/`&` is a jsonb operator (`?|`, `?&`), not a placeholder; a lone `?` between operands is.
  const sql = text.replace(/\?(?![|&])/g, () => `$${++max}`);
  return { ok: true, sql, params: max };
}
