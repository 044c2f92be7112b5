/**
 * Numeric oracles for the differentiation tests.
 *
 * Central differences: f'(x) ≈ (f(x+h) − f(x−h)) / 2h has truncation error h²|f'''|/6 and
 * rounding error about ε|f|/h (ε ≈ 1.1e-16). With h = 1e-5·max(1, |x|) both stay near 1e-10
 * relative for the smooth, O(1)-scaled functions here, so a tolerance of 1e-6 relative
 * (absolute below 1) leaves four orders of margin while still catching any wrong coefficient,
 * sign or missing term (those are O(1) errors). Points within 1e-3 of a kink are skipped:
 * there the difference quotient straddles two branches.
 */
import { expect } from 'vitest';
import type { Expr, Sym } from '../../src/core/expr.js';
import { compile } from '../../src/numeric/compile.js';
import { Rng } from '../../src/numeric/sample.js';

export const TOLERANCE = 1e-6;

export const step = (x: number): number => 1e-5 * Math.max(1, Math.abs(x));

export function centralDifference(f: (x: number) => number, x: number): number {
  const h = step(x);
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** |a − b| ≤ tol·max(1, |b|). */
export function close(a: number, b: number, tol = TOLERANCE): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

export function expectClose(actual: number, expected: number, what: string, tol = TOLERANCE): void {
  if (!close(actual, expected, tol)) expect.fail(`${what}: got ${actual}, expected ${expected} (tolerance ${tol} relative)`);
}

/** A function of one variable, the others fixed: compiles `e` once. */
export function along(e: Expr, v: Sym, fixed: ReadonlyMap<Sym, number>): (x: number) => number {
  const vars = [v, ...[...fixed.keys()].filter((s) => s !== v)];
  const c = compile(e, vars);
  const values = vars.map((s) => fixed.get(s) ?? 0);
  return (x: number) => {
    values[0] = x;
    return c.fn(values);
  };
}

/** Evenly spread sample points in [lo, hi], avoiding the given points by `gap`. */
export function samples(lo: number, hi: number, n: number, avoid: readonly number[] = [], gap = 1e-3): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // An irrational offset keeps the grid off integers and other special points.
    const x = lo + ((i + Math.SQRT1_2) / n) * (hi - lo);
    if (avoid.every((k) => Math.abs(x - k) > gap)) out.push(x);
  }
  return out;
}

/** The project's seeded generator as a function, so failures reproduce. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}
