import type { Request } from 'express';
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

type Location = ValidationIssue['location'];

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
}

type Parsed<S extends RequestSchemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/** `items[0].quantity` from zod's `['items', 0, 'quantity']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

/**
 * Parses every part of the request that has a schema and throws one ValidationError listing every problem in all
 * of them, each with its location and path (e.g. `query.pageSize: Too big: expected number to be <=100`).
 */
export function parseRequest<S extends RequestSchemas>(req: Request, schemas: S): Parsed<S> {
  const issues: ValidationIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const location of ['params', 'query', 'headers', 'body'] as const satisfies readonly Location[]) {
    const schema = schemas[location];
    if (!schema) continue;
    const input = location === 'body' ? (req.body ?? {}) : req[location];
    const result = schema.safeParse(input);
    if (result.success) out[location] = result.data;
    else
      for (const issue of result.error.issues)
        issues.push({ location, path: formatPath(issue.path), message: issue.message });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out as Parsed<S>;
}
