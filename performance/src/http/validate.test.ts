import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError } from './errors.js';
import { param, parseOr400 } from './validate.js';

const schema = z.object({
  n: param('a positive integer', (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : null)),
  opt: param('a word', (raw) => (/^\w+$/.test(raw) ? raw : null)).optional(),
});

function messageOf(input: unknown): string {
  try {
    parseOr400(schema, input, 'query parameter');
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    return (err as Error).message;
  }
  throw new Error('expected a 400');
}

describe('parseOr400', () => {
  it('returns converted values', () => {
    expect(parseOr400(schema, { n: '5', extra: 'ignored' }, 'query parameter')).toEqual({ n: 5 });
  });

  it('names the parameter, what was expected and what came', () => {
    expect(messageOf({ n: 'abc' })).toBe('query parameter "n" must be a positive integer; got "abc"');
    expect(messageOf({ n: '1', opt: 'two words' })).toBe('query parameter "opt" must be a word; got "two words"');
  });

  it('says when a required value is missing or repeated', () => {
    expect(messageOf({})).toBe('query parameter "n" is required');
    expect(messageOf({ n: ['1', '2'] })).toBe('query parameter "n" must be a positive integer; got ["1","2"]');
  });

  it('truncates long values in the message', () => {
    const message = messageOf({ n: 'x'.repeat(10_000) });
    expect(message.length).toBeLessThan(200);
  });
});
