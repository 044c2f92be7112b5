/**
 * What the simplifier can tell about the sign of an expression without evaluating it, for the
 * guards of rules that hold only where an argument is positive (e^{ln u} = u needs u > 0).
 * Function ranges come from the function table (`range`), so a function whose table entry says
 * `(0, \infty)` is positive wherever it is defined. Anything not shown positive is unknown.
 */
import { assertNever, type Expr } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';

/** The lower end of a table range (`(0, 1)` → [0, open]), or null when it has none. */
function lowerEnd(range: string | undefined): { lo: number; open: boolean } | null {
  const m = /^\s*(\(|\[|\\\{)\s*(-?\d+(?:\.\d+)?)/.exec(range ?? '');
  return m === null ? null : { lo: Number(m[2]), open: m[1] === '(' };
}

type Sign = 'positive' | 'nonnegative' | 'unknown';

function signOf(e: Expr): Sign {
  switch (e.kind) {
    case 'num': return e.value.s > 0n && e.value.n !== 0n ? 'positive' : e.value.n === 0n ? 'nonnegative' : 'unknown';
    case 'const': return 'positive';
    case 'sym': case 'deriv': case 'rel': case 'piecewise': case 'at': return 'unknown';
    case 'note': return signOf(e.body);
    // Σ, Π, max and min over indices (a range is taken to have at least one index: Σ_k e^{z_k} > 0).
    case 'sum': return signOf(e.body);
    case 'apply': {
      if (typeof e.fn !== 'string' || e.primes > 0 || !isFnName(e.fn)) return 'unknown';
      const entry: FnEntry = FUNCTIONS[e.fn];
      const end = lowerEnd(entry.range);
      if (end === null) return 'unknown';
      return end.lo > 0 || (end.lo === 0 && end.open) ? 'positive' : end.lo === 0 ? 'nonnegative' : 'unknown';
    }
    case 'add': {
      const signs = e.terms.map(signOf);
      if (signs.includes('unknown')) return 'unknown';
      return signs.includes('positive') ? 'positive' : 'nonnegative';
    }
    case 'mul': {
      const signs = e.factors.map(signOf);
      if (signs.includes('unknown')) return 'unknown';
      return signs.every((s) => s === 'positive') ? 'positive' : 'nonnegative';
    }
    case 'pow': {
      const b = signOf(e.base);
      if (b === 'positive') return 'positive';
      const even = e.exp.kind === 'num' && e.exp.value.d === 1n && e.exp.value.n % 2n === 0n && e.exp.value.s > 0n;
      return even || (b === 'nonnegative' && e.exp.kind === 'num' && e.exp.value.s > 0n) ? 'nonnegative' : 'unknown';
    }
    default: return assertNever(e);
  }
}

/** Whether `e` is positive wherever it is defined. */
export const isPositive = (e: Expr): boolean => signOf(e) === 'positive';
