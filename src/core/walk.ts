/**
 * Generic walks over the tree: rebuilding with new children, substitution, and derived
 * facts (size, free symbols, dependence) cached on the side, keyed by node.
 */
import {
  add, apply, assertNever, children, deriv, mul, note, piecewise, pow, rel,
  type Expr, type Sym,
} from './expr.js';

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
    const out = x.kind === 'deriv' ? deriv(go(x.body), x.wrt, x.partial) : mapChildren(x, go);
    memo.set(x, out);
    return out;
  };
  return go(e);
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
  }
  frees.set(e, out);
  return out;
}

export const dependsOn = (e: Expr, v: Sym): boolean => freeSet(e).has(v);
