/**
 * Differentiator and simplifier fuzz on random trees (activation functions, |·|, max, ReLU,
 * cases, powers): differentiating never throws (a result or a DiffError value); where the
 * derivative is defined and the difference quotient is stable it matches finite differences;
 * simplifying keeps the value and is idempotent. Points skipped for instability are counted:
 * the properties must rest on most runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sym, type Expr, type Sym } from '../../src/core/expr.js';
import { freeSet } from '../../src/core/walk.js';
import { tryDifferentiate } from '../../src/diff/index.js';
import { compile } from '../../src/numeric/compile.js';
import { toLatex } from '../../src/print/latex.js';
import { recognise, simplify } from '../../src/simplify/index.js';
import { exprArb } from '../helpers/arbitrary.js';
import { fuzzParams, runs } from '../helpers/fuzz.js';
import { close, step } from './numeric.js';

const TOL = 1e-5;
const trees = exprArb({ derivatives: false, userFunctions: false, structure: true, maxDepth: 4 });
const point = fc.double({ min: 1e-3, max: 3, noNaN: true }).chain((v) => fc.constantFrom(v, -v));

/** The tree as a function of its first symbol, the others fixed at 0.7. */
function along(e: Expr, vars: readonly Sym[]): ((x: number) => number) | null {
  try {
    const c = compile(e, vars).fn;
    return (x) => c([x, ...vars.slice(1).map(() => 0.7)]);
  } catch {
    return null;
  }
}

describe('differentiate + simplify fuzz', () => {
  it('the derivative never throws and matches finite differences; simplify keeps it and is idempotent', () => {
    let compared = 0;
    fc.assert(fc.property(trees, point, (e, x0) => {
      const vars = [...freeSet(e)];
      const v = vars[0] ?? sym('x');
      const r = tryDifferentiate(e, v, { trace: false, recognise });
      if (!r.ok) {
        expect(r.error.code).toMatch(/^[a-z-]+$/);
        return;
      }
      const s = simplify(r.value.expr);
      expect(simplify(s.expr).expr, `simplify is not idempotent on ${toLatex(s.expr)}`).toBe(s.expr);
      const f = along(e, [v, ...vars.slice(1)]);
      const d = along(r.value.expr, [v, ...vars.slice(1)]);
      const ds = along(s.expr, [v, ...vars.slice(1)]);
      if (f === null || d === null || ds === null) return;
      const h = step(x0);
      const fd1 = (f(x0 + h) - f(x0 - h)) / (2 * h);
      const fd2 = (f(x0 + h / 2) - f(x0 - h / 2)) / h;
      const exact = d(x0);
      if (![fd1, fd2, exact].every(Number.isFinite) || !close(fd1, fd2, TOL) || Math.abs(exact) > 1e6) return;
      if ((Math.abs(f(x0)) * 2.2e-16) / h > TOL * Math.max(1, Math.abs(fd2))) return;
      expect(close(exact, fd2, TOL), `d/d${toLatex(v)} ${toLatex(e)} = ${toLatex(r.value.expr)}: ${exact} vs ${fd2} at ${x0}`).toBe(true);
      const simplified = ds(x0);
      if (Number.isFinite(simplified)) expect(close(simplified, exact, 1e-7), `simplified ${toLatex(s.expr)}: ${simplified} vs ${exact}`).toBe(true);
      compared++;
    }), fuzzParams(600, 25_000));
    expect(compared).toBeGreaterThan(runs(600, 25_000) / 4);
  });
});
