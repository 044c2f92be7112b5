/**
 * Exact rational evaluation, for steps whose two sides are rational functions (numbers, symbols,
 * + − × ÷ and integer powers). Two rational functions that agree at enough random rational
 * points are equal with overwhelming probability (Schwartz–Zippel), and one disagreement is an
 * exact counterexample: no rounding can blur either answer.
 *
 * Sizes are bounded: an integer power above MAX_POWER makes a tree non-rational for this
 * purpose, and an evaluation whose numbers grow past MAX_BITS gives up (`'too-large'`) so that
 * the caller falls back to sampling in floating point.
 */
import Fraction from 'fraction.js';
import { assertNever, type Expr, type Sym } from '../core/expr.js';
import { concreteRange, expandBigOp } from '../core/walk.js';

export const MAX_POWER = 64;
export const MAX_BITS = 4096;

const rational = new WeakMap<Expr, boolean>();

/** Whether the tree is a rational function of its symbols (every symbol a scalar). */
export function isRationalFunction(e: Expr): boolean {
  const hit = rational.get(e);
  if (hit !== undefined) return hit;
  let out: boolean;
  switch (e.kind) {
    case 'num': case 'sym': out = true; break;
    case 'const': case 'apply': case 'deriv': case 'piecewise': case 'rel': out = false; break;
    case 'add': out = e.terms.every(isRationalFunction); break;
    case 'mul': out = e.factors.every(isRationalFunction); break;
    case 'pow':
      out = e.exp.kind === 'num' && e.exp.value.d === 1n && e.exp.value.n <= BigInt(MAX_POWER) && isRationalFunction(e.base);
      break;
    case 'note': out = isRationalFunction(e.body); break;
    case 'at': out = false; break;
    case 'sum': {
      const range = concreteRange(e);
      out = range !== null && isRationalFunction(expandBigOp(e, ...range));
      break;
    }
    default: return assertNever(e);
  }
  rational.set(e, out);
  return out;
}

/** A value, `'undefined'` (a zero denominator), or `'too-large'` (numbers grew past MAX_BITS). */
export type ExactValue = Fraction | 'undefined' | 'too-large';

class Stop extends Error {
  constructor(readonly why: 'undefined' | 'too-large') {
    super(why);
  }
}

const bits = (x: bigint): number => (x < 0n ? -x : x).toString(16).length * 4;

function check(f: Fraction): Fraction {
  if (bits(f.n) > MAX_BITS || bits(f.d) > MAX_BITS) throw new Stop('too-large');
  return f;
}

/** The exact value of a rational function at a rational point (every free symbol must be bound). */
export function evaluateExact(e: Expr, point: ReadonlyMap<Sym, Fraction>): ExactValue {
  const memo = new Map<Expr, Fraction>();
  const go = (x: Expr): Fraction => {
    const m = memo.get(x);
    if (m !== undefined) return m;
    let out: Fraction;
    switch (x.kind) {
      case 'num': out = x.value; break;
      case 'sym': {
        const v = point.get(x);
        if (v === undefined) throw new Error(`evaluateExact: no value for ${x.name}`);
        out = v;
        break;
      }
      case 'add': out = check(x.terms.reduce((s, t) => s.add(go(t)), new Fraction(0))); break;
      case 'mul': out = check(x.factors.reduce((s, t) => s.mul(go(t)), new Fraction(1))); break;
      case 'pow': {
        if (x.exp.kind !== 'num' || x.exp.value.d !== 1n) throw new Error('evaluateExact: not a rational function');
        const b = go(x.base);
        const k = x.exp.value.s * x.exp.value.n;
        if (k < 0n && b.n === 0n) throw new Stop('undefined');
        if (bits(b.n) * Number(k < 0n ? -k : k) > MAX_BITS * 2) throw new Stop('too-large');
        out = check(b.pow(new Fraction(k)) as Fraction);
        break;
      }
      case 'note': out = go(x.body); break;
      case 'sum': {
        const range = concreteRange(x);
        if (range === null) throw new Error('evaluateExact: a sum over a range that is not a number');
        out = go(expandBigOp(x, ...range));
        break;
      }
      case 'const': case 'apply': case 'deriv': case 'piecewise': case 'rel': case 'at':
        throw new Error(`evaluateExact: ${x.kind} is not part of a rational function`);
      default: return assertNever(x);
    }
    memo.set(x, out);
    return out;
  };
  try {
    return go(e);
  } catch (err) {
    if (err instanceof Stop) return err.why;
    throw err;
  }
}

/**
 * The exact rational a sampled double stands for: the sampler only makes short decimals, and a
 * double's shortest decimal (`String(x)`, exponent notation included: 1.5e+21) is that decimal.
 */
export function exactDecimal(x: number): Fraction {
  const text = String(x);
  // The usual case, a plain short decimal (0.31), is read as it prints.
  if (!text.includes('e')) return new Fraction(text);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (m === null) throw new Error(`exactDecimal: ${x} is not a finite number`);
  const [, sign, whole, frac = '', exponent = '0'] = m;
  const e = Number(exponent);
  const n = BigInt(whole! + frac) * 10n ** BigInt(Math.max(0, e));
  const d = 10n ** BigInt(frac.length + Math.max(0, -e));
  return new Fraction(sign === '-' ? -n : n, d);
}
