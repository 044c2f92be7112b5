/**
 * Generic walks over the tree: rebuilding with new children, substitution, and derived
 * facts (size, free symbols, dependence) cached on the side, keyed by node.
 */
import {
  add, apply, assertNever, at, bigop, children, deriv, mul, note, num, piecewise, pow, rel, sym,
  type BigOp, type Expr, type Sym,
} from './expr.js';
import { boundBy, isIndexToken, joinSub, layerIndex, renameLayer, subTokens } from './indices.js';

/** The same node with each child replaced by `f(child)`; returns `e` itself when nothing changed. */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return e;
    case 'add': {
      const ys = e.terms.map(f);
      return unchanged(e.terms, ys) ? e : add(...ys);
    }
    case 'mul': {
      const ys = e.factors.map(f);
      return unchanged(e.factors, ys) ? e : mul(...ys);
    }
    case 'pow': {
      const b = f(e.base);
      const x = f(e.exp);
      return b === e.base && x === e.exp ? e : pow(b, x);
    }
    case 'apply': {
      const ys = e.args.map(f);
      return unchanged(e.args, ys) ? e : apply(e.fn, ys, e.primes);
    }
    case 'deriv': {
      const b = f(e.body);
      const wrt = e.wrt.map((v) => f(v));
      if (b === e.body && wrt.every((v, i) => v === e.wrt[i])) return e;
      if (!wrt.every((v) => v.kind === 'sym')) return deriv(b, e.wrt, e.partial);
      return deriv(b, wrt as Sym[], e.partial);
    }
    case 'sum': {
      const [lo, hi, body] = [e.lo && f(e.lo), e.hi && f(e.hi), f(e.body)];
      return lo === e.lo && hi === e.hi && body === e.body ? e : bigop(e.op, e.index, lo, hi, body);
    }
    case 'piecewise': {
      const pieces = e.pieces.map((p) => ({ value: f(p.value), cond: p.cond ? f(p.cond) : null }));
      return pieces.every((p, i) => p.value === e.pieces[i]!.value && p.cond === e.pieces[i]!.cond) ? e : piecewise(pieces);
    }
    case 'rel': {
      const ys = e.args.map(f);
      return unchanged(e.args, ys) ? e : rel(e.ops, ys);
    }
    case 'note': {
      const b = f(e.body);
      return b === e.body ? e : note(e.note, b, e.text);
    }
    case 'at': {
      const [b, v] = [f(e.body), f(e.value)];
      return b === e.body && v === e.value ? e : at(b, e.v, v);
    }
    default: return assertNever(e);
  }
}

/** Whether mapping changed no child: then the node itself is the result, without rebuilding (and re-interning) it. */
const unchanged = (xs: readonly Expr[], ys: readonly Expr[]): boolean => ys.every((y, i) => y === xs[i]);

/**
 * Replace subtrees by identity (hash-consing makes that structural). Derivative variables are
 * not substituted: in ∂L/∂a, `a` names the variable, not its value.
 */
export function substitute(e: Expr, map: ReadonlyMap<Expr, Expr>): Expr {
  if (map.size === 0) return e;
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const hit = map.get(x);
    if (hit !== undefined) return hit;
    const m = memo.get(x);
    if (m !== undefined) return m;
    const out = x.kind === 'deriv' ? deriv(go(x.body), x.wrt, x.partial)
      : x.kind === 'sum' ? substituteUnder(x, map, go)
        : x.kind === 'at' && map.has(x.v) ? at(substitute(x.body, new Map([...map].filter(([k]) => k !== x.v))), x.v, go(x.value))
          : mapChildren(x, go);
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/** Inside a sum, the symbols its index binds are not the ones outside: they are left alone. */
function substituteUnder(s: BigOp, map: ReadonlyMap<Expr, Expr>, go: (x: Expr) => Expr): Expr {
  const inner = new Map([...map].filter(([k]) => !(k.kind === 'sym' && boundBy(k, s.index))));
  const body = inner.size === map.size ? go(s.body) : substitute(s.body, inner);
  return bigop(s.op, s.index, s.lo && go(s.lo), s.hi && go(s.hi), body);
}

/** The index letters written in a tree: bare one-letter names, subscript tokens, `(i)` superscripts and the indices sums bind. */
export function indexLetters(e: Expr): Set<string> {
  const out = new Set<string>();
  for (const s of symbolsIn(e)) {
    if (s.sub === undefined && isIndexToken(s.name)) out.add(s.name);
    for (const t of subTokens(s.sub)) if (isIndexToken(t)) out.add(t);
    const layer = layerIndex(s.layer);
    if (layer !== null) out.add(layer.letter);
  }
  const walk = (x: Expr): void => {
    if (x.kind === 'sum') out.add(x.index.name);
    children(x).forEach(walk);
  };
  walk(e);
  return out;
}

/** Letters a fresh index is taken from, in the order notes use them. */
const FRESH = 'kmnlrstpqabcdefghuvw';

/** The first index letter not in `avoid`. */
export function freshIndex(avoid: ReadonlySet<string>): string {
  for (const c of FRESH) if (!avoid.has(c)) return c;
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') if (!avoid.has(c)) return c;
  throw new Error('freshIndex: no letter left');
}

/** Every sum that binds a letter of `clash` takes a fresh index instead (the same sum, read the same way). */
export function freshenBound(e: Expr, clash: ReadonlySet<string>): Expr {
  const avoid = new Set([...indexLetters(e), ...clash]);
  return transform(e, (x) => {
    if (x.kind !== 'sum' || !clash.has(x.index.name)) return x;
    const fresh = freshIndex(avoid);
    avoid.add(fresh);
    return bigop(x.op, sym(fresh), x.lo, x.hi, renameIndices(x.body, new Map([[x.index.name, fresh]])));
  });
}

/**
 * Every index letter renamed: `map` takes a letter to a number or another letter. The plain
 * symbol of a letter becomes that number or letter; subscripts are rewritten token by token
 * (`z_k` → `z_2`). Sums that bind a letter of the map keep it inside their body, and a sum
 * whose index a renamed letter would fall under takes a fresh index first (renaming k to j in
 * `\sum_j a_{kj}` gives `\sum_m a_{jm}`, never `\sum_j a_{jj}`).
 */
export function renameIndices(e: Expr, map: ReadonlyMap<string, number | string>): Expr {
  if (map.size === 0) return e;
  const targets = new Set([...map.values()].filter((v): v is string => typeof v === 'string'));
  let avoid: Set<string> | null = null;
  const rename = (s: Sym): Expr => {
    if (s.sub === undefined && s.layer === undefined && s.accent === undefined && s.primes === 0 && map.has(s.name)) {
      const v = map.get(s.name)!;
      return typeof v === 'number' ? num(v) : sym(v);
    }
    const tokens = subTokens(s.sub);
    const layer = layerIndex(s.layer);
    const renamesLayer = layer !== null && map.has(layer.letter);
    if (!tokens.some((t) => map.has(t)) && !renamesLayer) return s;
    return sym(s.name, {
      sub: s.sub === undefined ? undefined : joinSub(tokens.map((t) => String(map.get(t) ?? t))),
      layer: renamesLayer ? renameLayer(s.layer!, map.get(layer.letter)!) : s.layer,
      accent: s.accent, primes: s.primes,
    });
  };
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const m = memo.get(x);
    if (m !== undefined) return m;
    let out: Expr;
    if (x.kind === 'sym') out = rename(x);
    else if (x.kind === 'sum') {
      const bound = x.index.name;
      const inner = map.has(bound) ? new Map([...map].filter(([k]) => k !== bound)) : map;
      if ([...indexLetters(x.body)].some((t) => t !== bound && inner.get(t) === bound)) {
        avoid ??= new Set([...indexLetters(e), ...map.keys(), ...targets]);
        const fresh = freshIndex(avoid);
        avoid.add(fresh);
        out = go(bigop(x.op, sym(fresh), x.lo, x.hi, renameIndices(x.body, new Map([[bound, fresh]]))));
      } else {
        out = bigop(x.op, x.index, x.lo && go(x.lo), x.hi && go(x.hi), inner === map ? go(x.body) : renameIndices(x.body, inner));
      }
    } else if (x.kind === 'deriv') {
      const wrt = x.wrt.map(rename);
      out = wrt.every((v) => v.kind === 'sym') ? deriv(go(x.body), wrt as Sym[], x.partial) : deriv(go(x.body), x.wrt, x.partial);
    } else out = mapChildren(x, go);
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/** Σ or Π over a concrete range, written out term by term (an empty sum is 0, an empty product 1). */
export function expandBigOp(s: BigOp, lo: number, hi: number): Expr {
  const terms: Expr[] = [];
  for (let k = lo; k <= hi; k++) terms.push(renameIndices(s.body, new Map([[s.index.name, k]])));
  if (terms.length === 0) return num(s.op === 'prod' ? 1 : 0);
  if (s.op === 'max' || s.op === 'min') return terms.reduce((a, b) => apply(s.op, [a, b]));
  return s.op === 'sum' ? add(...terms) : mul(...terms);
}

/** Bottom-up rewrite: `f` sees each node after its children were rewritten. Shared subtrees are visited once. */
export function transform(e: Expr, f: (x: Expr) => Expr): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const m = memo.get(x);
    if (m !== undefined) return m;
    const out = f(mapChildren(x, go));
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/**
 * Evaluations put in (`\left. f(x) \right|_{x=0}` → f(0)) wherever the body has no derivative
 * left to work out: after the differentiator has expanded derivatives, and definitions are
 * substituted, the variable's value is put in.
 */
export function settleEvaluations(e: Expr): Expr {
  if (!containsAt(e)) return e;
  return transform(e, (x) => (x.kind === 'at' && !containsDeriv(x.body) ? substitute(x.body, new Map([[x.v, x.value]])) : x));
}

/** Whether a node that `test` accepts is anywhere in a tree, remembered per node (trees are shared, so each is asked once). */
export function somewhere(test: (x: Expr) => boolean): (e: Expr) => boolean {
  const memo = new WeakMap<Expr, boolean>();
  const go = (e: Expr): boolean => {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    const out = test(e) || children(e).some(go);
    memo.set(e, out);
    return out;
  };
  return go;
}

/** Whether a derivative node (d/dx …) is anywhere in the tree. */
export const containsDeriv = somewhere((x) => x.kind === 'deriv');
/** Whether an evaluation (`\right|_{x=0}`) is anywhere in the tree. */
const containsAt = somewhere((x) => x.kind === 'at');

/** Whether a derivative is written anywhere in it: `\frac{d}{dx}…`, `\sigma'(0)`, `u'`. */
export function writesDerivative(e: Expr): boolean {
  return e.kind === 'deriv' || ((e.kind === 'apply' || e.kind === 'sym') && e.primes > 0) || children(e).some(writesDerivative);
}

const sizes = new WeakMap<Expr, number>();
/** Number of nodes, counting shared subtrees once per occurrence (the printed size). */
export function size(e: Expr): number {
  const hit = sizes.get(e);
  if (hit !== undefined) return hit;
  let n = 1;
  for (const c of children(e)) n += size(c);
  sizes.set(e, n);
  return n;
}

const frees = new WeakMap<Expr, ReadonlySet<Sym>>();
/** Symbols a node depends on. Derivative variables are bound and user-function heads are not values, so neither counts. */
export function freeSet(e: Expr): ReadonlySet<Sym> {
  const hit = frees.get(e);
  if (hit !== undefined) return hit;
  let out: Set<Sym>;
  if (e.kind === 'sym') out = new Set([e]);
  else {
    out = new Set();
    const kids = e.kind === 'deriv' ? [e.body] : e.kind === 'apply' ? e.args : children(e);
    for (const c of kids) for (const s of freeSet(c)) out.add(s);
    // A sum binds its index and the components it names (`k`, `z_k` in \sum_k e^{z_k}).
    if (e.kind === 'sum') for (const s of freeSet(e.body)) if (boundBy(s, e.index)) out.delete(s);
    // An evaluation binds its variable in the body (its value may still use it: f(x)|_{x=2x}).
    if (e.kind === 'at' && !freeSet(e.value).has(e.v)) out.delete(e.v);
  }
  frees.set(e, out);
  return out;
}

export const dependsOn = (e: Expr, v: Sym): boolean => freeSet(e).has(v);

const symbols = new WeakMap<Expr, ReadonlySet<Sym>>();
/** Every symbol written in a node, those a sum binds included (`z_k` in Σ_k e^{z_k}); derivative variables aside. */
export function symbolsIn(e: Expr): ReadonlySet<Sym> {
  const hit = symbols.get(e);
  if (hit !== undefined) return hit;
  let out: Set<Sym>;
  if (e.kind === 'sym') out = new Set([e]);
  else {
    out = new Set();
    const kids = e.kind === 'deriv' ? [e.body] : e.kind === 'apply' ? e.args : children(e);
    for (const c of kids) for (const s of symbolsIn(c)) out.add(s);
  }
  symbols.set(e, out);
  return out;
}

/** The range of a sum when both bounds are integers (at most 10,000 terms), else null. */
export function concreteRange(s: BigOp): [number, number] | null {
  const int = (e: Expr | null): number | null => (e !== null && e.kind === 'num' && e.value.d === 1n ? Number(e.value.s * e.value.n) : null);
  const [lo, hi] = [int(s.lo), int(s.hi)];
  return lo === null || hi === null || hi - lo > 10_000 ? null : [lo, hi];
}

/** Every sum over a concrete range written out (a size bound to a number makes its sums concrete). */
export function expandConcreteSums(e: Expr): Expr {
  let any = false;
  const out = transform(e, (x) => {
    if (x.kind !== 'sum') return x;
    const range = concreteRange(x);
    if (range === null) return x;
    any = true;
    return expandBigOp(x, ...range);
  });
  return any ? out : e;
}

/**
 * The definition of `s` among `defs`: its own, or one given for its whole family — `p_i = …`
 * defines every entry `p_k`, `p_2`, with the family's index letters renamed to the entry's.
 */
export function definitionOf(defs: ReadonlyMap<Sym, Expr>, s: Sym): Expr | undefined {
  const own = defs.get(s);
  if (own !== undefined || s.sub === undefined) return own;
  const tokens = subTokens(s.sub);
  if (!tokens.every((t) => isIndexToken(t) || /^\d+$/.test(t))) return undefined;
  for (const [d, v] of defs) {
    if (d.name !== s.name || d.layer !== s.layer || d.accent !== s.accent || d.primes !== s.primes || d.sub === undefined) continue;
    const letters = subTokens(d.sub);
    if (letters.length !== tokens.length || !letters.every(isIndexToken) || new Set(letters).size !== letters.length) continue;
    return renameIndices(freshenBound(v, new Set(tokens)), new Map(letters.map((l, i) => [l, /^\d+$/.test(tokens[i]!) ? Number(tokens[i]) : tokens[i]!])));
  }
  return undefined;
}
