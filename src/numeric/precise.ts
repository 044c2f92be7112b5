/**
 * High-precision re-evaluation of one point in 64-digit decimal arithmetic, for
 * when doubles cannot decide: cancellation between large terms, overflow of e^{z}, or two
 * values closer than double rounding can separate. Only the functions of the table that have
 * a BigNumber form are supported; anything else reports `'unsupported'` and the caller keeps
 * its floating-point answer.
 *
 * The arithmetic is decimal.js, the library behind mathjs's BigNumber, used directly: loading
 * all of mathjs takes about a second, decimal.js a few milliseconds.
 */
import { Decimal } from 'decimal.js';
import { assertNever, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { concreteRange, expandBigOp } from '../core/walk.js';

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

const SELU_LAMBDA = '1.0507009873554805';
const SELU_ALPHA = '1.6732632423543772';

const sigmoid = (x: Big): Big => Big(1).div(Big(1).plus(x.neg().exp()));
const softplus = (x: Big): Big => (x.gt(0) ? x.plus(Big(1).plus(x.neg().exp()).ln()) : Big(1).plus(x.exp()).ln());
const pos = (x: Big): boolean => x.gt(0);

/** BigNumber forms of the table's functions (a missing key means no BigNumber form). */
const BIG: Readonly<Record<string, (...args: Big[]) => Big>> = {
  exp: (x) => x.exp(),
  ln: (x) => x.ln(),
  log: (x, b) => x.ln().div(b!.ln()),
  abs: (x) => x.abs(),
  sgn: (x) => Big(x.isZero() ? 0 : x.isNeg() ? -1 : 1),
  sin: (x) => x.sin(),
  cos: (x) => x.cos(),
  tan: (x) => x.tan(),
  sinh: (x) => x.sinh(),
  cosh: (x) => x.cosh(),
  tanh: (x) => x.tanh(),
  sech: (x) => Big(1).div(x.cosh()),
  max: (x, y) => (x.gte(y!) ? x : y!),
  min: (x, y) => (x.lte(y!) ? x : y!),
  sigmoid,
  step: (x) => Big(x.isNeg() ? 0 : 1),
  relu: (x) => (pos(x) ? x : Big(0)),
  leakyrelu: (x, a) => (pos(x) ? x : a!.times(x)),
  prelu: (x, a) => (pos(x) ? x : a!.times(x)),
  elu: (x, a) => (pos(x) ? x : a!.times(x.exp().minus(1))),
  selu: (x) => Big(SELU_LAMBDA).times(pos(x) ? x : Big(SELU_ALPHA).times(x.exp().minus(1))),
  softplus,
  softsign: (x) => x.div(Big(1).plus(x.abs())),
  swish: (x) => x.times(sigmoid(x)),
  gelutanh: (x) => x.div(2).times(Big(1).plus(Big(2).div(Big(-1).acos()).sqrt().times(x.plus(Big('0.044715').times(x.pow(3)))).tanh())),
  mish: (x) => x.times(softplus(x).tanh()),
  hardsigmoid: (x) => clamp(x.div(6).plus(0.5), 0, 1),
  hardtanh: (x) => clamp(x, -1, 1),
  transpose: (x) => x,
};

function clamp(x: Big, lo: number, hi: number): Big {
  return x.lt(lo) ? Big(lo) : x.gt(hi) ? Big(hi) : x;
}

const COMPARE: Record<RelOp, (a: Big, b: Big) => boolean> = {
  '=': (a, b) => a.eq(b), '≈': (a, b) => a.eq(b), '≠': (a, b) => !a.eq(b),
  '<': (a, b) => a.lt(b), '≤': (a, b) => a.lte(b), '>': (a, b) => a.gt(b), '≥': (a, b) => a.gte(b),
};

/** The value at a point (doubles taken as the short decimals they print as), at PRECISION digits. */
export function evaluatePrecise(e: Expr, point: ReadonlyMap<Sym, number>): PreciseValue {
  const memo = new Map<Expr, Big>();
  let magnitude = Big(0);
  const go = (x: Expr): Big => {
    const m = memo.get(x);
    if (m !== undefined) return m;
    const out = node(x);
    if (out.isFinite() && out.abs().gt(magnitude)) magnitude = out.abs();
    memo.set(x, out);
    return out;
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
        if (typeof x.fn !== 'string' || x.primes > 0) throw new Unsupported('function');
        const f = BIG[x.fn];
        if (f === undefined) throw new Unsupported(x.fn);
        return f(...x.args.map(go));
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
