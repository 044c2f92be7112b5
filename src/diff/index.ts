/**
 * The differentiation stage's public face.
 *
 * `differentiate(e, v)` walks the tree once per order with the rules of ./engine.ts and the
 * function table's templates (./templates.ts), recording every rule application.
 *
 * Definitions follow the backprop convention: to take ∂B/∂v, defined functions are expanded by
 * substitution, and a defined symbol other than v is differentiated through its definition
 * where it appears differentiated, but is left as the symbol elsewhere. So the result may
 * contain defined symbols (`a`), which a caller replaces by their definitions to evaluate.
 */
import type { Apply, Expr, Sym } from '../core/expr.js';
import { isFnName } from '../core/functions.js';
import { isStackOverflow } from '../core/errors.js';
import { MAX_DERIVATIVE_ORDER } from '../core/limits.js';
import { unknownFunctionNames } from '../core/names.js';
import { sym } from '../core/expr.js';
import { exprToken, isIndexToken, joinSub, subTokens } from '../core/indices.js';
import { definitionOf, freeSet, indexLetters, substitute, symbolsIn, transform } from '../core/walk.js';
import { DEFAULT_MAX_SIZE, DEFAULT_MAX_STEPS, Differentiator, sized, tableDerivative, type EngineOptions, type Tally } from './engine.js';
import { DiffError, diffError, type DiffErrorInfo } from './errors.js';
import { settleKinks, tidyDerivative } from './kinks.js';
import { instantiate, kinkTemplates } from '../parse/templates.js';
import type { DiffOptions, DiffResult, DiffStep, FunctionDef } from './types.js';

export type { DiffOptions, DiffResult, DiffStep, FunctionDef } from './types.js';
export { DiffError, type DiffErrorCode, type DiffErrorInfo } from './errors.js';
export { ruleLabel, allRuleIds, STRUCTURAL_RULES } from './rules.js';

export type DiffOutcome = { ok: true; value: DiffResult } | { ok: false; error: DiffErrorInfo };

/**
 * The derivative of `e` with respect to `wrt`, its cases stated on `wrt` and its kinks those
 * where it has no derivative (./kinks.ts). Throws `DiffError` only when a limit is reached (rule
 * applications, size of a pass, order, the caller's budget) or the definitions are cyclic or
 * malformed; `tryDifferentiate` returns those as values.
 */
export function differentiate(e: Expr, wrt: Sym, options: DiffOptions = {}): DiffResult {
  return differentiateN(e, wrt, 1, options);
}

/** The order-`n` derivative (n ≥ 1), rule applications of every order in one trace. */
export function differentiateN(e: Expr, wrt: Sym, order: number, options: DiffOptions = {}): DiffResult {
  checkOrder(order);
  const ctx = new Context(options);
  const prepared = ctx.expand(e);
  const partial = [...freeSet(prepared)].some((s) => s !== wrt) || ctx.defs.size > 0;
  const run = (from: Expr, c: Context, trace: boolean): { previous: Expr; current: Expr } => {
    let previous = from;
    let current = from;
    for (let k = 0; k < order; k++) {
      previous = current;
      current = c.pass(current, wrt, partial, trace);
    }
    return { previous, current };
  };
  const written = run(prepared, ctx, options.trace ?? true);
  // The result of the recognised input (same value, named functions' textbook derivatives); the trace stays the written one's.
  const named = options.recognise?.(prepared) ?? prepared;
  const defs = recognisedDefinitions(options);
  const other = named === prepared && defs === options.defs ? null : new Context({ ...options, ...(defs === undefined ? {} : { defs }), trace: false });
  const { previous, current } = other === null ? written : run(named, other, false);
  const kinks = (other ?? ctx).kinks;
  const tidy = tidyDerivative(current, wrt);
  const settled = settleKinks([...kinks], previous, tidy, wrt, ctx.defs.size > 0 || (options.functions?.size ?? 0) > 0);
  const unknownFunctions = unknownFunctionNames(e, new Set(options.functions?.keys() ?? []));
  return { expr: settled.derivative, steps: ctx.steps, kinks: settled.kinks, unknownFunctions };
}

/** The definitions with catalogue functions recognised in them (`p_i = \frac{e^{z_i}}{\sum_k e^{z_k}}` is a softmax), or the same map when none changes. */
export function recognisedDefinitions(options: DiffOptions): ReadonlyMap<Sym, Expr> | undefined {
  const { recognise, defs } = options;
  if (recognise === undefined || defs === undefined) return defs;
  const out = new Map([...defs].map(([s, v]) => [s, recognise(v)] as const));
  return [...out].every(([s, v]) => defs.get(s) === v) ? defs : out;
}

export function tryDifferentiate(e: Expr, wrt: Sym, options: DiffOptions = {}, order = 1): DiffOutcome {
  try {
    return { ok: true, value: differentiateN(e, wrt, order, options) };
  } catch (err) {
    if (err instanceof DiffError) return { ok: false, error: err.info };
    // The walk recurses once per level of nesting; a tree deeper than the stack is input, not a bug.
    if (isStackOverflow(err)) return { ok: false, error: diffError('too-deep') };
    throw err;
  }
}

/**
 * Replace every `deriv` node, and every primed application of a table function (σ'(z)) or of
 * a defined user function (L'(a)), by the derivative it stands for. A primed application of an
 * unknown user function (f'(x)) stays, and so does an unprimed application of a defined one
 * (L(a)) outside a derivative.
 */
export function expandDerivatives(e: Expr, options: DiffOptions = {}): Expr {
  return new Context({ ...options, trace: false }).expand(e, false);
}

/**
 * Write definitions back as their symbols (`σ(w_1 x_1 + b)` → `a` when `a = σ(w_1 x_1 + b)`),
 * innermost first, so results read in the names the user gave. Definitions that are a bare
 * symbol or number are not folded (every `3` is not `c` just because `c = 3`).
 */
export function foldDefinitions(e: Expr, defs: ReadonlyMap<Sym, Expr>, keep?: Sym): Expr {
  const back = new Map<Expr, Expr>();
  const tokens = [...indexTokens(e)];
  for (const [s, v] of defs) {
    if (v.kind === 'sym' || v.kind === 'num' || v.kind === 'const') continue;
    // A family `p_i = …` folds at every index the expression uses: p_j, p_k, p_2.
    for (const entry of familyEntries(s, tokens)) {
      const value = definitionOf(defs, entry);
      if (entry !== keep && value !== undefined) back.set(value, entry);
    }
  }
  let out = e;
  for (let i = 0; i <= back.size; i++) {
    const next = substitute(out, back);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Most entries of one family folded back (index letters of the expression to the family's arity). */
const MAX_FAMILY_ENTRIES = 256;

/** Index tokens an expression uses: letters, and the numbers of its subscripts and entries. */
function indexTokens(e: Expr): Set<string> {
  const out = indexLetters(e);
  for (const s of symbolsIn(e)) for (const t of subTokens(s.sub)) if (/^\d+$/.test(t)) out.add(t);
  transform(e, (x) => {
    const t = x.kind === 'apply' && x.fn === 'component' ? exprToken(x.args[1]!) : null;
    if (t !== null) out.add(t);
    return x;
  });
  return out;
}

/** `s` itself, and when it names a family (`p_i`, `W_{ij}`), its entries at every choice of `tokens`. */
function familyEntries(s: Sym, tokens: readonly string[]): Sym[] {
  const letters = subTokens(s.sub);
  if (letters.length === 0 || !letters.every(isIndexToken) || new Set(letters).size !== letters.length || tokens.length ** letters.length > MAX_FAMILY_ENTRIES) return [s];
  let subs: string[][] = [[]];
  for (let i = 0; i < letters.length; i++) subs = subs.flatMap((p) => tokens.map((t) => [...p, t]));
  return [s, ...subs.map((sub) => sym(s.name, { sub: joinSub(sub), layer: s.layer, accent: s.accent, primes: s.primes }))];
}

function checkOrder(order: number): void {
  if (order > MAX_DERIVATIVE_ORDER) throw new DiffError(diffError('order-limit', { order, limit: MAX_DERIVATIVE_ORDER }));
}

/** State of one call: definitions expanded once, the shared trace, kinks and step budget. */
class Context {
  readonly steps: DiffStep[] = [];
  readonly kinks = new Set<Expr>();
  readonly defs: Map<Sym, Expr>;
  private readonly tally: Tally;
  private readonly trace: boolean;
  private readonly self: boolean;
  private readonly functions: ReadonlyMap<Sym, FunctionDef>;
  private readonly bodies = new Map<Sym, Expr | 'pending'>();

  constructor(options: DiffOptions) {
    this.trace = options.trace ?? true;
    this.self = options.self ?? true;
    this.tally = { used: 0, limit: options.maxSteps ?? DEFAULT_MAX_STEPS, maxSize: options.maxSize ?? DEFAULT_MAX_SIZE, shared: options.budget };
    this.functions = options.functions ?? new Map();
    this.defs = new Map();
    for (const [s, v] of options.defs ?? []) this.defs.set(s, this.expand(v));
  }

  private engineOptions(partial: boolean, trace = this.trace): EngineOptions {
    return { defs: this.defs, self: this.self, trace, maxSteps: this.tally.limit, partial };
  }

  /** One differentiation pass; its steps and kinks join the call's. */
  pass(e: Expr, wrt: Sym, partial: boolean, trace = this.trace): Expr {
    const d = new Differentiator(wrt, this.engineOptions(partial, trace), this.tally);
    const out = sized(d.d(e), this.tally);
    this.steps.push(...d.steps);
    for (const k of d.kinks) this.kinks.add(k);
    return out;
  }

  /** A defined function's body with defined functions inside it expanded. */
  private body(f: Sym): Expr {
    const hit = this.bodies.get(f);
    if (hit === 'pending') throw new DiffError(diffError('cyclic-definition', { name: f.name }));
    if (hit !== undefined) return hit;
    const def = this.functions.get(f)!;
    this.bodies.set(f, 'pending');
    const out = this.expand(def.body);
    this.bodies.set(f, out);
    return out;
  }

  /**
   * Work out derivatives written in `e`. With `inline`, applications of defined functions are
   * replaced by their bodies too (differentiation needs that); without, only primed ones are,
   * and the bodies of derivatives.
   */
  expand(e: Expr, inline = true): Expr {
    return transform(e, (x) => {
      if (x.kind === 'apply') return this.expandApply(x, inline);
      if (x.kind === 'deriv') {
        const body = inline ? x.body : this.expand(x.body, true);
        checkOrder(x.wrt.length);
        const partial = x.partial || [...freeSet(body)].some((s) => !x.wrt.includes(s));
        return x.wrt.reduce<Expr>((acc, v) => this.pass(acc, v, partial), body);
      }
      return x;
    });
  }

  private expandApply(x: Apply, inline: boolean): Expr {
    if (typeof x.fn === 'string') {
      if (x.primes === 0 || !isFnName(x.fn)) return x;
      const fn = x.fn;
      const out = tableDerivative(fn, x.args, x.primes, { options: this.engineOptions(false, false), tally: this.tally });
      if (this.trace) this.steps.push({ rule: `d-${fn}`, expr: x, result: out });
      for (const k of kinkTemplates(fn)) this.kinks.add(instantiate(fn, k, x.args));
      return out;
    }
    const def = this.functions.get(x.fn);
    if (def === undefined || (x.primes === 0 && !inline)) return x;
    if (def.params.length !== x.args.length) {
      throw new DiffError(diffError('bad-definition', { name: x.fn.name, why: `it takes ${def.params.length} argument(s), given ${x.args.length}` }));
    }
    let body = this.body(x.fn);
    if (x.primes > 0) {
      if (def.params.length !== 1) {
        throw new DiffError(diffError('bad-definition', { name: x.fn.name, why: 'primes need a function of one argument' }));
      }
      checkOrder(x.primes);
      for (let k = 0; k < x.primes; k++) body = this.pass(body, def.params[0]!, false, false);
    }
    const out = substitute(body, new Map(def.params.map((p, i) => [p as Expr, x.args[i]!])));
    if (this.trace) this.steps.push({ rule: 'd-definition', expr: x, result: out });
    return out;
  }
}

