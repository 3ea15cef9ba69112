import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('drops the oldest item past capacity and counts drops', () => {
    const q = new BoundedQueue<string>(2);
    expect(q.push('a')).toBeUndefined();
    expect(q.push('b')).toBeUndefined();
    expect(q.push('c')).toBe('a');
    expect(q.push('d')).toBe('b');
    expect(q.dropped).toBe(2);
    expect([q.shift(), q.shift(), q.shift()]).toEqual(['c', 'd', undefined]);
  });

  it('puts a taken item back in front, or drops it when the queue filled meanwhile', () => {
    const q = new BoundedQueue<string>(2);
    q.push('a');
    q.push('b');
    const taken = q.shift()!;
    expect(q.unshift(taken)).toBeUndefined();
    expect(q.length).toBe(2);
    const again = q.shift()!;
    q.push('c');
    expect(q.unshift(again)).toBe('a');
    expect(q.dropped).toBe(1);
    expect([q.shift(), q.shift()]).toEqual(['b', 'c']);
  });
});
