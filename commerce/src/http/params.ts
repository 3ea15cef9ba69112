import { z } from 'zod';

/**
 * An integer carried as text (path segment, query string), e.g. `?page=2`. Bad input reads
 * "expected an integer from 1 to 100000" instead of zod's "expected number, received NaN".
 */
export function integerText(min: number, max = Number.MAX_SAFE_INTEGER) {
  const expected =
    max === Number.MAX_SAFE_INTEGER
      ? `expected an integer of at least ${min}`
      : `expected an integer from ${min} to ${max}`;
  return z.coerce
    .number({ error: expected })
    .int({ error: expected })
    .min(min, { error: expected })
    .max(max, { error: expected });
}

export const MAX_INT4 = 2_147_483_647;
