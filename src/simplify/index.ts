/**
 * The simplifier: canonical form, then rewrite rules applied top-down to a fixpoint, then
 * textbook presentation order. Rules are data (rules.ts); the engine has explicit limits and
 * says why it stopped.
 *
 * Soundness: every step is an identity wherever both sides are defined, so a simplified tree
 * never has another value at a point where the input is defined (it may be defined at more
 * points: x/x becomes 1). A property test checks this on random trees.
 */
import Fraction from 'fraction.js';
import { Budget, BudgetExceeded } from '../core/budget.js';
import { ONE, ZERO, add, mul, num, sub, type Expr, type Sym } from '../core/expr.js';
import { mapChildren, size, substitute } from '../core/walk.js';
import { assumptionRules } from './assume.js';
import { sumStep } from './sums.js';
import { canonical, metered } from './canon.js';
import { matchTop } from './match.js';
import { present } from './present.js';
import { compiledRules, type CompiledRule } from './rules.js';
import { divide, expand, factorCommon, together } from './together.js';

export type StopReason = 'saturated' | 'step-limit' | 'size-limit' | 'time-limit';
export interface RewriteStep { readonly rule: string; readonly before: Expr; readonly after: Expr }
export interface SimplifyOptions {
  /** Fold exponential forms back into named functions and prefer self-forms (σ(1−σ), 1−tanh²). Default true. */
  readonly self?: boolean;
  /** Names to write the result in: with a ↦ σ(z), every σ(z) becomes a. */
  readonly names?: ReadonlyMap<Sym, Expr>;
  readonly maxSteps?: number;
  readonly maxSize?: number;
  readonly maxMillis?: number;
  /** Units of work (operands put in canonical form, rewrites): bounds memory as `maxMillis` bounds time. */
  readonly maxWork?: number;
  /** The caller's time and work budget (a checked step, a file); the limits above apply within it. */
  readonly budget?: Budget;
  /**
   * Equations held true, used as rewrite rules from the larger side to the smaller: with
   * `\sum_k y_k = 1` (a one-hot or probability target), p_j Σ_k y_k − y_j becomes p_j − y_j.
   * See ./assume.ts for how they match.
   */
  readonly assumptions?: readonly Expr[];
  /** Only the rules and procedures with these ids (canonical forms always apply); default every one. */
  readonly only?: ReadonlySet<string>;
  /**
   * Put the result in presentation order (default true). A caller that only asks whether the
   * result is 0 skips it: ordering operands never makes a tree 0 or a 0 anything else.
   */
  readonly presented?: boolean;
}
export interface SimplifyResult { readonly expr: Expr; readonly steps: readonly RewriteStep[]; readonly stop: StopReason }

export const DEFAULT_LIMITS = { maxSteps: 2_000, maxSize: 200_000, maxMillis: 2_000, maxWork: 2_000_000 } as const;
const MAX_PASSES = 50;

class Limit extends Error {
  constructor(readonly reason: StopReason) {
    super(reason);
  }
}

const ruleSets = new Map<boolean, readonly CompiledRule[]>();
/** The rules a simplification applies, with or without self-forms (computed once each). */
function rulesFor(self: boolean): readonly CompiledRule[] {
  let rules = ruleSets.get(self);
  if (rules === undefined) {
    rules = compiledRules().filter((r) => (self || !r.spec.self) && r.spec.recognitionOnly !== true);
    ruleSets.set(self, rules);
  }
  return rules;
}

/**
 * Trees a pass of the default rules leaves as they are, with or without self-forms: no rule
 * applies at them or below them. A pass depends on the tree alone, so a later simplification
 * that meets one again (a normal form inside a difference of two, a subtree a first pass
 * settled) skips it. Only the default rule sets are remembered: assumptions and `only` change
 * the rules. Held weakly, so a settled tree nobody holds is collected.
 */
const settledBy = new Map<boolean, WeakSet<Expr>>();
function settledSet(self: boolean): WeakSet<Expr> {
  let set = settledBy.get(self);
  if (set === undefined) {
    set = new WeakSet();
    settledBy.set(self, set);
  }
  return set;
}

export function simplify(e: Expr, options: SimplifyOptions = {}): SimplifyResult {
  const self = options.self ?? true;
  const maxSteps = options.maxSteps ?? DEFAULT_LIMITS.maxSteps;
  const maxSize = options.maxSize ?? DEFAULT_LIMITS.maxSize;
  const budget = (options.budget ?? Budget.unlimited()).within('simplification', options.maxMillis ?? DEFAULT_LIMITS.maxMillis, options.maxWork ?? DEFAULT_LIMITS.maxWork);
  const only = options.only;
  const allowed = (id: string): boolean => only === undefined || only.has(id);
  const rules = [...assumptionRules(options.assumptions ?? []), ...rulesFor(self)].filter((r) => allowed(r.spec.id));
  const settled = only === undefined && (options.assumptions ?? []).length === 0 ? settledSet(self) : null;
  const steps: RewriteStep[] = [];
  const folds = new Map<Expr, Expr>();
  for (const [name, def] of options.names ?? []) folds.set(canonical(def), name);
  const fold = (x: Expr): Expr => {
    if (folds.size === 0) return x;
    const y = canonical(substitute(x, folds));
    if (y !== x) steps.push({ rule: 'fold-definition', before: x, after: y });
    return y;
  };

  const record = (rule: string, before: Expr, after: Expr): Expr => {
    steps.push({ rule, before, after });
    if (steps.length >= maxSteps) throw new Limit('step-limit');
    budget.charge();
    return after;
  };

  const tryRules = (x: Expr): Expr | null => {
    for (const r of rules) {
      const out = applyRule(r, x);
      if (out !== null && out !== x) return record(r.spec.id, x, out);
    }
    return null;
  };

  /** Whole-node algebra, tried only once the node's children are in normal form. */
  const tryProcedures = (x: Expr): Expr | null => {
    if (x.kind === 'sum') {
      const out = sumStep(x, allowed);
      if (out !== null) return record(out.rule, x, canonical(out.expr));
    }
    if (x.kind === 'apply' && x.fn === 'kronecker') {
      const [i, j] = x.args as [Expr, Expr];
      if (i === j && allowed('kronecker-same')) return record('kronecker-same', x, ONE);
      if (i.kind === 'num' && j.kind === 'num' && allowed('kronecker-different')) return record('kronecker-different', x, ZERO);
    }
    if (x.kind === 'mul' && allowed('fraction-divide')) {
      const q = divide(x);
      if (q !== null) return record('fraction-divide', x, q);
    }
    if (x.kind === 'add') {
      const t = allowed('sum-together') ? together(x) : null;
      if (t !== null) return record('sum-together', x, t);
      const f = allowed('sum-factor') ? factorCommon(x) : null;
      if (f !== null) return record('sum-factor', x, f);
      // Multiplying out must shrink the tree without adding terms: (1−y)σ − (1−σ)y becomes σ − y,
      // but swish + σ(1 − swish) stays as the textbook writes it.
      const ex = allowed('sum-expand') ? expand(x) : null;
      if (ex !== null && size(ex) < size(x) && (ex.kind === 'add' ? ex.terms.length : 1) <= x.terms.length) return record('sum-expand', x, ex);
    }
    return null;
  };

  // Until the first canonical form is done, `cur` is the input itself, of any size: a limit
  // reached then returns it untouched (presenting it could cost as much as simplifying it).
  let cur = e;
  let started = false;
  let stop: StopReason = 'saturated';
  try {
    cur = metered(budget, () => canonical(e));
    if (size(cur) > maxSize) throw new Limit('size-limit');
    started = true;
    cur = metered(budget, () => fold(cur));
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const memo = new Map<Expr, Expr>();
      const visit = (x: Expr): Expr => {
        const hit = memo.get(x);
        if (hit !== undefined) return hit;
        if (settled?.has(x) === true) return x;
        const recorded = steps.length;
        // Pattern rules top-down (a rule may match a whole product before its parts change),
        // procedures bottom-up (dividing out (e^z − e^{-z})/(e^z + e^{-z}) before its parts fold
        // into sinh and cosh would miss tanh).
        let out = tryRules(x);
        if (out === null) {
          const inner = canonical(mapChildren(x, visit));
          out = inner !== x ? inner : tryProcedures(x) ?? x;
        }
        if (out === x && steps.length === recorded) settled?.add(x);
        memo.set(x, out);
        return out;
      };
      const next = metered(budget, () => fold(visit(cur)));
      if (size(next) > maxSize) throw new Limit('size-limit');
      if (next === cur) break;
      cur = next;
    }
  } catch (err) {
    stop = stopReason(err);
  }
  return { expr: !started ? e : options.presented === false ? cur : present(cur), steps, stop };
}

/** Why a simplification stopped early, from what it threw; anything else is a bug and propagates. */
function stopReason(err: unknown): StopReason {
  if (err instanceof Limit) return err.reason;
  if (err instanceof BudgetExceeded) return err.exhausted === 'time' ? 'time-limit' : 'size-limit';
  throw err;
}

/**
 * Applies a rule at the top of `x`. A sum whose terms share a numeric factor is also tried
 * with that factor taken out, so `4\cosh^2 u - 4\sinh^2 u` meets `\cosh^2 u - \sinh^2 u`.
 */
export function applyRule(r: CompiledRule, x: Expr): Expr | null {
  const direct = applyAt(r, x);
  if (direct !== null || x.kind !== 'add' || r.lhs.kind !== 'add') return direct;
  const c = content(x);
  if (c === null) return null;
  const scaled = applyAt(r, canonical(mul(num(c.inverse()), x)));
  return scaled === null ? null : canonical(mul(num(c), scaled));
}

function applyAt(r: CompiledRule, x: Expr): Expr | null {
  for (const m of matchTop(r.lhs, x, r.vars)) {
    if (!r.guard(m.bindings)) continue;
    const rhs = canonical(substitute(r.rhs, m.bindings as ReadonlyMap<Expr, Expr>));
    if (m.rest.length === 0) return rhs;
    return canonical(x.kind === 'add' ? add(rhs, ...m.rest) : mul(rhs, ...m.rest));
  }
  return null;
}

/** The positive rational common to every coefficient of a sum (not 1), or null. */
function content(x: Expr & { kind: 'add' }): Fraction | null {
  let g: Fraction | null = null;
  for (const t of x.terms) {
    const c = t.kind === 'num' ? t.value : t.kind === 'mul' && t.factors[0]!.kind === 'num' ? t.factors[0]!.value : new Fraction(1);
    g = g === null ? c.abs() : g.gcd(c);
  }
  return g === null || (g.n === 1n && g.d === 1n) || g.n === 0n ? null : g;
}

/**
 * The table's functions recognised where they are written out, and nothing else changed:
 * `\frac{x}{1+|x|}` becomes softsign(x), `x\tanh(\ln(1+e^{x}))` mish(x), while an expression
 * holding none stays as written. Differentiating the result gives each function's textbook
 * derivative, so equal inputs reach one form. Each subtree is tried in canonical form as written
 * first, so the larger function wins over the one inside it (ReLU6's min(max(0, u), 6) before
 * ReLU's max(0, u)), and again once its parts are recognised (ln σ(u) after σ).
 */
export function recognise(e: Expr): Expr {
  // The larger pattern first: hard sigmoid's max(0, min(1, …)) before ReLU's max(0, u).
  const rules = compiledRules().filter((r) => r.spec.recognises === true).sort((a, b) => size(b.lhs) - size(a.lhs));
  const named = (x: Expr): Expr | null => {
    const c = canonical(x);
    for (const r of rules) {
      const y = applyRule(r, c);
      if (y !== null && y !== c) return y;
    }
    return null;
  };
  let out = e;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const memo = new Map<Expr, Expr>();
    const visit = (x: Expr): Expr => {
      const hit = memo.get(x);
      if (hit !== undefined) return hit;
      let y = named(x);
      if (y === null) {
        const inner = mapChildren(x, visit);
        y = inner === x ? x : named(inner) ?? inner;
      }
      memo.set(x, y);
      return y;
    };
    const next = visit(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Whether the simplifier shows two trees equal: the same canonical node after simplifying, or a difference that simplifies to 0. */
export function provablyEqual(a: Expr, b: Expr, options: SimplifyOptions = {}): boolean {
  if (a === b) return true;
  const sa = simplify(a, options);
  const sb = simplify(b, options);
  // A side the simplifier could not even bring to canonical form gives it no opinion.
  if (sa.expr === a && sa.stop !== 'saturated' || sb.expr === b && sb.stop !== 'saturated') return false;
  const budget = (options.budget ?? Budget.unlimited()).within('simplification', options.maxMillis ?? DEFAULT_LIMITS.maxMillis, options.maxWork ?? DEFAULT_LIMITS.maxWork);
  try {
    if (metered(budget, () => canonical(sa.expr) === canonical(sb.expr))) return true;
  } catch (err) {
    stopReason(err);
    return false;
  }
  return simplify(sub(a, b), { ...options, presented: false }).expr === ZERO;
}

export { canonical, CANONICAL_CACHE } from './canon.js';
export { RULES, RULE_LABELS } from './rules.js';
export { ASSUME_RULE } from './assume.js';
