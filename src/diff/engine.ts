/**
 * The differentiator: one walk over the tree with respect to one symbol, applying a named
 * rule at each node and recording it. Structural rules live in the switch below; every named
 * function goes through one generic chain rule that instantiates the table's template.
 *
 * Results stay small because derivatives of shared subtrees are computed once (memo keyed by
 * node, so sharing in the input is sharing in the output), zero terms are never built, and
 * defined symbols (`a = σ(z)`) stay in the result: ∂a/∂w is worked out from the definition
 * but `a` itself is not expanded where it appears undifferentiated.
 */
import {
  ONE, ZERO, add, apply, assertNever, bigop, deriv, isNum, isReciprocal, isZero, mul, num, piecewise, pow, rel, sym,
  type Apply, type Expr, type Piece, type Pow, type Rel, type RelOp, type Sym,
} from '../core/expr.js';
import { isEntryOf, isIndexToken, subTokens, tokenExpr } from '../core/indices.js';
import { isFnName, type FnName } from '../core/functions.js';
import { BudgetExceeded, type Budget } from '../core/budget.js';
import { MAX_DERIVATIVE_ORDER } from '../core/limits.js';
import { containsDeriv, definitionOf, freshenBound, size, substitute, symbolsIn } from '../core/walk.js';
import { DiffError, diffError } from './errors.js';
import { tableRule } from './rules.js';
import {
  U, definitionTemplate, instantiate, instantiateVector, kinkTemplates, scaledVector, vectorCall, type VectorCall,
} from '../parse/templates.js';
import { partialTemplate } from './templates.js';
import type { DiffStep } from './types.js';

/**
 * Functions written without a name to prime (e^u, |u|, log_b u) or whose primed name reads
 * oddly (ln'): the trace shows their rule and the chain rule in one step, as textbooks do:
 * d/dz e^{-z} = e^{-z} · d/dz(−z).
 */
const NO_PRIME_NOTATION: ReadonlySet<string> = new Set(['exp', 'ln', 'log', 'abs']);

/** Default cap on rule applications per derivative: far above any textbook input, low enough to stop quickly. */
export const DEFAULT_MAX_STEPS = 200_000;

export interface EngineOptions {
  readonly defs: ReadonlyMap<Sym, Expr>;
  readonly self: boolean;
  readonly trace: boolean;
  readonly maxSteps: number;
  readonly partial: boolean;
}

/** Default cap on the size (printed nodes) of one pass's result: order 8 of σ fits, order 9 does not. */
export const DEFAULT_MAX_SIZE = 2_000_000;

/**
 * What one call may spend, shared across its passes (higher orders, nested derivatives): rule
 * applications counted against `limit`, and the caller's time and work budget, if any.
 */
export interface Tally { used: number; readonly limit: number; readonly maxSize: number; readonly shared: Budget | undefined }

/** One rule application: counted, and charged to the caller's budget (its limits become DiffErrors). */
export function spend(t: Tally): void {
  if (++t.used > t.limit) throw new DiffError(diffError('step-limit', { limit: t.limit }));
  try {
    t.shared?.charge();
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    throw new DiffError(err.exhausted === 'time' ? diffError('time-limit', { why: err.message }) : diffError('step-limit', { limit: err.budget.maxWork }));
  }
}

/** A pass's result, refused when it has grown past the size limit (before anyone prints or samples it). */
export function sized(e: Expr, t: Tally): Expr {
  if (size(e) > t.maxSize) throw new DiffError(diffError('too-large', { limit: t.maxSize }));
  return e;
}

export class Differentiator {
  readonly steps: DiffStep[] = [];
  readonly kinks = new Set<Expr>();
  private readonly memo = new Map<Expr, Expr>();
  private readonly deps = new Map<Expr, boolean>();
  private readonly symDeps = new Map<Sym, boolean | 'pending'>();

  constructor(readonly v: Sym, readonly options: EngineOptions, readonly tally: Tally) {}

  /** Whether `e` varies with the variable, through definitions too. */
  depends(e: Expr): boolean {
    const hit = this.deps.get(e);
    if (hit !== undefined) return hit;
    let out = false;
    // Components a sum binds count too: Σ_k e^{z_k} varies with z_j.
    for (const s of symbolsIn(e)) {
      if (s === this.v || this.symDepends(s)) {
        out = true;
        break;
      }
    }
    this.deps.set(e, out);
    return out;
  }

  private symDepends(s: Sym): boolean {
    if (componentPairs(s, this.v) !== null || isEntryOf(this.v, s)) return true;
    const hit = this.symDeps.get(s);
    if (hit === 'pending') throw new DiffError(diffError('cyclic-definition', { name: s.name }));
    if (hit !== undefined) return hit;
    const def = s === this.v ? undefined : definitionOf(this.options.defs, s);
    if (def === undefined) return false;
    this.symDeps.set(s, 'pending');
    const out = this.depends(def);
    this.symDeps.set(s, out);
    return out;
  }

  private record(rule: string, expr: Expr, result: Expr): void {
    spend(this.tally);
    if (this.options.trace) this.steps.push({ rule, expr, result });
  }

  /** The unevaluated derivative of `e`, as it appears in a trace. */
  private dd(e: Expr): Expr {
    return deriv(e, [this.v], this.options.partial);
  }

  d(e: Expr): Expr {
    const hit = this.memo.get(e);
    if (hit !== undefined) return hit;
    const out = this.rule(e);
    this.memo.set(e, out);
    return out;
  }

  private rule(e: Expr): Expr {
    if (e === this.v) {
      this.record('d-variable', this.dd(e), ONE);
      return ONE;
    }
    if (!this.depends(e)) {
      if (!isNum(e)) this.record('d-constant', this.dd(e), ZERO);
      return ZERO;
    }
    switch (e.kind) {
      case 'num': case 'const': return ZERO;
      case 'sym': return this.symbol(e);
      case 'add': {
        // The trace keeps the constant terms (minus bare numbers), so the constant rule shows them vanish.
        this.record('d-sum', this.dd(e), add(...e.terms.filter((t) => !isNum(t)).map((t) => this.dd(t))));
        return add(...e.terms.map((t) => this.d(t)).filter((t) => !isZero(t)));
      }
      case 'mul': return this.product(e.factors, e);
      case 'pow': return this.power(e);
      case 'apply': return this.application(e);
      case 'deriv': {
        // Inner derivatives are expanded before the walk; one left here cannot be worked out.
        this.record('d-unevaluated', this.dd(e), this.dd(e));
        return this.dd(e);
      }
      case 'piecewise': return this.branches(e.pieces, e);
      case 'sum': {
        // The variable's own index letter, bound in the sum, is another letter there: ∂/∂p_k of Σ_k y_k ln p_k is Σ_m y_m δ_{mk}/p_m.
        if (subTokens(this.v.sub).includes(e.index.name)) return this.d(freshenBound(e, new Set(subTokens(this.v.sub))));
        if ((e.lo !== null && this.depends(e.lo)) || (e.hi !== null && this.depends(e.hi)) || e.op === 'max' || e.op === 'min') {
          this.record('d-unevaluated', this.dd(e), this.dd(e));
          return this.dd(e);
        }
        const body = this.d(e.body);
        if (e.op === 'prod') {
          // (Π f_k)' = Π f_k · Σ f_k'/f_k, the product rule over every factor.
          const out = isZero(body) ? ZERO : mul(e, bigop('sum', e.index, e.lo, e.hi, mul(body, pow(e.body, num(-1)))));
          this.record('d-product', this.dd(e), out);
          return out;
        }
        this.record('d-sum', this.dd(e), bigop('sum', e.index, e.lo, e.hi, this.dd(e.body)));
        return isZero(body) ? ZERO : bigop('sum', e.index, e.lo, e.hi, body);
      }
      case 'rel': {
        this.record('d-relation', this.dd(e), rel(e.ops, e.args.map((a) => this.dd(a))));
        return rel(e.ops, e.args.map((a) => this.d(a)));
      }
      case 'note': {
        this.record('d-note', this.dd(e), this.dd(e.body));
        return this.d(e.body);
      }
      case 'at': {
        // f(x)|_{x=a} is f(a) once no derivative is left in f (those are expanded before the walk).
        if (containsDeriv(e.body)) {
          this.record('d-unevaluated', this.dd(e), this.dd(e));
          return this.dd(e);
        }
        return this.d(substitute(e.body, new Map([[e.v, e.value]])));
      }
      default: return assertNever(e);
    }
  }

  private symbol(s: Sym): Expr {
    // ∂z_k/∂z_j = δ_{kj}: another component of the same vector, through its indices.
    const pairs = componentPairs(s, this.v);
    if (pairs !== null) {
      const out = mul(...pairs.map(([a, b]) => apply('kronecker', [a, b])));
      this.record('d-component', this.dd(s), out);
      return out;
    }
    // ∂\mathbf{z}/∂z_j is a unit vector, which a scalar tree cannot write: it stays a derivative.
    if (isEntryOf(this.v, s)) {
      this.record('d-unevaluated', this.dd(s), this.dd(s));
      return this.dd(s);
    }
    const def = definitionOf(this.options.defs, s);
    if (def === undefined) return ZERO;
    this.record('d-substitute', this.dd(s), this.dd(def));
    return this.d(def);
  }

  private product(factors: readonly Expr[], e: Expr): Expr {
    const consts = factors.filter((f) => !this.depends(f));
    const vary = factors.filter((f) => this.depends(f));
    if (consts.length > 0) {
      const rest = mul(...vary);
      this.record('d-constant-multiple', this.dd(e), mul(...consts, this.dd(rest)));
      return mul(...consts, this.d(rest));
    }
    const over = vary.filter((f) => !isReciprocal(f));
    const under = vary.filter(isReciprocal);
    if (over.length > 0 && under.length > 0) {
      const n = mul(...over);
      const den = mul(...under.map(denominatorPart));
      this.record('d-quotient', this.dd(e), mul(add(mul(this.dd(n), den), mul(num(-1), n, this.dd(den))), pow(den, num(-2))));
      const dn = this.d(n);
      const dden = this.d(den);
      const top = add(...[mul(dn, den), mul(num(-1), n, dden)].filter((t) => !isZero(t)));
      return mul(top, pow(den, num(-2)));
    }
    this.record('d-product', this.dd(e), add(...vary.map((_, i) => mul(...vary.map((g, j) => (i === j ? this.dd(g) : g))))));
    const terms: Expr[] = [];
    vary.forEach((f, i) => {
      const df = this.d(f);
      if (!isZero(df)) terms.push(mul(...vary.map((g, j) => (i === j ? df : g))));
    });
    return add(...terms);
  }

  private power(e: Pow): Expr {
    const { base, exp } = e;
    const db = this.depends(base);
    const dx = this.depends(exp);
    if (db && !dx) {
      const outer = mul(exp, pow(base, exp.kind === 'num' ? num(exp.value.sub(1)) : add(exp, num(-1))));
      this.record('d-power', this.dd(e), base === this.v ? outer : mul(outer, this.dd(base)));
      return mul(outer, this.d(base));
    }
    if (!db) {
      const outer = mul(e, apply('ln', [base]));
      this.record('d-exponential', this.dd(e), mul(outer, this.dd(exp)));
      return mul(outer, this.d(exp));
    }
    // (u^v)' = u^v (v' ln u + v u'/u)
    const shape = (dB: Expr, dX: Expr): Expr =>
      mul(e, add(...[mul(dX, apply('ln', [base])), mul(ratio(exp, base), dB)].filter((t) => !isZero(t))));
    this.record('d-general-power', this.dd(e), shape(this.dd(base), this.dd(exp)));
    return shape(this.d(base), this.d(exp));
  }

  private application(e: Apply): Expr {
    if (typeof e.fn !== 'string') return this.userFunction(e, e.fn);
    const call = vectorCall(e);
    if (call !== null) return this.vectorApplication(e, call);
    if (!isFnName(e.fn)) {
      this.record('d-unevaluated', this.dd(e), this.dd(e));
      return this.dd(e);
    }
    const fn = e.fn;
    if (e.primes > 0) {
      // Primed table functions are expanded beforehand; this is a safety net.
      const expanded = tableDerivative(fn, e.args, e.primes, this);
      return this.d(expanded);
    }
    const varying = e.args.map((a, i) => [a, i] as const).filter(([a]) => this.depends(a));
    const partials = varying.map(([, i]) => partialTemplate(fn, i));
    if (partials.some((p) => p === null) || (!this.options.self && definitionTemplate(fn) !== null)) {
      const def = definitionTemplate(fn);
      if (def === null) {
        this.record('d-unevaluated', this.dd(e), this.dd(e));
        return this.dd(e);
      }
      const body = instantiate(fn, def, e.args);
      this.record('d-definition', e, body);
      return this.d(body);
    }
    // A kink matters when its location moves with the variable (ReLU(y)·x has none in x).
    for (const k of kinkTemplates(fn)) {
      const at = instantiate(fn, k, e.args);
      if (this.depends(at)) this.kinks.add(at);
    }
    if (varying.length === 1 && varying[0]![1] === 0) {
      const g = e.args[0]!;
      const outer = instantiate(fn, partials[0]!, e.args);
      if (g === this.v) {
        this.record(tableRule(fn), this.dd(e), outer);
        return outer;
      }
      if (NO_PRIME_NOTATION.has(fn)) {
        this.record(tableRule(fn), this.dd(e), times(outer, this.dd(g)));
      } else {
        const primed = apply(fn, e.args, 1);
        this.record('d-chain', this.dd(e), mul(primed, this.dd(g)));
        this.record(tableRule(fn), primed, outer);
      }
      return times(outer, this.d(g));
    }
    const outers = varying.map((_, k) => instantiate(fn, partials[k]!, e.args));
    this.record(tableRule(fn), this.dd(e), sumMerging(varying.map(([a], k) => times(outers[k]!, a === this.v ? ONE : this.dd(a)))));
    return sumMerging(varying.map(([a], k) => times(outers[k]!, this.d(a))));
  }

  /**
   * A function of a whole vector by one of its entries: `softmax(\mathbf{z})_i` by z_j is the
   * table's ∂f_i/∂u_j with \mathbf{u} = \mathbf{z}; of c\mathbf{z}, c times that at c\mathbf{z}.
   * By anything else (an entry of another vector inside it, a weight of W\mathbf{x}) it stays a
   * derivative.
   */
  private vectorApplication(e: Apply, call: VectorCall): Expr {
    const v = scaledVector(call.vector);
    const j = v !== null && isEntryOf(this.v, v.vector) ? tokenExpr(subTokens(this.v.sub)[0]!) : null;
    const indices = new Map<string, Expr>(call.index === null ? [] : [['i', call.index]]);
    if (v === null || j === null || (call.index !== null && this.depends(call.index))) {
      this.record('d-unevaluated', this.dd(e), this.dd(e));
      return this.dd(e);
    }
    const def = definitionTemplate(call.fn);
    if (!this.options.self && def !== null) {
      const body = instantiateVector(def, call.vector, indices)!;
      this.record('d-definition', e, body);
      return this.d(body);
    }
    const out = mul(v.scale, instantiateVector(partialTemplate(call.fn, 0)!, call.vector, indices.set('j', j))!);
    this.record(tableRule(call.fn), this.dd(e), out);
    return out;
  }

  private userFunction(e: Apply, head: Sym): Expr {
    const varying = e.args.filter((a) => this.depends(a));
    if (e.args.length !== 1 || varying.length !== 1) {
      this.record('d-unevaluated', this.dd(e), this.dd(e));
      return this.dd(e);
    }
    const g = e.args[0]!;
    const primed = apply(head, e.args, e.primes + 1);
    if (g === this.v) {
      this.record('d-function', this.dd(e), primed);
      return primed;
    }
    this.record('d-chain', this.dd(e), mul(primed, this.dd(g)));
    return mul(primed, this.d(g));
  }

  private branches(pieces: readonly Piece[], e: Expr): Expr {
    const out: Piece[] = [];
    for (const p of pieces) {
      if (p.cond !== null && p.cond.kind === 'rel') {
        for (const k of boundaries(p.cond)) if (this.depends(k)) this.kinks.add(k);
        // A condition that does not move with the variable holds on the same points for the derivative.
        const open = this.depends(p.cond) ? openCondition(p.cond) : p.cond;
        if (open === null) continue;
        out.push({ value: p.value, cond: open });
      } else out.push(p);
    }
    this.record('d-piecewise', this.dd(e), piecewise(out.map((p) => ({ value: this.dd(p.value), cond: p.cond }))));
    return piecewise(out.map((p) => ({ value: this.d(p.value), cond: p.cond })));
  }
}

/** a/b, with a/a = 1 (the one cancellation worth doing before the simplifier sees it). */
function ratio(a: Expr, b: Expr): Expr {
  return a === b ? ONE : mul(a, pow(b, num(-1)));
}

/** `b^{-k}` as a factor of a denominator: `b^{k}`. */
function denominatorPart(f: Expr): Expr {
  if (f.kind !== 'pow' || f.exp.kind !== 'num') throw new Error('denominatorPart: not a reciprocal');
  return pow(f.base, num(f.exp.value.neg()));
}

/**
 * `t · g'` (the chain rule's outer derivative times the inner one), branch by branch where
 * either is piecewise. Where g' is 0 on a branch, the product is 0 whatever t is there: the
 * branch's condition is open, so g is constant on it and so is f(g) — even where f has no
 * derivative at that constant (ReLU(ReLU(x)) for x < 0 is ReLU(0) throughout, derivative 0).
 */
export function times(t: Expr, g: Expr): Expr {
  if (g.kind === 'piecewise') return piecewise(g.pieces.map((p) => ({ value: isZero(p.value) ? ZERO : times(t, p.value), cond: p.cond })));
  if (t.kind === 'piecewise') return piecewise(t.pieces.map((p) => ({ value: mul(p.value, g), cond: p.cond })));
  return mul(t, g);
}

/** A sum whose piecewise terms share one list of conditions becomes one piecewise. */
export function sumMerging(terms: readonly Expr[]): Expr {
  const nonzero = terms.filter((t) => !isZero(t));
  const pw = nonzero.filter((t) => t.kind === 'piecewise');
  if (pw.length < 2) return add(...nonzero);
  const first = pw[0]!;
  const conds = first.kind === 'piecewise' ? first.pieces.map((p) => p.cond) : [];
  const same = pw.every((t) => t.kind === 'piecewise' && t.pieces.length === conds.length && t.pieces.every((p, i) => p.cond === conds[i]));
  if (!same) return add(...nonzero);
  const rest = nonzero.filter((t) => t.kind !== 'piecewise');
  return piecewise(conds.map((c, i) => ({
    value: add(...rest, ...pw.map((t) => (t as { pieces: readonly Piece[] }).pieces[i]!.value).filter((x) => !isZero(x))),
    cond: c,
  })));
}

/** Points where a condition changes truth: `x > 0` gives `x = 0`. */
function boundaries(c: Rel): Expr[] {
  const out: Expr[] = [];
  c.ops.forEach((op, i) => {
    if (op === '<' || op === '≤' || op === '>' || op === '≥') out.push(rel(['='], [c.args[i]!, c.args[i + 1]!]));
  });
  return out;
}

const OPEN: Record<RelOp, RelOp | null> = { '<': '<', '≤': '<', '>': '>', '≥': '>', '≠': '≠', '=': null, '≈': null };

/** The interior of a condition (a derivative at a boundary is one-sided), or null if it is only a point. */
function openCondition(c: Rel): Expr | null {
  const ops = c.ops.map((o) => OPEN[o]);
  if (ops.some((o) => o === null)) return null;
  return rel(ops as RelOp[], c.args);
}

/** Order-k derivative of a table function at given arguments, in its first argument. */
export function tableDerivative(fn: FnName, args: readonly Expr[], order: number, parent: { options: EngineOptions; tally: Tally }): Expr {
  if (order > MAX_DERIVATIVE_ORDER) throw new DiffError(diffError('order-limit', { order, limit: MAX_DERIVATIVE_ORDER }));
  const pass = (e: Expr): Expr => sized(new Differentiator(U, { ...parent.options, defs: new Map(), trace: false, partial: false }, parent.tally).d(e), parent.tally);
  let t = partialTemplate(fn, 0);
  if (t === null) {
    const def = definitionTemplate(fn);
    if (def === null) return apply(fn, args, order);
    t = pass(def);
  }
  for (let k = 1; k < order; k++) t = pass(t);
  return instantiate(fn, t, args);
}

/**
 * When `s` and `v` are components of one vector whose indices may coincide (`z_k` and `z_j`,
 * `W_{ik}` and `W_{jk}`), the index pairs that must be equal for them to be the same component;
 * null when they are different names or certainly different components (`z_1`, `z_2`).
 */
export function componentPairs(s: Sym, v: Sym): [Expr, Expr][] | null {
  if (s === v || s.name !== v.name || s.layer !== v.layer || s.accent !== v.accent || s.primes !== v.primes) return null;
  const [a, b] = [subTokens(s.sub), subTokens(v.sub)];
  if (a.length === 0 || a.length !== b.length) return null;
  const pairs: [Expr, Expr][] = [];
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (!isIndexToken(x) && !isIndexToken(y)) return null;
    const token = (t: string): Expr => (isIndexToken(t) ? sym(t) : num(t));
    pairs.push([token(x), token(y)]);
  }
  return pairs.length === 0 ? null : pairs;
}
