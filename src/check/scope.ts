/**
 * What a step may refer to at its place in the file: symbol and function definitions, bindings
 * of symbols to values (`if z = 10`), assumptions (`0 < y < 1`), matrix symbols and the
 * tolerance. A scope is immutable; each definition or binding makes a new one, so every step
 * keeps the scope it was written in.
 */
import { bigop, num, rel, sym, type Expr, type Rel, type Sym } from '../core/expr.js';
import { entryOf, subTokens } from '../core/indices.js';
import { freeSet } from '../core/walk.js';
import type { FunctionDef } from '../diff/index.js';
import { REAL, intersect, type Interval } from '../numeric/sample.js';
import { NO_ASSUMPTIONS, type Assumptions, type SumConstraint } from './evaluate.js';

export interface Scope {
  /** Symbol definitions as written (values may mention other defined symbols). */
  readonly defs: ReadonlyMap<Sym, Expr>;
  readonly functions: ReadonlyMap<Sym, FunctionDef>;
  /** Heads the parser must read as functions (`L` in `L(a)`), as the LaTeX the user writes. */
  readonly functionNames: ReadonlySet<string>;
  /** Symbols bound to values for the steps that follow (until rebound or the next heading). */
  readonly bindings: ReadonlyMap<Sym, Expr>;
  /** Assumptions from the front matter (whole file) and from prose (until the next heading). */
  readonly assumptions: Assumptions;
  readonly localAssumptions: Assumptions;
  readonly matrices: ReadonlySet<Sym>;
  readonly tolerance: number | undefined;
  /**
   * Domains of definitions written with a condition beside them (`g = t^2, \quad t > 0`): a
   * relation, or an expression that must be defined (the branches of `h` so far). A step that
   * uses the symbol is sampled inside it.
   */
  readonly domains: ReadonlyMap<Sym, readonly Expr[]>;
  /** Where each symbol and function was defined, for messages ("h was defined as σ(u) on line 15"). */
  readonly origins: ReadonlyMap<Sym, Origin>;
  /**
   * Values of a worked example found so far (`net_{h1} = … = 0.3775`): put into a step that
   * equates an expression with a number, never into the symbolic steps.
   */
  readonly examples: ReadonlyMap<Sym, Expr>;
  /**
   * Names defined in an earlier sibling section: still usable (the forward pass before the
   * backward pass), but defined again freely (Case 2 after Case 1).
   */
  readonly inherited: ReadonlySet<Sym>;
  /** Conditions on indices for the math right after them ("Case $i \neq j$."), like bindings. */
  readonly indexConditions: readonly Rel[];
  /**
   * Shapes the notes declare (`\mathbf{x} \in \mathbb{R}^{3}`, `W \in \mathbb{R}^{n \times m}`): the
   * sizes (numbers or size symbols), none for a number.
   */
  readonly shapes: ReadonlyMap<Sym, readonly Expr[]>;
  /**
   * Table functions the notes define their own way (`\text{swish}(x) = x\sigma(\beta x)`), by
   * table name: from there on the name is the notes' function (`head`, of `arity` arguments).
   */
  readonly overrides: ReadonlyMap<string, Override>;
  /**
   * Names the notes define in math deriv could not read (`$z = \mathbf{w}^{[2]\,\dagger}\mathbf{a}$`),
   * with the line: a derivative of something that depends on them cannot be worked out.
   */
  readonly unread: ReadonlyMap<Sym, number>;
}

export interface Override { readonly head: Sym; readonly arity: number }

export interface Origin {
  readonly line: number;
  /** The value as written. */
  readonly latex: string;
}

export const EMPTY_SCOPE: Scope = {
  defs: new Map(), functions: new Map(), functionNames: new Set(), bindings: new Map(),
  assumptions: NO_ASSUMPTIONS, localAssumptions: NO_ASSUMPTIONS,
  matrices: new Set(), tolerance: undefined, domains: new Map(), origins: new Map(), examples: new Map(), inherited: new Set(), indexConditions: [], shapes: new Map(), overrides: new Map(), unread: new Map(),
};

const withEntry = <K, V>(m: ReadonlyMap<K, V>, k: K, v: V | undefined): Map<K, V> => {
  const out = new Map(m);
  if (v === undefined) out.delete(k);
  else out.set(k, v);
  return out;
};

/** `s` means `value` from here on (within `domain` when one is given); a binding of `s` ends. */
export function define(scope: Scope, s: Sym, value: Expr, origin?: Origin, domain?: readonly Expr[]): Scope {
  return {
    ...scope,
    inherited: scope.inherited.has(s) ? new Set([...scope.inherited].filter((x) => x !== s)) : scope.inherited,
    defs: withEntry(scope.defs, s, value),
    bindings: withEntry(scope.bindings, s, undefined),
    unread: withEntry(scope.unread, s, undefined),
    domains: withEntry(scope.domains, s, domain === undefined || domain.length === 0 ? undefined : domain),
    origins: origin === undefined ? scope.origins : withEntry(scope.origins, s, origin),
  };
}

export function defineFunction(scope: Scope, head: Sym, def: FunctionDef, name: string, origin?: Origin): Scope {
  return {
    ...scope,
    inherited: scope.inherited.has(head) ? new Set([...scope.inherited].filter((x) => x !== head)) : scope.inherited,
    functions: withEntry(scope.functions, head, def),
    functionNames: new Set([...scope.functionNames, name]),
    origins: origin === undefined ? scope.origins : withEntry(scope.origins, head, origin),
  };
}

/** `s` is defined on `line` in math that could not be read. */
export const defineUnread = (scope: Scope, s: Sym, line: number): Scope => ({ ...scope, unread: withEntry(scope.unread, s, line) });

/** From here on the table function `fn` is the notes' own function `over.head`. */
export const override = (scope: Scope, fn: string, over: Override): Scope => ({ ...scope, overrides: withEntry(scope.overrides, fn, over) });

/**
 * The scope a section starts with after a sibling section: its parent's, and, where the parent
 * does not say otherwise, what the sections before it defined (marked as inherited).
 */
export function afterSibling(parent: Scope, previous: Scope): Scope {
  const later = <K, V>(p: ReadonlyMap<K, V>, q: ReadonlyMap<K, V>): Map<K, V> => new Map([...q, ...p]);
  const inherited = new Set<Sym>(parent.inherited);
  for (const s of [...previous.defs.keys(), ...previous.functions.keys()]) {
    if (!parent.defs.has(s) && !parent.functions.has(s)) inherited.add(s);
  }
  return {
    ...parent,
    defs: later(parent.defs, previous.defs),
    functions: later(parent.functions, previous.functions),
    functionNames: new Set([...parent.functionNames, ...previous.functionNames]),
    domains: later(parent.domains, previous.domains),
    origins: later(parent.origins, previous.origins),
    examples: later(parent.examples, previous.examples),
    shapes: later(parent.shapes, previous.shapes),
    overrides: later(parent.overrides, previous.overrides),
    unread: later(parent.unread, previous.unread),
    inherited,
  };
}

/** The scope without bindings: "Example: $t = 2$" holds for the math right after it, no further. */
export function unbind(scope: Scope): Scope {
  return scope.bindings.size === 0 && scope.indexConditions.length === 0 ? scope : { ...scope, bindings: new Map(), indexConditions: [] };
}

/** Conditions written beside an equation (`t > 1 \quad h = 1`), in force for that span only. */
export function withConditions(scope: Scope, conditions: readonly Rel[]): Scope {
  let out = scope;
  for (const c of conditions) out = assumeLocal(out, c) ?? out;
  return out;
}

export function bind(scope: Scope, s: Sym, value: Expr): Scope {
  const bindings = new Map(scope.bindings);
  bindings.set(s, value);
  return { ...scope, bindings };
}

/** A heading ends bindings and prose assumptions. */
export function newSection(scope: Scope): Scope {
  if (scope.bindings.size === 0 && scope.localAssumptions.conditions.length === 0 && scope.localAssumptions.domains.size === 0) return scope;
  return { ...scope, bindings: new Map(), localAssumptions: EMPTY_SCOPE.localAssumptions };
}

/** The assumptions in force: the file's and the section's together. */
export function assumptionsOf(scope: Scope): Assumptions {
  const local = scope.localAssumptions;
  if (local.domains.size === 0 && local.conditions.length === 0 && local.sums.length === 0) return scope.assumptions;
  return addAll(scope.assumptions, local);
}

function addAll(a: Assumptions, b: Assumptions): Assumptions {
  const domains = new Map(a.domains);
  for (const [s, d] of b.domains) domains.set(s, intersect(domains.get(s) ?? REAL, d) ?? d);
  return { domains, conditions: [...a.conditions, ...b.conditions], sums: [...a.sums, ...b.sums] };
}

const closedValue = (e: Expr): number | null => {
  if (freeSet(e).size > 0) return null;
  if (e.kind === 'num') return e.value.valueOf() as number;
  if (e.kind === 'const') return e.name === 'e' ? Math.E : Math.PI;
  if (e.kind === 'mul' && e.factors.length === 2 && e.factors[0]!.kind === 'num') {
    const k = closedValue(e.factors[1]!);
    return k === null ? null : (e.factors[0].value.valueOf() as number) * k;
  }
  return null;
};

const BOUNDS: Record<string, (x: number) => Interval> = {
  '<': (x) => ({ lo: -Infinity, hi: x, loOpen: true, hiOpen: true }),
  '≤': (x) => ({ lo: -Infinity, hi: x, loOpen: true, hiOpen: false }),
  '>': (x) => ({ lo: x, hi: Infinity, loOpen: true, hiOpen: true }),
  '≥': (x) => ({ lo: x, hi: Infinity, loOpen: false, hiOpen: true }),
};
const FLIP: Record<string, string> = { '<': '>', '≤': '≥', '>': '<', '≥': '≤' };

/**
 * Adds a relation as an assumption: bounds on single symbols (`0 < y < 1`, `x > 0`) become
 * intervals the sampler draws from; anything else (`x > y`) becomes a condition every point must
 * satisfy. Returns null for a relation that cannot be an assumption (`=`, `≈`).
 */
export function assume(a: Assumptions, r: Rel): Assumptions | null {
  const fixed = sumConstraint(r);
  if (fixed !== null) return { ...a, sums: [...a.sums, fixed] };
  const domains = new Map(a.domains);
  let rest = false;
  for (let i = 0; i < r.ops.length; i++) {
    const op = r.ops[i]!;
    if (!(op in BOUNDS)) {
      if (op === '≠') { rest = true; continue; }
      return null;
    }
    const left = r.args[i]!;
    const right = r.args[i + 1]!;
    const [s, k, rel] = left.kind === 'sym' && closedValue(right) !== null ? [left, closedValue(right)!, op]
      : right.kind === 'sym' && closedValue(left) !== null ? [right, closedValue(left)!, FLIP[op]!] : [null, 0, op];
    if (s === null) { rest = true; continue; }
    const d = intersect(domains.get(s) ?? REAL, BOUNDS[rel]!(k));
    if (d === null) return null;
    domains.set(s, d);
  }
  return { domains, conditions: rest ? [...a.conditions, r] : a.conditions, sums: a.sums };
}

/** A one-hot (or probability) vector `s`: `\sum_k s_k = 1`. */
export const entriesSumTo1 = (s: Sym): Rel => rel(['='], [bigop('sum', sym('k'), null, null, entryOf(s, ['k'])), num(1)]);

/**
 * `\sum_k y_k = 1`, `\sum_{i=1}^{K} p_i = 1`: a sum over one index of an indexed name, equal to a
 * constant. (Whether the name is defined, which makes it a claim instead, is the reader's call.)
 */
export function sumConstraint(r: Rel): SumConstraint | null {
  if (r.ops.length !== 1 || r.ops[0] !== '=') return null;
  const [l, rr] = r.args as [Expr, Expr];
  const [s, total] = l.kind === 'sum' ? [l, rr] : rr.kind === 'sum' ? [rr, l] : [null, null];
  if (s === null || s.op !== 'sum' || freeSet(total).size > 0) return null;
  const body = s.body;
  if (body.kind !== 'sym' || body.primes !== 0 || subTokens(body.sub).length !== 1 || subTokens(body.sub)[0] !== s.index.name) return null;
  return { sum: s, total };
}

/** A prose assumption ("for z < 0") replaces the section's earlier assumption on the same symbol. */
export function assumeLocal(scope: Scope, r: Rel): Scope | null {
  const fresh = assume(EMPTY_SCOPE.localAssumptions, r);
  if (fresh === null) return null;
  const domains = new Map(scope.localAssumptions.domains);
  for (const [s, d] of fresh.domains) domains.set(s, d);
  return { ...scope, localAssumptions: { domains, conditions: [...scope.localAssumptions.conditions, ...fresh.conditions], sums: [...scope.localAssumptions.sums, ...fresh.sums] } };
}

export function assumeGlobal(scope: Scope, r: Rel): Scope | null {
  const global = assume(scope.assumptions, r);
  return global === null ? null : { ...scope, assumptions: global };
}
