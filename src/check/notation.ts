/**
 * Facts about the parts of a written relation that the role rules ask about: is the left side a
 * name that can be defined, is a value closed (a number), is an inequality a condition on a
 * symbol, which names are functions nobody defined, would a definition be circular, which
 * defined quantity is the loss a gradient name refers to.
 */
import { apply, children, mul, sym, type Expr, type Sym } from '../core/expr.js';
import { FUNCTIONS, GREEK, isFnName, type FnEntry } from '../core/functions.js';
import { freeSet, symbolsIn, transform } from '../core/walk.js';
import type { Statement } from '../parse/index.js';
import { printedArgs, symLatex, toLatex } from '../print/latex.js';
import type { Override, Scope } from './scope.js';

/** The name printed for a message. */
export const namesIn = (e: Expr): string => (e.kind === 'sym' ? symLatex(e) : toLatex(e));

const head = (s: Sym): Sym => (s.primes === 0 ? s : sym(s.name, { sub: s.sub, layer: s.layer, accent: s.accent }));

/**
 * The name a relation `lhs = …` would define: a symbol written without primes, or the head of a
 * function written with distinct symbols as parameters (`f(x, y)`); null for anything else
 * (`f(2)`, `g'(t)`, `\sigma(z)`, `\frac{dh}{dt}`).
 */
export function definable(lhs: Expr): Sym | null {
  if (lhs.kind === 'sym') return lhs.primes === 0 ? lhs : null;
  if (lhs.kind !== 'apply' || typeof lhs.fn === 'string' || lhs.primes > 0) return null;
  const params = lhs.args.filter((a): a is Sym => a.kind === 'sym' && a.primes === 0);
  return params.length === lhs.args.length && new Set(params).size === params.length ? lhs.fn : null;
}

/** A table function the notes define their own way: the table's name, the notes' function and its parameters. */
export interface OwnVersion { readonly fn: string; readonly head: Sym; readonly params: readonly Sym[]; readonly extra: readonly Sym[] }

/**
 * `\text{swish}(x) = x\sigma(\beta x)`, `\operatorname{LeakyReLU}(z) = \max(\alpha z, z)`: a table
 * function defined with names its table entry does not have (β; the table's leaky ReLU has the
 * slope 0.01), which nothing defines, binds or uses as a variable: the notes' own version of the
 * function, in the names written in its parentheses. Null when the value has no such name
 * (`\sigma(x) = \frac{1}{1+e^{-x}}` is a claim about the table's σ; so is `\operatorname{ELU}(z) = …\alpha…`,
 * whose α is the table's own parameter) or the left side is not a table function of distinct names.
 */
export function ownVersion(st: Statement, scope: Scope, variables: ReadonlySet<Sym>): OwnVersion | null {
  const [lhs, value] = st.args;
  if (st.lead !== null || st.ops[0] !== '=' || lhs?.kind !== 'apply' || typeof lhs.fn !== 'string' || lhs.primes > 0 || !isFnName(lhs.fn) || value === undefined) return null;
  const written = printedArgs(lhs);
  const params = written.filter((a): a is Sym => a.kind === 'sym' && a.primes === 0);
  if (params.length !== written.length || new Set(params).size !== params.length) return null;
  const own = new Set(freeSet(lhs));
  // The size a sum runs to (K in \log\sum_{k=1}^{K} e^{z_k}) is the vector's, not a parameter.
  transform(value, (x) => {
    if (x.kind === 'sum') for (const b of [x.lo, x.hi]) if (b !== null) for (const t of freeSet(b)) own.add(t);
    return x;
  });
  const known = (s: Sym): boolean => own.has(s) || variables.has(s) || scope.defs.has(s) || scope.bindings.has(s) || scope.functions.has(s);
  const extra = [...freeSet(value)].filter((s) => !known(s));
  if (extra.length === 0) return null;
  const entry: FnEntry = FUNCTIONS[lhs.fn];
  const name = /^\\operatorname\{([^}]+)\}$/.exec(entry.latex)?.[1] ?? entry.text;
  return { fn: lhs.fn, head: sym(name), params, extra };
}

/** Table functions the notes define their own way, as the notes' functions (`\operatorname{swish}(x)` after `\text{swish}(x) = x\sigma(\beta x)`). */
export function withOverrides(e: Expr, overrides: ReadonlyMap<string, Override>): Expr {
  return transform(e, (x) => {
    if (x.kind !== 'apply' || typeof x.fn !== 'string') return x;
    const over = overrides.get(x.fn);
    const args = printedArgs(x);
    return over === undefined || args.length !== over.arity ? x : apply(over.head, args, x.primes);
  });
}

/** The expression when it is a closed value (numbers and constants only), else null. */
export function closedValue(e: Expr): Expr | null {
  if (freeSet(e).size > 0) return null;
  // `\sum_k (\hat y_k - y_k)^2` binds the components it names, but its value still depends on them.
  const indices = new Set<Sym>();
  const visit = (x: Expr): void => {
    if (x.kind === 'sum') indices.add(x.index);
    children(x).forEach(visit);
  };
  visit(e);
  if (indices.size > 0 && [...symbolsIn(e)].some((s) => !indices.has(s))) return null;
  const open = (x: Expr): boolean => x.kind === 'deriv' || x.kind === 'rel' || (x.kind === 'apply' && typeof x.fn !== 'string') || children(x).some(open);
  return open(e) ? null : e;
}

const INEQUALITY = new Set(['<', '≤', '>', '≥', '≠']);

/** A chain of inequalities (`<`, `≤`, `>`, `≥`, `≠`) and nothing else. */
export const isInequality = (st: Statement): boolean => st.lead === null && st.ops.length > 0 && st.ops.every((op) => INEQUALITY.has(op));

/** `t > 1`, `0 < y < 1`, `t \neq 0`, `x > y`: inequalities between symbols and numbers only. */
export function isConditionShape(st: Statement): boolean {
  if (!isInequality(st)) return false;
  // `|x| < 2.5` restricts x as `-2.5 < x < 2.5` does.
  const name = (e: Expr): boolean => (e.kind === 'sym' && e.primes === 0) || (e.kind === 'apply' && e.fn === 'abs' && name(e.args[0]!));
  const simple = (e: Expr): boolean => name(e) || closedValue(e) !== null;
  return st.args.every(simple) && st.args.some(name);
}

/**
 * Names used as functions in a relation (applied, or written with a prime) that the scope does
 * not define and the function table does not know: `f` and `g` in `\frac{f}{g} = \frac{gf' - fg'}{g^2}`.
 * Only a letter stands for any function; a word (`\operatorname{relu6}`) names one the writer
 * means to be known, so a relation in it is a step (and the checker warns of the unknown name).
 */
export function abstractNames(st: Statement, scope: Scope): Set<Sym> {
  const out = new Set<Sym>();
  const visit = (e: Expr): void => {
    let name: Sym | null = null;
    if (e.kind === 'apply' && typeof e.fn !== 'string') name = e.fn;
    else if (e.kind === 'sym' && e.primes > 0) name = head(e);
    if (name !== null && (name.name.length === 1 || name.name in GREEK) && !scope.functions.has(name) && !scope.defs.has(name) && !(name.name === 'sigma' && name.sub === undefined)) out.add(name);
    children(e).forEach(visit);
  };
  st.args.forEach(visit);
  return out;
}

/** Whether `e` mentions one of `names`, as a value, with primes, or applied. */
export function mentions(e: Expr, names: ReadonlySet<Sym>): boolean {
  if (e.kind === 'sym') return names.has(head(e));
  if (e.kind === 'apply' && typeof e.fn !== 'string' && names.has(e.fn)) return true;
  return children(e).some((c) => mentions(c, names));
}

/** What a defined name's value refers to: its free symbols and the user functions it applies. */
function references(scope: Scope, s: Sym): Sym[] {
  const value = scope.defs.get(s) ?? scope.functions.get(s)?.body;
  if (value === undefined) return [];
  const params = new Set(scope.functions.get(s)?.params ?? []);
  const out = [...symbolsIn(value)].filter((x) => !params.has(x));
  // An entry (`A^{[2]}_i`) refers to the vector or matrix it is an entry of, when that is defined.
  for (const x of [...out]) {
    if (x.sub === undefined) continue;
    const whole = sym(x.name, { layer: x.layer, accent: x.accent });
    if (scope.defs.has(whole)) out.push(whole);
  }
  const visit = (e: Expr): void => {
    if (e.kind === 'apply' && typeof e.fn !== 'string') out.push(e.fn);
    children(e).forEach(visit);
  };
  visit(value);
  return out;
}

/**
 * The cycle `s → a → … → s` that defining `s` as `value` would close through the definitions in
 * scope, or null when there is none.
 */
export function circularPath(scope: Scope, s: Sym, value: Expr): Sym[] | null {
  const start = [...freeSet(value)];
  const from = new Map<Sym, Sym | null>(start.map((x) => [x, null]));
  const queue = [...start];
  while (queue.length > 0) {
    const x = queue.shift()!;
    if (x === s) {
      const path: Sym[] = [];
      for (let c: Sym | null = x; c !== null; c = from.get(c) ?? null) path.push(c);
      return [s, ...path.reverse().slice(0, -1), s];
    }
    for (const y of references(scope, x)) {
      if (!from.has(y)) {
        from.set(y, x);
        queue.push(y);
      }
    }
  }
  return null;
}

/** Every symbol the definitions in scope are written in (a function's parameters too). */
export function variablesOf(scope: Scope): Set<Sym> {
  const out = new Set<Sym>();
  for (const v of scope.defs.values()) for (const s of freeSet(v)) out.add(s);
  for (const f of scope.functions.values()) {
    for (const p of f.params) out.add(p);
    for (const s of freeSet(f.body)) out.add(s);
  }
  return out;
}

// -------------------------------------------------------------------------------------------
// Gradient names: `dW`, `db`, `d\theta_2`, `dz^{[2]}` at the left of an equation

const GRADIENT_OF = new WeakMap<Sym, Sym>();

/** The one-symbol name `dX` for the written product `d·X`, or null when `e` is not such a product. */
export function gradientName(e: Expr, scope: Scope): Sym | null {
  if (e.kind !== 'mul' || e.factors.length !== 2) return null;
  const [d, x] = e.factors as [Expr, Expr];
  if (d.kind !== 'sym' || d.name !== 'd' || d.sub !== undefined || d.layer !== undefined || d.accent !== undefined || d.primes > 0) return null;
  if (x.kind !== 'sym' || x.primes > 0 || scope.defs.has(d)) return null;
  // Braces keep the name apart from a plain-text word `dW`; they print as written (`d{W}` reads as dW).
  const name = sym(`d{${/^[a-zA-Z]$/.test(x.name) ? x.name : `\\${x.name}`}}`, { sub: x.sub, layer: x.layer, accent: x.accent });
  GRADIENT_OF.set(name, x);
  return name;
}

/** `da \cdot a(1-a)` after `da = …`: each product `d·X` whose gradient name dX is defined is that name. */
export function gradientNamesIn(e: Expr, scope: Scope): Expr {
  if (!scope.defs.has(sym('d')) && [...scope.defs.keys()].some((s) => GRADIENT_OF.has(s))) {
    return transform(e, (x) => {
      if (x.kind !== 'mul') return x;
      const out: Expr[] = [];
      let changed = false;
      for (let i = 0; i < x.factors.length; i++) {
        const pair = i + 1 < x.factors.length ? gradientName(mul(x.factors[i]!, x.factors[i + 1]!), scope) : null;
        if (pair !== null && scope.defs.has(pair)) {
          out.push(pair);
          i++;
          changed = true;
        } else out.push(x.factors[i]!);
      }
      return changed ? mul(...out) : x;
    });
  }
  return e;
}

/** The variable a gradient name is for (`θ₂` for `dθ₂`), or null. */
export const gradientVariable = (e: Expr): Sym | null => (e.kind === 'sym' ? GRADIENT_OF.get(e) ?? null : null);

const LOSS_NAME = /^(L|J|E|C|ell|mathcal\{L\}|loss|cost|err|error)$/i;

/**
 * The loss a gradient name refers to: the latest defined quantity with a conventional loss name
 * (L, J, E, C, ℓ, cost…) that depends on `v`, else the latest one that depends on `v` and that no
 * other definition uses (the end of the computation).
 */
export function lossFor(scope: Scope, v: Sym): Sym | null {
  const dependsOn = (s: Sym, seen = new Set<Sym>()): boolean => {
    if (seen.has(s)) return false;
    seen.add(s);
    return references(scope, s).some((x) => x === v || dependsOn(x, seen));
  };
  // A gradient name (dW after dz) is not what another one is a gradient of.
  const candidates = [...scope.defs.keys()].filter((s) => s !== v && gradientVariable(s) === null && dependsOn(s)).reverse();
  const used = new Set([...scope.defs.keys()].flatMap((s) => references(scope, s)));
  return candidates.find((s) => LOSS_NAME.test(s.name)) ?? candidates.find((s) => !used.has(s)) ?? null;
}
