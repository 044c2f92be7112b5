import { describe, expect, it } from 'vitest';
import { num, sym, type Expr } from '../../src/core/expr.js';
import { freeSet, renameIndices, substitute } from '../../src/core/walk.js';
import { compile } from '../../src/numeric/compile.js';
import { compiledRules } from '../../src/simplify/rules.js';
import { applyRule, canonical } from '../../src/simplify/index.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { writtenOut } from '../../src/parse/templates.js';

/** Deterministic points in [lo, hi], by default [-4, 4] (a small LCG: these tests need spread, not statistics). */
function* points(n: number, [lo, hi]: readonly [number, number] = [-4, 4]): Generator<number> {
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    yield lo + (s / 2 ** 31) * (hi - lo);
  }
}

/** Rules about a function defined on part of the line only are sampled there (logit on (0, 1), artanh on (−1, 1)). */
const DOMAINS: Readonly<Record<string, readonly [number, number]>> = { 'logit-fold': [0, 1], 'artanh-fold': [-1, 1] };

/** Every pattern variable but u takes a fixed value of its own (v, a parameter such as α), so u carries the sampling. */
const value = (e: Expr, u: number): number => {
  const others = [...freeSet(e)].filter((s) => s !== sym('u'));
  return compile(e, [sym('u'), ...others]).fn([u, ...others.map(() => 0.7)]);
};

describe('every rewrite rule is an identity where both sides are defined', () => {
  for (const r of compiledRules().filter((x) => x.vars.vectors === undefined || x.vars.vectors.size === 0)) {
    it(`${r.spec.id}: ${r.spec.lhs} = ${r.spec.rhs}`, () => {
      const ks = r.vars.numeric.size > 0 ? [1, 2, 3] : [0];
      let informative = 0;
      for (const k of ks) {
        const bind = new Map<Expr, Expr>();
        if (r.vars.numeric.size > 0) bind.set(sym('k'), num(k));
        const lhs = substitute(r.lhs, bind);
        const rhs = substitute(r.rhs, bind);
        for (const u of points(50, DOMAINS[r.spec.id])) {
          const a = value(lhs, u);
          const b = value(rhs, u);
          if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
          informative++;
          // Both sides are a few operations on doubles of moderate size: 1e-9 relative is ample.
          expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
        }
      }
      expect(informative).toBeGreaterThan(20);
    });
  }
});

describe('every rule over the entries of a vector is an identity at sizes 2 to 4, at every entry', () => {
  for (const r of compiledRules().filter((x) => (x.vars.vectors?.size ?? 0) > 0)) {
    it(`${r.spec.id}: ${r.spec.lhs} = ${r.spec.rhs}`, () => {
      for (const size of [2, 3, 4]) {
        const entries = Array.from({ length: size }, (_, k) => sym('u', { sub: String(k + 1) }));
        for (let i = 1; i <= size; i++) {
          const at = (e: Expr): number => compile(writtenOut(renameIndices(e, new Map([['i', i]])), size), entries).fn([...points(size)]);
          const [a, b] = [at(r.lhs), at(r.rhs)];
          expect(Number.isFinite(a)).toBe(true);
          expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
        }
      }
    });
  }
});

/**
 * Each guarded rule, written with bindings that fail its guard: the rule must not fire. The
 * instances are chosen by hand so that the left side matches only with the failing binding.
 */
const GUARD_FAILS: Readonly<Record<string, readonly string[]>> = {
  // u not shown positive: e^{ln x} is undefined for x ≤ 0, where x is not.
  'exp-ln': ['e^{\\ln(x)}', 'e^{\\ln(x - 1)}', 'e^{\\ln(\\tanh(x))}'],
  // k = -1 or k = -2: σ^{-k} would be a negative power of σ.
  'sigma-fold-exp': ['1+e^{-z}', '(1+e^{-z})^{2}'],
  'sigma-fold-exp-pos': ['e^{z}(1+e^{z})', 'e^{-z}(1+e^{-z})^{-1}'],
  'sigma-complement': ['e^{-z}\\sigma(z)^{-1}'],
  // u written with a leading minus, or 0 (its own negation).
  'sigma-odd': ['\\sigma(z)', '\\sigma(0)'],
  'tanh-fold-sinh': ['e^{-z}-e^{z}'],
  // e^{z} + e^{-z} matches with u = z or u = −z; the guard refuses the second (see below).
  'tanh-fold-cosh': [],
  'trig-sinh-odd': ['\\sinh(z)', '\\sinh(0)'],
  'trig-cosh-even': ['\\cosh(z)', '\\cosh(0)'],
  'trig-tanh-odd': ['\\tanh(z)', '\\tanh(0)'],
};

describe('each guarded rule refuses to fire where its guard fails', () => {
  const guarded = compiledRules().filter((r) => r.spec.positive !== undefined || r.spec.notNegated !== undefined);
  it('every guarded rule has cases here', () => {
    expect(guarded.map((r) => r.spec.id).sort()).toEqual(Object.keys(GUARD_FAILS).sort());
  });
  for (const r of guarded) {
    it.each(GUARD_FAILS[r.spec.id] ?? [])(`${r.spec.id} leaves %s alone`, (latex) => {
      expect(applyRule(r, canonical(parseOrThrow(latex)))).toBeNull();
    });
  }

  it('of two bindings the guard keeps the one not written negated', () => {
    const r = compiledRules().find((x) => x.spec.id === 'tanh-fold-cosh')!;
    expect(r.guard(new Map([[sym('u'), parseOrThrow('-z')]]))).toBe(false);
    expect(applyRule(r, canonical(parseOrThrow('e^{-z}+e^{z}')))).toBe(canonical(parseOrThrow('2\\cosh(z)')));
  });

  it.each([
    ['e^{\\ln(1+x^2)}', '1+x^2'],
    ['e^{\\ln(\\sigma(z))}', '\\sigma(z)'],
    ['e^{\\ln(e^{x}+\\cosh(x)^{2})}', 'e^{x}+\\cosh^2(x)'],
  ])('and fires where it holds: %s → %s', (latex, expected) => {
    const r = compiledRules().find((x) => x.spec.id === 'exp-ln')!;
    const out = applyRule(r, canonical(parseOrThrow(latex)));
    expect(out).toBe(canonical(parseOrThrow(expected)));
  });
});
