/**
 * Turning a claim into something that can be evaluated at random points: the sampled symbols
 * and their domains, random smooth stand-ins for unknown functions, and compiled sides.
 *
 * A point is the values of the sampled symbols (`vars`), drawn from their domains. Unknown
 * functions (`f(g(x))`) get one random smooth function per name for the whole claim, with its
 * derivatives, so `f'(g(x))g'(x)` means the same function differentiated.
 */
import { apply, sym, type Expr, type Sym } from '../core/expr.js';
import { freeSet, transform } from '../core/walk.js';
import { compile, CompileError, type NumFn } from '../numeric/compile.js';
import { exactDecimal, evaluateExact, isRationalFunction, type ExactValue } from '../numeric/exact.js';
import { evaluatePrecise, type PreciseValue } from '../numeric/precise.js';
import {
  REAL, draw, nameDomain, randomSmoothFunction, randomSmoothFunctionN, type Interval, type Rng,
} from '../numeric/sample.js';

export interface Assumptions {
  /** Intervals for single symbols (`0 < y < 1`, `x > 0`). */
  readonly domains: ReadonlyMap<Sym, Interval>;
  /** Other conditions a point must satisfy (`x > y`), as relation nodes. */
  readonly conditions: readonly Expr[];
  /**
   * Sums of entries the notes fix (`\sum_k y_k = 1` for a one-hot or probability target): at a
   * concrete size the last entry is what the others leave (y_K = 1 − y_1 − … − y_{K−1}).
   */
  readonly sums: readonly SumConstraint[];
}

/** `\sum_{k=1}^{K} y_k = total`, the entries of a name the notes do not define. */
export interface SumConstraint {
  readonly sum: Extract<Expr, { kind: 'sum' }>;
  readonly total: Expr;
}

export const NO_ASSUMPTIONS: Assumptions = { domains: new Map(), conditions: [], sums: [] };

/** Random stand-ins for unknown functions, and the claim's sides rewritten to call them. */
export interface Stand {
  readonly left: Expr;
  readonly right: Expr;
  readonly functions: ReadonlyMap<Sym, NumFn>;
  readonly names: readonly string[];
}

/**
 * Replaces each application of an unknown function `f` of order n by a call of a fresh head
 * `f` with n primes, bound to the n-th derivative of one random smooth function per name.
 * Returns null when an unknown function of several arguments is differentiated (no stand-in).
 */
export function standIns(left: Expr, right: Expr, rng: Rng): Stand | null {
  const heads = new Map<string, { head: Sym; arity: number }>();
  let unsupported = false;
  const key = (s: Sym): string => `${s.name}\u0000${s.sub ?? ''}\u0000${s.layer ?? ''}\u0000${s.accent ?? ''}`;
  const functions = new Map<Sym, NumFn>();
  const smooth = new Map<string, ReturnType<typeof randomSmoothFunction>>();
  const rewrite = (x: Expr): Expr => {
    if (x.kind !== 'apply' || typeof x.fn === 'string') return x;
    const k = key(x.fn);
    if (!heads.has(k)) heads.set(k, { head: x.fn, arity: x.args.length });
    const head = sym(x.fn.name, { sub: x.fn.sub, layer: x.fn.layer, accent: x.fn.accent, primes: x.primes + 1 });
    if (!functions.has(head)) {
      if (x.args.length === 1) {
        let f = smooth.get(k);
        if (f === undefined) {
          f = randomSmoothFunction(rng.fork(`function ${k}`));
          smooth.set(k, f);
        }
        const order = x.primes;
        const g = f;
        functions.set(head, (t: number) => g.at(order, t));
      } else if (x.primes === 0) {
        functions.set(head, randomSmoothFunctionN(rng.fork(`function ${k}/${x.args.length}`), x.args.length));
      } else unsupported = true;
    }
    return apply(head, x.args, 0);
  };
  const l = transform(left, rewrite);
  const r = transform(right, rewrite);
  if (unsupported) return null;
  return { left: l, right: r, functions, names: [...heads.values()].map((h) => h.head.name) };
}

export interface SamplingPlan {
  readonly vars: readonly Sym[];
  readonly domains: readonly Interval[];
  /** Indices of the symbols whose domain comes from their name alone (no assumption made it). */
  readonly named: readonly number[];
}

/** The sampled symbols of a claim (in order of first appearance) and the domain of each. */
export function samplingPlan(exprs: readonly Expr[], assumptions: Assumptions): SamplingPlan {
  const vars: Sym[] = [];
  const seen = new Set<Sym>();
  for (const e of exprs) for (const s of freeSet(e)) if (!seen.has(s)) { seen.add(s); vars.push(s); }
  // An assumption replaces the conventional domain of a name: `a > 2` makes `a` no probability.
  const domains = vars.map((v) => assumptions.domains.get(v) ?? nameDomain(v));
  const named = vars.flatMap((v, i) => (assumptions.domains.has(v) || domains[i] === REAL ? [] : [i]));
  return { vars, domains, named };
}

export function drawPoint(rng: Rng, domains: readonly Interval[]): Float64Array {
  const x = new Float64Array(domains.length);
  for (let i = 0; i < domains.length; i++) x[i] = draw(rng, domains[i]!);
  return x;
}

/** A compiled function over `vars`, or the reason it has no numeric meaning. */
export function compileOver(e: Expr, vars: readonly Sym[], functions: ReadonlyMap<Sym, NumFn>): ((x: ArrayLike<number>) => number) | string {
  try {
    return compile(e, vars, { functions }).fn;
  } catch (err) {
    if (err instanceof CompileError) return err.message;
    throw err;
  }
}

/**
 * A relation node as a predicate over `vars` (comparisons in doubles); any other expression is
 * the condition that it be defined there (the branches of a function defined piece by piece).
 */
export function compileCondition(c: Expr, vars: readonly Sym[]): ((x: ArrayLike<number>) => boolean) | null {
  if (c.kind !== 'rel') {
    const f = compileOver(c, vars, new Map());
    return typeof f === 'string' ? null : (x) => Number.isFinite(f(x));
  }
  const sides = c.args.map((a) => compileOver(a, vars, new Map()));
  if (sides.some((s) => typeof s === 'string')) return null;
  const fs = sides as ((x: ArrayLike<number>) => number)[];
  return (x) => c.ops.every((op, i) => {
    const a = fs[i]!(x);
    const b = fs[i + 1]!(x);
    switch (op) {
      case '<': return a < b;
      case '≤': return a <= b;
      case '>': return a > b;
      case '≥': return a >= b;
      case '=': case '≈': return a === b;
      case '≠': return a !== b;
    }
  });
}

const pointMap = (vars: readonly Sym[], x: ArrayLike<number>): Map<Sym, number> => new Map(vars.map((v, i) => [v, x[i]!]));

export function preciseAt(e: Expr, vars: readonly Sym[], x: ArrayLike<number>): PreciseValue {
  return evaluatePrecise(e, pointMap(vars, x));
}

export function exactAt(e: Expr, vars: readonly Sym[], x: ArrayLike<number>): ExactValue {
  return evaluateExact(e, new Map(vars.map((v, i) => [v, exactDecimal(x[i]!)])));
}

export const bothRational = (l: Expr, r: Expr): boolean => isRationalFunction(l) && isRationalFunction(r);
