/**
 * High-precision re-evaluation of one point in 64-digit decimal arithmetic, for
 * when doubles cannot decide: cancellation between large terms, overflow of e^{z}, or two
 * values closer than double rounding can separate. The elementary functions are decimal.js's
 * own; every other function of the table is evaluated through its `definition` (σ as
 * 1/(1+e^{-u}), ReLU as max(0, u)), so a function added to the table is evaluated here with no
 * second implementation. A function with neither (erf, a user's f) reports `'unsupported'` and
 * the caller keeps its floating-point answer.
 *
 * The arithmetic is decimal.js, the library behind mathjs's BigNumber, used directly: loading
 * all of mathjs takes about a second, decimal.js a few milliseconds.
 */
import { Decimal } from 'decimal.js';
import { assertNever, type Apply, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry, type FnName } from '../core/functions.js';
import { concreteRange, expandBigOp, substitute } from '../core/walk.js';
import { definitionTemplate, instantiate } from '../parse/templates.js';

export const PRECISION = 64;

const BigDecimal = Decimal.clone({ precision: PRECISION });
type Big = Decimal;

function Big(x: string | number): Big {
  return new BigDecimal(x);
}

/**
 * A value with the largest magnitude met while computing it: rounding error is relative to
 * that, not to the result, so a difference of two huge terms that should cancel is judged
 * against the size of the terms.
 */
export interface Precise { readonly value: Big; readonly magnitude: Big }
export type PreciseValue = Precise | 'undefined' | 'unsupported';

class Unsupported extends Error {}

/**
 * Beyond this, decimal.js's own hyperbolic functions take seconds (cosh(10⁹) does not return):
 * they are computed from e^x, which decimal.js takes in milliseconds at any size.
 */
const large = (x: Big): boolean => x.abs().gt(20);

/** The elementary functions, computed by decimal.js; the rest of the table goes through its definitions. */
const ELEMENTARY: Partial<Record<FnName, (...args: Big[]) => Big>> = {
  exp: (x) => x.exp(),
  ln: (x) => x.ln(),
  log: (x, b) => x.ln().div(b!.ln()),
  abs: (x) => x.abs(),
  sgn: (x) => Big(x.isZero() ? 0 : x.isNeg() ? -1 : 1),
  sin: (x) => x.sin(),
  cos: (x) => x.cos(),
  tan: (x) => x.tan(),
  sinh: (x) => (large(x) ? x.exp().minus(x.neg().exp()).div(2) : x.sinh()),
  cosh: (x) => (large(x) ? x.exp().plus(x.neg().exp()).div(2) : x.cosh()),
  tanh: (x) => (large(x) ? Big(1).minus(Big(2).div(x.times(2).exp().plus(1))) : x.tanh()),
  sech: (x) => Big(1).div(large(x) ? x.exp().plus(x.neg().exp()).div(2) : x.cosh()),
  max: (x, y) => (x.gte(y!) ? x : y!),
  min: (x, y) => (x.lte(y!) ? x : y!),
  kronecker: (i, j) => Big(i.eq(j!) ? 1 : 0),
  transpose: (x) => x,
};

const definitions = new WeakMap<Apply, Expr | null>();

/** A call of a table function written through the function's definition, or null when it has none. */
function definitionAt(x: Apply, fn: FnName): Expr | null {
  let out = definitions.get(x);
  if (out === undefined) {
    const entry: FnEntry = FUNCTIONS[fn];
    const def = entry.vector === undefined ? definitionTemplate(fn) : null;
    out = def === null ? null : instantiate(fn, def, x.args);
    definitions.set(x, out);
  }
  return out;
}

const COMPARE: Record<RelOp, (a: Big, b: Big) => boolean> = {
  '=': (a, b) => a.eq(b), '≈': (a, b) => a.eq(b), '≠': (a, b) => !a.eq(b),
  '<': (a, b) => a.lt(b), '≤': (a, b) => a.lte(b), '>': (a, b) => a.gt(b), '≥': (a, b) => a.gte(b),
};

/** The value at a point (doubles taken as the short decimals they print as), at PRECISION digits. */
export function evaluatePrecise(e: Expr, point: ReadonlyMap<Sym, number>): PreciseValue {
  const memo = new Map<Expr, Big>();
  let magnitude = Big(0);
  // Inside a function's definition the terms are the function's business, not the expression's:
  // ln(1 + e^{800}) is softplus(800), of magnitude 800, whatever e^{800} is.
  let inside = 0;
  const go = (x: Expr): Big => {
    let out = memo.get(x);
    if (out === undefined) {
      out = node(x);
      memo.set(x, out);
    }
    if (inside === 0 && out.isFinite() && out.abs().gt(magnitude)) magnitude = out.abs();
    return out;
  };
  const through = (body: Expr): Big => {
    inside++;
    try {
      return go(body);
    } finally {
      inside--;
    }
  };
  const truth = (c: Expr): boolean => {
    if (c.kind !== 'rel') throw new Unsupported('condition');
    return c.ops.every((op, i) => COMPARE[op](go(c.args[i]!), go(c.args[i + 1]!)));
  };
  const node = (x: Expr): Big => {
    switch (x.kind) {
      case 'num': return Big(x.value.s < 0n ? '-' + x.value.n.toString() : x.value.n.toString()).div(Big(x.value.d.toString()));
      case 'const': return x.name === 'e' ? Big(1).exp() : Big(-1).acos();
      case 'sym': {
        const v = point.get(x);
        if (v === undefined) throw new Unsupported(`no value for ${x.name}`);
        return Big(String(v));
      }
      case 'add': return x.terms.reduce((s, t) => s.plus(go(t)), Big(0));
      case 'mul': return x.factors.reduce((s, t) => s.times(go(t)), Big(1));
      case 'pow': {
        const b = go(x.base);
        const k = go(x.exp);
        if (b.isNeg() && !k.isInteger()) return Big(NaN);
        if (b.isZero() && k.isNeg()) return Big(NaN);
        return b.pow(k);
      }
      case 'apply': {
        if (typeof x.fn !== 'string' || !isFnName(x.fn) || x.primes > 0) throw new Unsupported('function');
        const f = ELEMENTARY[x.fn];
        if (f !== undefined) return f(...x.args.map(go));
        const body = definitionAt(x, x.fn);
        if (body === null) throw new Unsupported(x.fn);
        return through(body);
      }
      case 'piecewise': {
        for (const p of x.pieces) if (p.cond === null || truth(p.cond)) return go(p.value);
        return Big(NaN);
      }
      case 'note': return go(x.body);
      case 'sum': {
        const range = concreteRange(x);
        if (range === null) throw new Unsupported('a sum over a range that is not a number');
        return go(expandBigOp(x, ...range));
      }
      case 'at': return go(substitute(x.body, new Map([[x.v, x.value]])));
      case 'deriv': case 'rel': throw new Unsupported(x.kind);
      default: return assertNever(x);
    }
  };
  try {
    const v = go(e);
    return v.isFinite() ? { value: v, magnitude } : 'undefined';
  } catch (err) {
    if (err instanceof Unsupported) return 'unsupported';
    throw err;
  }
}

/** Relative rounding level at PRECISION digits: far below any real difference, far above rounding. */
const ROUNDING = 1e-48;

/** Whether two precise values are equal up to rounding at PRECISION digits. */
export function preciseEqual(a: Precise, b: Precise): boolean {
  const scale = a.magnitude.gt(b.magnitude) ? a.magnitude : b.magnitude;
  return a.value.minus(b.value).abs().lte(scale.times(ROUNDING));
}

export const toDouble = (x: Precise): number => x.value.toNumber();

/** |a − b| / max(|a|, |b|) as a double (0 for two zeros): meaningful however large a and b are. */
export function preciseGap(a: Precise, b: Precise): number {
  const scale = a.value.abs().gt(b.value.abs()) ? a.value.abs() : b.value.abs();
  return scale.isZero() ? 0 : a.value.minus(b.value).abs().div(scale).toNumber();
}
