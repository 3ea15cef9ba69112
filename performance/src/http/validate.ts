import { z } from 'zod';
import { BadRequestError } from './errors.js';

/**
 * A schema for one query-string or body value: anything that is not a single string (a repeated `?a=1&a=2`,
 * a nested object) or that `convert` rejects fails with `must be <expected>`.
 */
export function param<T>(expected: string, convert: (raw: string) => T | null): z.ZodType<T, unknown> {
  return z.unknown().transform((value, ctx) => {
    const converted = typeof value === 'string' ? convert(value) : null;
    if (converted === null) {
      const message = value === undefined ? 'is required' : `must be ${expected}`;
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return converted;
  });
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Parses with zod or throws a 400 naming the first bad value, e.g.
 * `query parameter "from" must be unix milliseconds, ISO 8601, ...; got "yesterday"`.
 */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, where: 'query parameter' | 'body field'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  if (key === '') throw new BadRequestError(`${where === 'body field' ? 'body' : 'query'} ${issue.message}`);
  const raw = issue.path.reduce<unknown>(
    (obj, k) => (obj !== null && typeof obj === 'object' ? (obj as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );
  const got = raw === undefined ? '' : `; got ${shown(raw)}`;
  throw new BadRequestError(`${where} "${key}" ${issue.message}${got}`);
}
