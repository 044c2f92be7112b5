import { describe, expect, it } from 'vitest';
import { num, sym, type Expr } from '../../src/core/expr.js';
import { substitute } from '../../src/core/walk.js';
import { compile } from '../../src/numeric/compile.js';
import { compiledRules } from '../../src/simplify/rules.js';

/** Deterministic points in [-4, 4] (a small LCG: these tests need spread, not statistics). */
function* points(n: number): Generator<number> {
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    yield (s / 2 ** 31) * 8 - 4;
  }
}

/** Every pattern variable but u takes a fixed value of its own, so u carries the sampling. */
const value = (e: Expr, u: number): number => compile(e, [sym('u'), sym('v')]).fn([u, 0.7]);

describe('every rewrite rule is an identity where both sides are defined', () => {
  for (const r of compiledRules()) {
    it(`${r.spec.id}: ${r.spec.lhs} = ${r.spec.rhs}`, () => {
      const ks = r.vars.numeric.size > 0 ? [1, 2, 3] : [0];
      let informative = 0;
      for (const k of ks) {
        const bind = new Map<Expr, Expr>();
        if (r.vars.numeric.size > 0) bind.set(sym('k'), num(k));
        const lhs = substitute(r.lhs, bind);
        const rhs = substitute(r.rhs, bind);
        for (const u of points(50)) {
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
