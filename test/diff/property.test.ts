/**
 * Property: on random smooth trees, the derivative agrees with central differences.
 *
 * Points where either side is non-finite are skipped, and so are points where the difference
 * quotient itself is unreliable (near a pole f''' is huge): there the quotients at h and h/2
 * disagree by more than the tolerance, which is how those points are recognised. Elsewhere
 * the tolerance argument of ./numeric.ts holds (and points where f is so large that rounding
 * alone, ε|f|/h, exceeds the tolerance are skipped too); 1e-5 relative adds margin for the larger
 * values random compositions reach.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, apply, div, mul, neg, num, pow, sym, type Expr } from '../../src/core/expr.js';
import { differentiate } from '../../src/diff/index.js';
import { compile } from '../../src/numeric/compile.js';
import { toLatex } from '../../src/print/latex.js';
import { close, step } from './numeric.js';

const x = sym('x');
const y = sym('y');
const TOL = 1e-5;

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant<Expr>(x), fc.constant<Expr>(x), fc.constant<Expr>(y),
  fc.integer({ min: -3, max: 3 }).map((n) => num(n)),
);

const UNARY = ['sin', 'cos', 'exp', 'tanh', 'sigmoid', 'softplus', 'erf', 'swish', 'gelu', 'mish', 'softsign'] as const;

const tree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, add(num(2), mul(b, b)))),
    fc.tuple(tie('e'), fc.integer({ min: -2, max: 3 })).map(([a, n]) => pow(a, num(n))),
    fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([f, a]) => apply(f, [a])),
    tie('e').map((a) => apply('ln', [add(num(1), mul(a, a))])),
    tie('e').map((a) => pow(add(num(1), mul(a, a)), num('1/2'))),
    tie('e').map((a) => pow(add(num(2), apply('sin', [a])), a)),
    tie('e').map(neg),
  ),
})).e;

/**
 * Coordinates in ±[0.001, 2]: a difference quotient with step h cannot see structure finer
 * than h (at x = 1e-100, ln(1 + 1/x²) looks flat from x ± h), so points that close to 0 test
 * the finite difference, not the derivative.
 */
const coordinate = fc.double({ min: 1e-3, max: 2, noNaN: true }).chain((v) => fc.constantFrom(v, -v));

describe('derivative vs finite differences on random trees', () => {
  it('agrees wherever both are finite and the difference quotient is stable', () => {
    let informative = 0;
    fc.assert(
      fc.property(tree, coordinate, coordinate, (e, xv, yv) => {
        const d = differentiate(e, x, { trace: false }).expr;
        const f = compile(e, [x, y]).fn;
        const df = compile(d, [x, y]).fn;
        const at = (t: number): number => f([t, yv]);
        const h = step(xv);
        const fd1 = (at(xv + h) - at(xv - h)) / (2 * h);
        const fd2 = (at(xv + h / 2) - at(xv - h / 2)) / h;
        const exact = df([xv, yv]);
        if (![fd1, fd2, exact].every(Number.isFinite)) return true;
        if (!close(fd1, fd2, TOL)) return true;
        // Rounding in f(x ± h) is about ε|f|/h: when that exceeds the tolerance the quotient says nothing.
        if ((Math.abs(at(xv)) * 2.2e-16) / h > TOL * Math.max(1, Math.abs(fd2))) return true;
        if (!close(exact, fd2, TOL)) throw new Error(`d/dx ${toLatex(e)} = ${toLatex(d)}: ${exact} vs ${fd2} at x=${xv}, y=${yv}`);
        informative++;
        return true;
      }),
      { numRuns: 2000, seed: 20240601 },
    );
    // The skips above must not swallow the property: most generated trees are compared.
    expect(informative).toBeGreaterThan(1800);
  });
});
