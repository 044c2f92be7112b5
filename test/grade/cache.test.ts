/** The caches that forget: bounded, keeping what is used again. */
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/grade/cache.js';

describe('Cache', () => {
  it('holds at most two generations of entries', () => {
    const c = new Cache<number, number>(2);
    for (let i = 0; i < 5; i++) c.set(i, i * 10);
    // 0 and 1 aged out with the first generation; 2, 3 (older) and 4 (newer) are held.
    expect([0, 1, 2, 3, 4].map((k) => c.has(k))).toEqual([false, false, true, true, true]);
  });

  it('an entry used again moves to the newer generation and outlives its neighbours', () => {
    const c = new Cache<string, string>(2);
    c.set('a', 'A');
    c.set('b', 'B');
    c.set('c', 'C'); // a, b are the older generation now
    expect(c.get('a')).toBe('A'); // a moves to the newer, beside c: it is full
    c.set('d', 'D'); // c, a become the older; b is dropped
    expect([c.get('a'), c.get('b'), c.get('c'), c.get('d')]).toEqual(['A', undefined, 'C', 'D']);
  });

  it('keeps a null value apart from an absent one', () => {
    const c = new Cache<string, number | null>(4);
    c.set('x', null);
    expect([c.has('x'), c.get('x'), c.has('y'), c.get('y')]).toEqual([true, null, false, undefined]);
  });
});
