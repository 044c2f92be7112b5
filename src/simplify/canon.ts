/**
 * The canonical form of sums and products, computed bottom-up:
 * - sums: flattened, numeric coefficients of equal monomials added (2x + 3x = 5x), a number
 *   times a sum distributed (2(x+y) = 2x + 2y, −(a−y) = y − a), terms sorted;
 * - products: flattened, equal bases collected by adding exponents (x·x^{-1} = 1,
 *   e^a e^b = e^{a+b}), integer powers of products distributed, factors sorted;
 * - powers: (x^a)^n = x^{an} and (e^u)^k = e^{ku} (both hold wherever both sides are defined).
 * Every law used here holds wherever both sides are defined; the canonical form may be
 * defined at more points (x/x = 1 at x = 0), never at fewer, and never has another value.
 * Sorting uses `compareExpr`, so equal trees reach the same node whatever order they were written in.
 */
import Fraction from 'fraction.js';
import { ONE, ZERO, add, apply, mul, num, pow, type Expr } from '../core/expr.js';
import { BudgetExceeded, type Budget } from '../core/budget.js';
import { cacheStats } from '../core/stats.js';
import { transform } from '../core/walk.js';
import { compareExpr } from './order.js';

/**
 * The budget canonical forms charge while a simplification runs (null otherwise): one unit per
 * operand handled, so that a sum that multiplies out into millions of terms stops at the
 * simplifier's limit instead of exhausting memory or the argument list of `add`.
 */
let meter: Budget | null = null;

/** Most operands one canonical sum or product may have while metered. */
export const MAX_OPERANDS = 10_000;

/** Runs `f` with canonical-form work charged to `budget` (nested calls keep the innermost). */
export function metered<T>(budget: Budget, f: () => T): T {
  const outer = meter;
  meter = budget;
  try {
    return f();
  } finally {
    meter = outer;
  }
}

/** Charges `n` operands to the running simplification, if any. */
export function charge(n: number): void {
  if (meter === null) return;
  if (n > MAX_OPERANDS) throw new BudgetExceeded('work', meter);
  meter.charge(n);
}

const memo = new WeakMap<Expr, Expr>();

/** Hit counts of the canonical-form memo (for the benchmarks). */
export const CANONICAL_CACHE = { stats: cacheStats() };

export function canonical(e: Expr): Expr {
  const hit = memo.get(e);
  CANONICAL_CACHE.stats[hit === undefined ? 'misses' : 'hits']++;
  if (hit !== undefined) return hit;
  const out = transform(e, canonNode);
  memo.set(e, out);
  memo.set(out, out);
  return out;
}

export function canonNode(x: Expr): Expr {
  switch (x.kind) {
    case 'add': return canonAdd(x.terms);
    case 'mul': return canonMul(x.factors);
    case 'pow': return canonPow(x.base, x.exp);
    case 'apply': return x.fn === 'exp' && x.primes === 0 && x.args[0]!.kind === 'num' && x.args[0]!.value.n === 0n ? ONE : x;
    // Every branch the same value: that value (the branches' conditions only narrow where it holds).
    case 'piecewise': return x.pieces.every((p) => p.value === x.pieces[0]!.value) ? x.pieces[0]!.value : x;
    default: return x;
  }
}

/** Coefficient and monomial of a term: 3xy → [3, xy]; the flag says the coefficient was written as a decimal. */
function split(t: Expr): [Fraction, Expr, boolean] {
  if (t.kind === 'mul' && t.factors[0]!.kind === 'num') return [t.factors[0]!.value, mul(...t.factors.slice(1)), t.factors[0]!.decimal];
  return [new Fraction(1), t, false];
}

export function canonAdd(terms: readonly Expr[]): Expr {
  charge(terms.length);
  let constant = new Fraction(0);
  let decimal = false;
  const coeffs = new Map<Expr, Fraction>();
  const decimals = new Set<Expr>();
  const order: Expr[] = [];
  const take = (t: Expr): void => {
    if (t.kind === 'add') return t.terms.forEach(take);
    if (t.kind === 'num') {
      constant = constant.add(t.value);
      decimal ||= t.decimal;
      return;
    }
    if (t.kind === 'mul' && t.factors.length === 2 && t.factors[0]!.kind === 'num' && t.factors[1]!.kind === 'add') {
      const c = t.factors[0]!;
      return t.factors[1]!.terms.forEach((u) => take(canonMul([c, u])));
    }
    const [c, m, dec] = split(t);
    const prev = coeffs.get(m);
    if (prev === undefined) order.push(m);
    coeffs.set(m, prev === undefined ? c : prev.add(c));
    if (dec) decimals.add(m);
  };
  terms.forEach(take);
  charge(order.length);
  const out: Expr[] = [];
  for (const m of order) {
    const c = coeffs.get(m)!;
    if (c.n !== 0n) out.push(c.n === 1n && c.d === 1n && c.s > 0n ? m : canonMul([num(c, decimals.has(m)), m]));
  }
  out.sort(compareExpr);
  if (constant.n !== 0n) out.unshift(num(constant, decimal));
  if (out.length === 0) return ZERO;
  return add(...out);
}

export function canonMul(factors: readonly Expr[]): Expr {
  charge(factors.length);
  let coeff = new Fraction(1);
  let decimal = false;
  const exps = new Map<Expr, Expr[]>();
  const order: Expr[] = [];
  const expArgs: Expr[] = [];
  const take = (f: Expr): void => {
    if (f.kind === 'mul') return f.factors.forEach(take);
    if (f.kind === 'num') {
      coeff = coeff.mul(f.value);
      decimal ||= f.decimal;
      return;
    }
    if (f.kind === 'apply' && f.fn === 'exp' && f.primes === 0) {
      expArgs.push(f.args[0]!);
      return;
    }
    const [b, e] = f.kind === 'pow' ? [f.base, f.exp] : [f, ONE];
    const list = exps.get(b);
    if (list === undefined) {
      order.push(b);
      exps.set(b, [e]);
    } else list.push(e);
  };
  factors.forEach(take);
  if (coeff.n === 0n) return ZERO;
  const out: Expr[] = [];
  const place = (f: Expr): void => {
    if (f.kind === 'num') coeff = coeff.mul(f.value);
    else if (f.kind === 'mul') f.factors.forEach(place);
    else out.push(f);
  };
  for (const b of order) {
    const list = exps.get(b)!;
    place(canonPow(b, list.length === 1 ? list[0]! : canonAdd(list)));
  }
  if (expArgs.length > 0) {
    const arg = expArgs.length === 1 ? expArgs[0]! : canonAdd(expArgs);
    if (!(arg.kind === 'num' && arg.value.n === 0n)) out.push(apply('exp', [arg]));
  }
  if (coeff.n === 0n) return ZERO;
  out.sort(compareExpr);
  const c = num(coeff, decimal);
  if (out.length === 1 && out[0]!.kind === 'add' && !(coeff.n === 1n && coeff.d === 1n && coeff.s > 0n)) {
    return canonAdd(out[0]!.terms.map((t) => canonMul([c, t])));
  }
  return mul(c, ...out);
}

const isInt = (e: Expr): boolean => e.kind === 'num' && e.value.d === 1n;

export function canonPow(b: Expr, e: Expr): Expr {
  if (b.kind === 'pow' && isInt(e)) return canonPow(b.base, canonMul([b.exp, e]));
  if (b.kind === 'mul' && isInt(e)) return canonMul(b.factors.map((f) => canonPow(f, e)));
  if (b.kind === 'apply' && b.fn === 'exp' && b.primes === 0) return canonNode(apply('exp', [canonMul([b.args[0]!, e])]));
  return pow(b, e);
}
