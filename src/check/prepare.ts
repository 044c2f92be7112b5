/**
 * From a written step to a claim the judge can evaluate: decorations dropped, derivatives worked
 * out by the differentiator under the backprop convention, every defined symbol replaced by its
 * definition (recursively, so `a = σ(z)` is sampled through z), and bound symbols replaced by
 * their values. Also collects what a diagnosis needs: the symbols to show in a witness, the
 * chain-rule factors a wrong step may have dropped, and the tolerance the written digits imply.
 */
import { BARE_ARGUMENT, PRIME_VARIABLE, add, apply, children, deriv, mul, num, pow, sym, type Apply, type Expr, type RelOp, type Sym } from '../core/expr.js';
import Fraction from 'fraction.js';
import { containsDeriv, expandConcreteSums, freeSet, settleEvaluations, size, somewhere, substitute, transform } from '../core/walk.js';
import { isBold, plainAccent, subTokens } from '../core/indices.js';
import type { Budget } from '../core/budget.js';
import { isStackOverflow } from '../core/errors.js';
import { DiffError, expandDerivatives, type DiffErrorCode, type DiffOptions, type FunctionDef } from '../diff/index.js';
import { symLatex, toLatex } from '../print/latex.js';
import { evaluate } from '../numeric/compile.js';
import type { Scope } from './scope.js';
import type { Claim, Tolerance, UnknownReason } from './verdict.js';

/** Largest side (in nodes, after substitution) the judge is given. */
export const MAX_NODES = 50_000;
/** Most chain-rule factors tried when diagnosing a dropped factor. */
export const MAX_FACTORS = 16;

export type Prepared =
  /** `domains`: conditions a sampled point must satisfy, from the conditional definitions the step uses. */
  | { ok: true; claim: Claim; domains: readonly Expr[] }
  | { ok: false; code: UnknownReason; detail: string };

class Unprepared extends Error {
  constructor(readonly code: UnknownReason, detail: string) {
    super(detail);
  }
}

const stripNotes = (e: Expr): Expr => transform(e, (x) => (x.kind === 'note' ? x.body : x));

/** Definitions resolved down to undefined symbols, cached per scope. */
class Resolver {
  private readonly done = new Map<Sym, Expr | 'pending'>();
  constructor(readonly scope: Scope) {}

  /**
   * The definitions an expression can reach (through other definitions), so that a broken
   * definition elsewhere in the file (a cycle, a wrong arity) does not affect this step.
   */
  private optionsFor(e: Expr, budget: Budget | undefined): DiffOptions {
    const defs = new Map<Sym, Expr>();
    const functions = new Map<Sym, FunctionDef>();
    const seen = new Set<Expr>();
    const visit = (x: Expr): void => {
      if (seen.has(x)) return;
      seen.add(x);
      if (x.kind === 'sym') {
        const d = this.scope.defs.get(x);
        if (d !== undefined && !defs.has(x)) {
          defs.set(x, d);
          visit(d);
        }
      } else if (x.kind === 'apply' && typeof x.fn !== 'string') {
        const f = this.scope.functions.get(x.fn);
        if (f !== undefined && !functions.has(x.fn)) {
          functions.set(x.fn, f);
          visit(f.body);
        }
      }
      children(x).forEach(visit);
    };
    visit(e);
    return budget === undefined ? { defs, functions, trace: false } : { defs, functions, trace: false, budget };
  }

  /**
   * Sides already expanded and resolved under this scope. Expanding depends only on the scope,
   * the tree and `bare` (a budget only stops it), and a line is prepared for every step it is
   * part of, so each is done once while the tree lives. Failures are not kept: a later call
   * with a budget of its own may succeed.
   */
  private readonly expansions = new WeakMap<Expr, Map<Sym, Expr>>();
  private readonly finals = new WeakMap<Expr, Expr>();

  /** `bare`: the variable a bare σ is at (z, or the one variable a step differentiates by: `\frac{d\sigma}{dx}`). */
  expand(e: Expr, budget?: Budget, bare: Sym = SIGMA_VARIABLE): Expr {
    let byBare = this.expansions.get(e);
    const known = byBare?.get(bare);
    if (known !== undefined) return known;
    const out = this.expandOnce(e, budget, bare);
    if (byBare === undefined) this.expansions.set(e, (byBare = new Map()));
    byBare.set(bare, out);
    return out;
  }

  private expandOnce(e: Expr, budget: Budget | undefined, bare: Sym): Expr {
    try {
      const x = this.implicitFunctions(stripNotes(e), bare);
      this.requireDefined(x);
      this.requireWholesDefined(x);
      this.requireEntriesApart(x, budget);
      this.requireReadDefinitions(x, budget);
      return expandDerivatives(x, this.optionsFor(x, budget));
    } catch (err) {
      if (err instanceof DiffError) throw new Unprepared(DIFF_REASONS[err.info.code], err.message);
      if (isStackOverflow(err)) throw new Unprepared('too-large', 'the expression is nested too deeply');
      throw err;
    }
  }

  /**
   * A derivative of a name that nothing defines (`\frac{dk}{dt}` with no `k = …` in scope) cannot
   * be worked out: k is not a variable the notes vary, it is a quantity they never gave.
   */
  private requireDefined(e: Expr): void {
    transform(e, (x) => {
      if (x.kind !== 'deriv') return x;
      const s = x.body;
      if (s.kind === 'sym' && !x.wrt.includes(s) && !this.scope.defs.has(s) && !this.scope.bindings.has(s)) {
        throw new Unprepared('not-defined', `${symLatex(s)} is not defined, so ${toLatex(x)} cannot be worked out`);
      }
      // `\frac{\partial o}{\partial net_o}` after `o = 0.75136507`: o is a worked example's value
      // (a long decimal, rounded), not a function of net_o, which no definition mentions; how it
      // depends on net_o is not written. (After `p = 5`, dp/ds = 0: p is a constant.)
      if (freeSet(s).size > 0 && x.wrt.every((w) => !this.mentioned().has(w)) && isRoundedValue(this.final(s))) {
        throw new Unprepared('not-defined', `${toLatex(s)} is given as a number, not as a function of ${x.wrt.map(symLatex).join(', ')}, so ${toLatex(x)} cannot be worked out`);
      }
      return x;
    });
  }

  private mentions: Set<Sym> | undefined;
  /** The names the scope's definitions are written in, and the names they define. */
  private mentioned(): ReadonlySet<Sym> {
    if (this.mentions !== undefined) return this.mentions;
    const out = new Set<Sym>([...this.scope.defs.keys(), ...this.scope.bindings.keys()]);
    for (const v of this.scope.defs.values()) for (const x of freeSet(v)) out.add(x);
    for (const f of this.scope.functions.values()) for (const x of freeSet(f.body)) out.add(x);
    return (this.mentions = out);
  }

  /**
   * `X^\top(\hat{\mathbf{y}} - \mathbf{y})` in notes that define and use \hat{y}_i, y_i and x_{ij}
   * entry by entry: the bold vector and the capital matrix are those entries written whole, which
   * the notes never define as such. Read as free names they would make a right step wrong.
   */
  private requireWholesDefined(e: Expr): void {
    let known: ReadonlySet<Sym> | undefined;
    for (const s of freeSet(e)) {
      const bold = isBold(s.accent);
      if (s.sub !== undefined || (!bold && !/^[A-Z]$/.test(s.name)) || this.scope.defs.has(s) || this.scope.bindings.has(s)) continue;
      known ??= this.mentioned();
      const entry = [...known].find((k) => k.sub !== undefined && k.layer === s.layer && (bold
        ? k.name === s.name && k.accent === plainAccent(s.accent)
        : k.name === s.name.toLowerCase() && k.accent === s.accent && subTokens(k.sub).length === 2));
      if (entry !== undefined) throw new Unprepared('whole-of-entries', `${symLatex(s)} for the entries ${symLatex(entry)}`);
    }
  }

  /**
   * A derivative by an entry (∂J/∂θ_j) of what the differentiated expression uses whole (θ in
   * σ(θ^T x), J's definition): the entry is part of θ, not a name of its own, so the derivative
   * is not 0; without θ written out entry by entry it cannot be worked out. (Steps whose vectors
   * are written out reach here with their entries in place of the whole.)
   */
  private requireEntriesApart(e: Expr, budget?: Budget): void {
    if (!byEntry(e)) return;
    transform(e, (x) => {
      if (x.kind !== 'deriv') return x;
      const entries = x.wrt.filter((v) => v.sub !== undefined);
      if (entries.length === 0) return x;
      const used = [...freeSet(this.resolve(x.body, undefined, budget))];
      for (const v of entries) {
        // θ for θ_j, and the bold \boldsymbol{\theta} whose entries are written θ_j.
        const w = used.find((s) => s.name === v.name && s.sub === undefined && s.layer === v.layer && s.primes === 0
          && (s.accent === v.accent || (isBold(s.accent) && plainAccent(s.accent) === v.accent)));
        if (w !== undefined) throw new Unprepared('entry-of-whole', `${symLatex(v)} is an entry of ${symLatex(w)}, which ${toLatex(x.body)} uses whole`);
      }
      return x;
    });
  }

  /**
   * A derivative of something that depends on a name defined in math deriv could not read
   * (∂L/∂w after an unreadable `z = …w…`): what it depends on is unknown, so it is not 0. The
   * derivative by that name itself (∂L/∂z), or by a name defined through it (∂L/∂a after
   * `a = \sigma(z)`, which z cannot depend on), is fine.
   */
  private requireReadDefinitions(e: Expr, budget?: Budget): void {
    if (this.scope.unread.size === 0 || !containsDeriv(e)) return;
    transform(e, (x) => {
      if (x.kind !== 'deriv') return x;
      for (const u of freeSet(this.resolve(x.body, undefined, budget))) {
        const line = this.scope.unread.get(u);
        const downstream = (v: Sym): boolean => v === u || freeSet(this.resolve(v, undefined, budget)).has(u);
        if (line !== undefined && !x.wrt.every(downstream)) {
          throw new Unprepared('unread-definition', `${symLatex(u)} is defined on line ${line} in math that could not be read, so ${toLatex(x)} cannot be worked out`);
        }
      }
      return x;
    });
  }

  /**
   * Function names written without arguments: `g'` after `g(z) = …` is g'(z); `u'` after
   * `u = e^{x} - e^{-x}` is du/dx; σ, σ' are the sigmoid at z (or at the argument of an earlier
   * `\sigma(x) = …`) unless σ is defined.
   */
  private implicitFunctions(e: Expr, bare: Sym): Expr {
    return transform(e, (x) => {
      if (x.kind === 'deriv' && x.wrt.every((v) => v === PRIME_VARIABLE)) {
        const vars = [...freeSet(this.resolve(x.body))];
        if (vars.length !== 1) throw new Unprepared('derivative-failed', `${toLatex(x)}: a prime needs an expression in exactly one variable, this one has ${vars.length}`);
        return deriv(x.body, x.wrt.map(() => vars[0]!), false);
      }
      if (x === BARE_ARGUMENT) return bare;
      if (x.kind !== 'sym') return x;
      const head = x.primes === 0 ? x : sym(x.name, { sub: x.sub, layer: x.layer, accent: x.accent });
      const alias = this.scope.defs.get(head);
      if (alias?.kind === 'apply') return x.primes === 0 ? x : apply(alias.fn, alias.args, x.primes);
      // `u'` after `u = e^{x} - e^{-x}`: the derivative by the one variable u is written in.
      if (alias !== undefined && x.primes > 0) {
        const vars = [...freeSet(this.resolve(alias))];
        return vars.length === 1 ? deriv(head, Array<Sym>(x.primes).fill(vars[0]!), false) : x;
      }
      if (alias !== undefined || x.name !== 'sigma' || x.sub !== undefined || x.layer !== undefined || x.accent !== undefined) return x;
      return apply('sigmoid', [bare], x.primes);
    });
  }

  /** The value of a defined symbol in terms of undefined ones. */
  value(s: Sym, budget?: Budget): Expr | undefined {
    const hit = this.done.get(s);
    if (hit === 'pending') throw new Unprepared('derivative-failed', `the definition of ${symLatex(s)} refers to itself`);
    if (hit !== undefined) return hit;
    const def = this.scope.defs.get(s);
    if (def === undefined) return undefined;
    this.done.set(s, 'pending');
    try {
      const out = this.resolve(this.expand(def, budget), undefined, budget);
      this.done.set(s, out);
      return out;
    } catch (err) {
      // A later step (with its own budget) may succeed where this one ran out.
      this.done.delete(s);
      throw err;
    }
  }

  /**
   * Applications of defined functions replaced by their bodies: after `g(z) = \frac{1}{1+e^{-z}}`,
   * g(0) is 1/(1+e^0). (Derivatives of them were already worked out by the differentiator.)
   */
  private applyFunctions(e: Expr, depth = 0): Expr {
    if (this.scope.functions.size === 0) return e;
    return transform(e, (x) => {
      if (x.kind !== 'apply' || typeof x.fn === 'string' || x.primes !== 0) return x;
      const f = this.scope.functions.get(x.fn);
      if (f === undefined || f.params.length !== x.args.length) return x;
      if (depth > 32) throw new Unprepared('derivative-failed', `the definition of ${symLatex(x.fn)} refers to itself`);
      const body = this.applyFunctions(f.body, depth + 1);
      return substitute(body, new Map<Expr, Expr>(f.params.map((p, i) => [p, x.args[i]!])));
    });
  }

  /** Every defined symbol and function replaced by its value, except the symbol `keep`. */
  resolve(expr: Expr, keep?: Sym, budget?: Budget): Expr {
    const e = this.applyFunctions(expr);
    const map = new Map<Expr, Expr>();
    for (const s of freeSet(e)) {
      // A bound symbol keeps its example value even when it is defined ("for $z = 0$" after z = wh + b).
      if (s === keep || this.scope.bindings.has(s)) continue;
      const v = this.value(s, budget);
      if (v !== undefined) map.set(s, v);
    }
    // Evaluations (`\right|_{x=0}`) take their value once derivatives and definitions are in.
    const out = settleEvaluations(substitute(e, map));
    if (size(out) > MAX_NODES) throw new Unprepared('too-large', `an expression grew past ${MAX_NODES} nodes after substituting definitions`);
    return out;
  }

  /** Resolved, then bound symbols replaced by their values (sums whose size was bound written out). */
  final(e: Expr, budget?: Budget): Expr {
    const known = this.finals.get(e);
    if (known !== undefined) return known;
    const r = this.resolve(e, undefined, budget);
    // A sum whose size was bound, written out, names entries that may be defined (ŷ_1 after ŷ_i = w x_i + b).
    const bound = this.scope.bindings.size === 0 ? r : expandConcreteSums(substitute(r, this.scope.bindings as ReadonlyMap<Expr, Expr>));
    const out = bound === r ? r : this.resolve(bound, undefined, budget);
    this.finals.set(e, out);
    return out;
  }
}

/**
 * A loss the notes differentiate but never define (`\frac{\partial L}{\partial w} =
 * \frac{\partial L}{\partial a}\frac{\partial a}{\partial z}\frac{\partial z}{\partial w}`)
 * is some function of where the computation ends: of the one quantity, among the names it is
 * differentiated by and the definitions that depend on them, that nothing else uses (a = σ(z)
 * after z = wx + b). The judge gives it a random smooth function, so the chain rule is checked
 * for every loss at once. It does so only where the loss is differentiated on both sides (a chain
 * rule); with no single such quantity, or a side that gives the derivative a value of its own
 * (`\frac{dk}{dt} = 3t^2`), it stays undefined and the step is unknown.
 */
function withAbstractLosses(sides: readonly Expr[], scope: Scope): Scope {
  const lossesOf = (side: Expr): Map<Sym, Set<Sym>> => {
    const found = new Map<Sym, Set<Sym>>();
    const seen = new Set<Expr>();
    const visit = (e: Expr): void => {
      if (seen.has(e)) return;
      seen.add(e);
      if (e.kind === 'sym') {
        const v = scope.defs.get(e);
        if (v !== undefined) visit(v);
      }
      if (e.kind === 'deriv' && e.body.kind === 'sym' && e.body.primes === 0) {
        const loss = e.body;
        const free = !scope.defs.has(loss) && !scope.bindings.has(loss) && !scope.functions.has(loss) && !e.wrt.includes(loss);
        if (free) {
          const set = found.get(loss) ?? new Set<Sym>();
          e.wrt.forEach((v) => set.add(v));
          found.set(loss, set);
        }
      }
      children(e).forEach(visit);
    };
    visit(side);
    return found;
  };
  // Only a chain rule: the loss is differentiated on every side. `\frac{dk}{dt} = 3t^2` with k
  // never defined claims a value of an unknown derivative, and stays unknown.
  const perSide = sides.map(lossesOf);
  const by = new Map<Sym, Set<Sym>>();
  for (const [loss, wrt] of perSide[0] ?? []) {
    if (!perSide.every((m) => m.has(loss))) continue;
    by.set(loss, new Set([...wrt, ...perSide.slice(1).flatMap((m) => [...m.get(loss)!])]));
  }
  if (by.size === 0) return scope;
  const uses = (s: Sym): readonly Sym[] => {
    const def = scope.defs.get(s);
    return def === undefined ? [] : [...freeSet(def)];
  };
  const dependsOn = (s: Sym, targets: ReadonlySet<Sym>, seen = new Set<Sym>()): boolean => {
    if (seen.has(s)) return false;
    seen.add(s);
    return uses(s).some((x) => targets.has(x) || dependsOn(x, targets, seen));
  };
  const defs = new Map(scope.defs);
  for (const [loss, wrt] of by) {
    // The forward computation only: a definition written with a derivative (J = ∂p/∂z, g = ∂L/∂p)
    // is something computed from the loss, not a value the loss is computed from.
    const forward = [...scope.defs].filter(([s, v]) => s !== loss && !containsDeriv(v)).map(([s]) => s);
    const reached = new Set<Sym>([...wrt, ...forward.filter((s) => dependsOn(s, wrt))]);
    const ends = [...reached].filter((s) => ![...reached].some((t) => t !== s && uses(t).includes(s)));
    if (ends.length === 1) defs.set(loss, apply(loss, [ends[0]!]));
    // Several ends are the entries of the output (p_1, …, p_K), each computed by the notes; a
    // parameter that no definition uses (W_{11} when z is not known to be a vector) leaves the
    // computation unclear, and the step unknown.
    else if (ends.length <= MAX_LOSS_ENDS && ends.every((s) => scope.defs.has(s))) defs.set(loss, genericFunctionOf(ends));
  }
  return defs.size === scope.defs.size ? scope : { ...scope, defs };
}


/** The most values a loss the notes never define is taken as a function of (a vector's entries at sizes up to 5, and some more). */
const MAX_LOSS_ENDS = 12;

/**
 * A loss of several values (the entries of p in ∂L/∂p): one fixed smooth function whose gradient
 * has no structure a step could lean on, sin(Σ aₖeₖ) + ½(Σ bₖeₖ)² + Σ cₖeₖ with coefficients that
 * differ for every value (the same for every run, so verdicts are reproducible). Every chain
 * rule holds for it exactly when it holds for every loss: both sides are linear in the gradient.
 */
function genericFunctionOf(ends: readonly Sym[]): Expr {
  const sorted = [...ends].sort((a, b) => (symLatex(a) < symLatex(b) ? -1 : 1));
  const coefficient = (i: number, salt: number): Expr => num(new Fraction((3 + ((i * 7 + salt * 5) % 11)) * ((i + salt) % 3 === 0 ? -1 : 1), 10));
  const combination = (salt: number): Expr => add(...sorted.map((e, i) => mul(coefficient(i, salt), e)));
  return add(apply('sin', [combination(1)]), mul(num('1/2'), pow(combination(2), num(2))), combination(3));
}

/**
 * The variables an expression is in once the scope's definitions and functions are put in
 * (`f(x)` after `f(x) = x^3` is in x; `L` after `L = (wx - y)^2` in w, x, y), or null when its
 * definitions cannot be resolved (a cycle, a derivative that cannot be worked out).
 */
export function variablesIn(e: Expr, scope: Scope): ReadonlySet<Sym> | null {
  try {
    return freeSet(resolverOf(scope).resolve(e));
  } catch (err) {
    if (err instanceof Unprepared) return null;
    throw err;
  }
}

const resolvers = new WeakMap<Scope, Resolver>();
function resolverOf(scope: Scope): Resolver {
  let r = resolvers.get(scope);
  if (r === undefined) {
    r = new Resolver(scope);
    resolvers.set(scope, r);
  }
  return r;
}

export interface WrittenSide {
  readonly expr: Expr;
  /** The source text of the side, for digits and messages. */
  readonly latex: string;
}

/**
 * The domains of the conditional definitions a step reaches (`g = t^2, \quad t > 0`), in terms
 * of the sampled symbols: a point is drawn only where every one of them holds.
 */
function reachedDomains(exprs: readonly Expr[], r: Resolver): Expr[] {
  const scope = r.scope;
  if (scope.domains.size === 0) return [];
  return reached(exprs, scope).flatMap((s) => (scope.domains.get(s) ?? []).map((d) => r.final(d)));
}

/** The symbols the expressions mention, directly or through the definitions they reach. */
function reached(exprs: readonly Expr[], scope: Scope): Sym[] {
  const seen = new Set<Sym>();
  const visit = (e: Expr): void => {
    for (const s of freeSet(e)) {
      if (seen.has(s)) continue;
      seen.add(s);
      const v = scope.defs.get(s);
      if (v !== undefined) visit(v);
    }
  };
  exprs.forEach(visit);
  return [...seen];
}

/** Whether a derivative by an entry (∂/∂θ_j) is anywhere in a tree. */
const byEntry = somewhere((x) => x.kind === 'deriv' && x.wrt.some((v) => v.sub !== undefined));

/** Where a bare σ is taken when nothing else says: the sigmoid's usual variable. */
const SIGMA_VARIABLE = sym('z');

/**
 * The variable a bare σ stands at in a step: z, unless the step differentiates a bare σ by one
 * other variable only and z is nowhere, neither in the step nor defined
 * (`\frac{d\sigma}{dx} = \sigma(1 - \sigma)` is about σ(x); ∂L/∂w = (σ − y)x after z = wx is about σ(z)).
 */
function bareSigmaVariable(sides: readonly Expr[], scope: Scope): Sym {
  if (!sides.some(containsDeriv)) return SIGMA_VARIABLE;
  const by = new Set<Sym>();
  let ofSigma = false;
  for (const side of sides) {
    transform(side, (x) => {
      if (x.kind !== 'deriv') return x;
      for (const v of x.wrt) by.add(v);
      if (freeSet(x.body).has(BARE_SIGMA) || freeSet(x.body).has(BARE_ARGUMENT)) ofSigma = true;
      return x;
    });
  }
  const [v] = by;
  const z = sides.some((side) => freeSet(side).has(SIGMA_VARIABLE)) || scope.defs.has(SIGMA_VARIABLE) || scope.defs.has(BARE_SIGMA);
  return by.size === 1 && ofSigma && !z && v !== PRIME_VARIABLE && !scope.defs.has(v!) ? v! : SIGMA_VARIABLE;
}
const BARE_SIGMA = sym('sigma');

/** Why a claim could not be prepared, by what the differentiator reported. */
const DIFF_REASONS: Record<DiffErrorCode, UnknownReason> = {
  'time-limit': 'time-limit', 'step-limit': 'too-large', 'too-large': 'too-large', 'too-deep': 'too-large',
  'order-limit': 'derivative-failed', 'cyclic-definition': 'derivative-failed', 'bad-definition': 'derivative-failed',
};

/** `budget` bounds the differentiation (a step's time); without one, only the differentiator's own limits apply. */
export function prepareClaim(op: RelOp, lhs: WrittenSide, rhs: WrittenSide, given: Scope, budget?: Budget): Prepared {
  const scope = withAbstractLosses([lhs.expr, rhs.expr], given);
  const r = resolverOf(scope);
  try {
    const bare = bareSigmaVariable([lhs.expr, rhs.expr], scope);
    const left = r.expand(lhs.expr, budget, bare);
    const right = r.expand(rhs.expr, budget, bare);
    const finalLeft = r.final(left, budget);
    const finalRight = r.final(right, budget);
    const pinned = pinnedDerivative(finalLeft, finalRight);
    if (pinned !== null) throw new Unprepared('not-defined', `${symLatex(pinned.fn as Sym)} is not defined, so ${toLatex(pinned)} cannot be worked out`);
    const domains = reachedDomains([lhs.expr, rhs.expr, left, right], r);
    const shown: Claim['shown'][number][] = [];
    const seen = new Set<Sym>();
    for (const e of [left, right]) {
      for (const s of freeSet(e)) {
        if (seen.has(s)) continue;
        seen.add(s);
        shown.push({ sym: s, label: symLatex(s), value: r.final(s) });
      }
    }
    const implied = withRoundedInputs(impliedTolerance([[finalLeft, lhs.latex], [finalRight, rhs.latex]]), freeSet(finalRight).size === 0 ? finalLeft : finalRight)
      ?? (op === '≈' ? fittedTolerance([[finalLeft, lhs.latex], [finalRight, rhs.latex]]) : null);
    // The chain-rule factors serve only the diagnosis of a wrong step: worked out when it asks.
    let factors: Claim['factors'] | undefined;
    const sides = [lhs.expr, rhs.expr];
    const claim: Claim = {
      op, left: finalLeft, right: finalRight, shown, implied,
      get factors() {
        factors ??= lazily(() => chainFactors(sides, r, budget));
        return factors;
      },
    };
    return { ok: true, claim, domains };
  } catch (err) {
    if (err instanceof Unprepared) return { ok: false, code: err.code, detail: err.message };
    throw err;
  }
}

/**
 * Derivatives a chain rule multiplies together, for the `missing-factor` diagnosis: for each
 * ∂B/∂v written in the step, the partial derivatives along the chain of definitions between B
 * and v (∂a/∂z, ∂z/∂w₁), and the derivatives of the inner expressions of B (d(x²)/dx).
 */
/**
 * A side that is nothing but the derivative of a function the notes never define, the other side
 * without that function (`g'(z) = 1 - \tanh^2(z)` after "g is the tanh" in prose): the step says
 * what g is, which the notes did not, so it cannot be judged. A computation that drops a term of
 * such a function (∂a/∂z = f'(z) for a = f(z) + g(z)) is still wrong for every g but constants,
 * and a function on both sides (∂a/∂w = g'(z) x) is judged for every g at once.
 */
function pinnedDerivative(left: Expr, right: Expr): Apply | null {
  const heads = (e: Expr): Set<Sym> => {
    const out = new Set<Sym>();
    transform(e, (x) => {
      if (x.kind === 'apply' && typeof x.fn !== 'string') out.add(x.fn);
      return x;
    });
    return out;
  };
  for (const [one, other] of [[left, right], [right, left]] as const) {
    if (one.kind === 'apply' && typeof one.fn !== 'string' && one.primes > 0 && !heads(other).has(one.fn)) return one;
  }
  return null;
}

/** What a preparation step gives when asked later, or nothing when it cannot be prepared (a budget ran out). */
function lazily<T>(f: () => readonly T[]): readonly T[] {
  try {
    return f();
  } catch (err) {
    if (err instanceof Unprepared) return [];
    throw err;
  }
}

function chainFactors(sides: readonly Expr[], r: Resolver, budget: Budget | undefined): Claim['factors'] {
  const out: { label: string; value: Expr }[] = [];
  const seen = new Set<Expr>();
  const add = (label: string, d: Expr): void => {
    if (out.length >= MAX_FACTORS) return;
    let value: Expr;
    try {
      value = r.final(r.expand(d, budget), budget);
    } catch (err) {
      if (err instanceof Unprepared) return;
      throw err;
    }
    if (seen.has(value) || value.kind === 'num') return;
    seen.add(value);
    out.push({ label, value });
  };
  const derivs: { body: Expr; v: Sym; partial: boolean }[] = [];
  for (const side of sides) {
    transform(side, (x) => {
      if (x.kind === 'deriv' && x.wrt.length === 1) derivs.push({ body: x.body, v: x.wrt[0]!, partial: x.partial });
      return x;
    });
  }
  const defs = r.scope.defs;
  for (const { body, v, partial } of derivs) {
    // Defined symbols between the body and v: each one's partial derivatives in the symbols its definition uses.
    const chain = new Set<Sym>();
    const walk = (e: Expr): void => {
      for (const s of freeSet(e)) {
        if (s === v || chain.has(s) || !defs.has(s)) continue;
        chain.add(s);
        walk(defs.get(s)!);
      }
    };
    walk(body);
    for (const s of chain) {
      for (const t of freeSet(defs.get(s)!)) {
        if (t !== v && !chain.has(t)) continue;
        const d = deriv(s, [t], partial);
        add(`${toLatex(d)} = ${toLatex(r.expand(d, budget))}`, d);
      }
    }
    // Inner expressions of the body (function arguments and bases of powers) that depend on v.
    const inner = r.resolve(stripNotes(body), v);
    transform(inner, (x) => {
      const parts = x.kind === 'apply' ? x.args : x.kind === 'pow' ? [x.base] : [];
      for (const u of parts) {
        if (u.kind === 'sym' || !freeSet(u).has(v)) continue;
        const d = deriv(u, [v], partial);
        add(`${toLatex(r.expand(d, budget))} = ${toLatex(d)}`, d);
      }
      return x;
    });
  }
  return out;
}

/** Decimals of this many significant digits or more are values carried, rounded, from earlier lines (0.75136507), not data (0.15). */
const ROUNDED_DIGITS = 5;

/** The decimal places of a terminating decimal, exactly (its printed form stops at 15). */
function placesOf(v: Fraction): number {
  let places = 0;
  for (let p = 1n; p % v.d !== 0n; p *= 10n) places++;
  return places;
}

/** The significant digits of a terminating decimal: 0.75136507 has 8. */
const digitsOf = (v: Fraction): number => String(v.n * (10n ** BigInt(placesOf(v)) / v.d)).length;

/** The decimals in `e` long enough to be values carried rounded from earlier lines. */
function roundedDecimals(e: Expr): Set<Expr & { kind: 'num' }> {
  const out = new Set<Expr & { kind: 'num' }>();
  transform(e, (x) => {
    if (x.kind === 'num' && x.decimal && digitsOf(x.value) >= ROUNDED_DIGITS) out.add(x);
    return x;
  });
  return out;
}

/** A number worked out from such decimals: a worked example's value at its point. */
const isRoundedValue = (e: Expr): boolean => freeSet(e).size === 0 && roundedDecimals(e).size > 0;

/**
 * The tolerance of a numeric claim widened by what its rounded inputs carry: in
 * `\frac12(0.01 - 0.75136507)^2 = 0.274811083` the 0.75136507 is itself rounded to its last
 * place, and the result may differ from the exact one by what half a unit there makes. Each such
 * decimal in the closed side is moved by half a unit in its last place, and the changes are added.
 */
function withRoundedInputs(t: Tolerance | null, side: Expr): Tolerance | null {
  if (t === null || freeSet(side).size > 0) return t;
  const inputs = roundedDecimals(side);
  if (inputs.size === 0) return t;
  const base = evaluate(side, new Map());
  if (!Number.isFinite(base)) return t;
  let carried = 0;
  for (const n of inputs) {
    const moved = evaluate(substitute(side, new Map([[n, num(n.value.add(new Fraction(1n, 2n * 10n ** BigInt(placesOf(n.value)))))]])), new Map());
    if (Number.isFinite(moved)) carried += Math.abs(moved - base);
  }
  return { rel: t.rel, abs: t.abs + carried * 1.001 };
}

/**
 * `\mathrm{GELU}(x) \approx x\sigma(1.702x)`: a function approximated by another with fitted
 * constants (decimals written in it) is as good as its fit, a few hundredths of the function's
 * size, not the digits of its constants: within 5 % of the larger side or 0.05.
 */
export const FITTED: Tolerance = { rel: 0.05, abs: 0.05 };
function fittedTolerance(sides: readonly (readonly [Expr, string])[]): Tolerance | null {
  return sides.every(([e]) => freeSet(e).size > 0) && sides.some(([, latex]) => decimals(latex).length > 0) ? FITTED : null;
}

/** Decimal literals in the written text: value and number of decimals. */
function decimals(latex: string): { value: number; places: number }[] {
  return [...latex.matchAll(/(?<![\d.])(\d*)\.(\d+)(?![\d.])/g)].map((m) => ({ value: Number(m[0]), places: m[2]!.length }));
}

/**
 * The tolerance implied by the digits of a numeric claim, read from the approximation: the right
 * side when nothing is left to sample in it (`\approx 0.99995`, `\approx 4.5 \times 10^{-5}`), else
 * the left side. Written decimals claim the value to half a unit in their last place, relative
 * to the literal; a side without decimals (`\approx 0`) implies nothing, and the tolerance from
 * the front matter (or its default) applies.
 */
export function impliedTolerance(sides: readonly (readonly [Expr, string])[]): Tolerance | null {
  const closed = [...sides].reverse().find(([e]) => freeSet(e).size === 0);
  if (closed === undefined) return null;
  let rel = 0;
  let abs = 0;
  for (const d of decimals(closed[1])) {
    const half = 0.5 * 10 ** -d.places;
    if (d.value === 0) abs = Math.max(abs, half);
    else rel = Math.max(rel, half / Math.abs(d.value));
  }
  // A little slack: a value that rounds to the written digits may sit exactly on the half unit.
  return rel === 0 && abs === 0 ? null : { rel: rel * 1.001, abs: abs * 1.001 };
}
