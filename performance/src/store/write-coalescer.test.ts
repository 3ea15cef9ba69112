import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from './write-coalescer.js';

describe('WriteCoalescer', () => {
  it('runs calls made in one turn as one batch and hands each caller its own result', async () => {
    const batches: number[][] = [];
    const coalescer = new WriteCoalescer((inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((n) => n * 10);
    });
    const first = await Promise.all([coalescer.submit(1), coalescer.submit(2), coalescer.submit(3)]);
    const second = await coalescer.submit(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every call of a batch that throws, and keeps working afterwards', async () => {
    let fail = true;
    const coalescer = new WriteCoalescer((inputs: string[]) => {
      if (fail) throw new Error('disk full');
      return inputs;
    });
    const results = await Promise.allSettled([coalescer.submit('a'), coalescer.submit('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(coalescer.submit('c')).resolves.toBe('c');
  });

  it('flush() runs queued calls at once', async () => {
    const seen: number[] = [];
    const coalescer = new WriteCoalescer((inputs: number[]) => {
      seen.push(...inputs);
      return inputs;
    });
    const pending = coalescer.submit(7);
    coalescer.flush();
    expect(seen).toEqual([7]);
    await expect(pending).resolves.toBe(7);
  });
});
