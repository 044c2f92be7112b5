import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sym } from '../../src/core/expr.js';
import {
  POSITIVE, REAL, Rng, UNIT, contains, draw, hashString, intersect, nameDomain, randomEntries, randomSmoothFunction, roundTo,
} from '../../src/numeric/sample.js';

const many = (rng: Rng, n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('the seeded generator', () => {
  it('gives the same stream for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(many(a, 50, () => a.float())).toEqual(many(b, 50, () => b.float()));
  });

  it('gives different streams for different seeds and for different forks', () => {
    const a = new Rng(1);
    const b = new Rng(2);
    expect(many(a, 5, () => a.float())).not.toEqual(many(b, 5, () => b.float()));
    const root = new Rng(1);
    const f = root.fork('points');
    const g = root.fork('functions');
    expect(many(f, 5, () => f.float())).not.toEqual(many(g, 5, () => g.float()));
  });

  it('forks are deterministic', () => {
    const f = new Rng(9).fork('x');
    const g = new Rng(9).fork('x');
    expect(f.float()).toBe(g.float());
  });

  it('hashes strings stably', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a = b')).toBe(hashString('a = b'));
    expect(hashString('a = b')).not.toBe(hashString('a = c'));
  });
});

describe('drawing from a domain', () => {
  it('reals are mostly small: |z| ≤ 5 for most draws, never beyond 20', () => {
    const rng = new Rng(3);
    const xs = many(rng, 2000, () => draw(rng, REAL));
    expect(Math.max(...xs.map(Math.abs))).toBeLessThanOrEqual(20);
    expect(xs.filter((x) => Math.abs(x) <= 5).length / xs.length).toBeGreaterThan(0.85);
    expect(xs.some((x) => x < 0) && xs.some((x) => x > 0)).toBe(true);
  });

  it('values are short decimals, so a witness reads a = 0.31', () => {
    const rng = new Rng(4);
    for (const x of many(rng, 200, () => draw(rng, REAL))) expect(roundTo(x, 2)).toBe(x);
  });

  it('probabilities stay strictly inside (0, 1)', () => {
    const rng = new Rng(5);
    for (const x of many(rng, 1000, () => draw(rng, UNIT))) expect(x > 0 && x < 1).toBe(true);
  });

  it('half-bounded and narrow intervals are honoured', () => {
    fc.assert(fc.property(fc.integer(), fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 1e-4, max: 10, noNaN: true }), (seed, lo, width) => {
      const rng = new Rng(seed);
      const d = { lo, hi: lo + width, loOpen: true, hiOpen: true };
      const x = draw(rng, d);
      return x >= d.lo && x <= d.hi;
    }));
    const rng = new Rng(6);
    for (const x of many(rng, 300, () => draw(rng, POSITIVE))) expect(x).toBeGreaterThan(0);
  });

  it('bounds far beyond the usual range are honoured too (x > 10^{21}, y < -10^{300})', () => {
    fc.assert(fc.property(fc.integer(), fc.double({ min: 1, max: 1e307, noNaN: true }), fc.boolean(), (seed, bound, below) => {
      const rng = new Rng(seed);
      const d = below ? { lo: -Infinity, hi: -bound, loOpen: true, hiOpen: true } : { lo: bound, hi: Infinity, loOpen: true, hiOpen: true };
      const x = draw(rng, d);
      return Number.isFinite(x) && contains(d, x);
    }));
  });
});

describe('domains by name', () => {
  it.each([
    ['a', UNIT], ['y', UNIT], ['p', UNIT],
  ])('%s is a probability', (name, d) => {
    expect(nameDomain(sym(name))).toBe(d);
    expect(nameDomain(sym(name, { sub: '1' }))).toBe(d);
    expect(nameDomain(sym(name, { layer: '2' }))).toBe(d);
  });

  it('ŷ is a probability, and α a positive rate; other names are real', () => {
    expect(nameDomain(sym('y', { accent: 'hat' }))).toBe(UNIT);
    expect(contains(nameDomain(sym('alpha')), 0)).toBe(false);
    expect(nameDomain(sym('z'))).toBe(REAL);
    expect(nameDomain(sym('w', { sub: '1' }))).toBe(REAL);
  });

  it('intersects intervals, with empty results as null', () => {
    expect(intersect(UNIT, POSITIVE)).toEqual(UNIT);
    expect(intersect(UNIT, { lo: 2, hi: 3, loOpen: false, hiOpen: false })).toBeNull();
    expect(intersect({ lo: 0, hi: 1, loOpen: false, hiOpen: false }, { lo: 1, hi: 2, loOpen: false, hiOpen: true })).toEqual({ lo: 1, hi: 1, loOpen: false, hiOpen: false });
  });
});

describe('random smooth functions', () => {
  it('have the derivatives they claim (central differences)', () => {
    fc.assert(fc.property(fc.integer(), fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 3 }), (seed, x, order) => {
      const f = randomSmoothFunction(new Rng(seed));
      const h = 1e-4;
      const fd = (f.at(order, x + h) - f.at(order, x - h)) / (2 * h);
      return Math.abs(fd - f.at(order + 1, x)) <= 1e-5 * Math.max(1, Math.abs(fd));
    }));
  });

  it('are reproducible from the seed', () => {
    expect(randomSmoothFunction(new Rng(11)).at(0, 0.3)).toBe(randomSmoothFunction(new Rng(11)).at(0, 0.3));
  });

  it('random matrices have short decimal entries in [-2, 2]', () => {
    const m = randomEntries(new Rng(1), 3, 3);
    expect(m).toHaveLength(9);
    for (const x of m) expect(Math.abs(x) <= 2 && roundTo(x, 2) === x).toBe(true);
  });
});
