/**
 * Pattern matching for rewrite rules, modulo commutativity and associativity of + and ·.
 *
 * A pattern is an ordinary tree in which some symbols are pattern variables. Matching yields
 * every binding (a generator, so the engine stops at the first that satisfies the guards).
 * - In a sum or product the pattern's operands match distinct operands of the target in any
 *   order; at the top of a rule the unmatched operands are returned as `rest` and kept.
 * - `c·v` with a number c matches any t, binding v to t/c (so `e^{-u}` matches `e^{z}` with
 *   u = −z), and a numeric variable v in `c·v` matches a number n with v = n/c.
 * - `b^v` matches a target that is not a power with v = 1 (so `\sigma^k(u)` matches σ(z)).
 * - Index variables match an index (a letter or a whole number); a sum whose index is one
 *   matches a sum over any index, read the same way (`\sum_k y_k` matches `\sum_i y_i`), and a
 *   sum written without a range matches one over every entry (no range, or from 1).
 * - A vector variable `\mathbf{u}` is matched through its entries: `u_i` matches `z_j` (binding
 *   `\mathbf{u}` to `\mathbf{z}` and i to j) or `c z_j` for a number c (binding `c\mathbf{z}`).
 */
import Fraction from 'fraction.js';
import { ONE, mul, num, sym, type Expr, type Sym } from '../core/expr.js';
import { exprToken, subTokens, tokenExpr } from '../core/indices.js';
import { canonMul } from './canon.js';

export type Bindings = ReadonlyMap<Sym, Expr>;

export interface PatternVars {
  readonly any: ReadonlySet<Sym>;
  /** Variables that only match numbers (exponents such as k in `\sigma^k(u)`). */
  readonly numeric: ReadonlySet<Sym>;
  /** Variables that match an index: a letter or a whole number (`i` in `\delta_{ij}`, `k` of `\sum_k`). */
  readonly indices?: ReadonlySet<Sym>;
  /** Vectors written through their entries (`\mathbf{u}`, whose entries are `u_i`). */
  readonly vectors?: ReadonlySet<Sym>;
}

export interface TopMatch { readonly bindings: Bindings; readonly rest: readonly Expr[] }

const isVar = (p: Expr, v: PatternVars): boolean => p.kind === 'sym' && (v.any.has(p) || v.indices?.has(p) === true || v.vectors?.has(p) === true);

function bind(p: Sym, t: Expr, b: Bindings, v: PatternVars): Bindings | null {
  const prev = b.get(p);
  if (prev !== undefined) return prev === t ? b : null;
  if (v.numeric.has(p) && t.kind !== 'num') return null;
  if (v.indices?.has(p) === true && exprToken(t) === null) return null;
  const out = new Map(b);
  out.set(p, t);
  return out;
}

/** The vector variable whose entry the pattern symbol `u_i` is, or null. */
function vectorOfEntry(p: Expr, v: PatternVars): Sym | null {
  if (p.kind !== 'sym' || p.sub === undefined || p.accent !== undefined || v.vectors === undefined) return null;
  for (const u of v.vectors) if (u.name === p.name && u.layer === p.layer) return u;
  return null;
}

/** `u_i` against an entry `z_j` or `c z_j`: the vector variable bound to `\mathbf{z}` (or `c\mathbf{z}`), each index to the entry's. */
function matchEntry(p: Sym, u: Sym, t: Expr, b: Bindings, v: PatternVars): Bindings | null {
  const [scale, e] = t.kind === 'mul' && t.factors.length === 2 && t.factors[0]!.kind === 'num' ? [t.factors[0], t.factors[1]!] : [null, t];
  if (e.kind !== 'sym' || e.accent !== undefined || e.primes !== 0) return null;
  const [ps, ts] = [subTokens(p.sub), subTokens(e.sub)];
  if (ps.length !== ts.length) return null;
  const vector = sym(e.name, { layer: e.layer, accent: u.accent });
  let out: Bindings | null = bind(u, scale === null ? vector : mul(scale, vector), b, v);
  ps.forEach((letter, i) => {
    if (out !== null) out = bind(sym(letter), tokenExpr(ts[i]!), out, v);
  });
  return out;
}

/** `y_k` with k an index variable against `y_i`: the same name, each index variable bound to the target's index. */
function matchIndexed(p: Sym, t: Sym, b: Bindings, v: PatternVars): Bindings | null {
  if (v.indices === undefined || v.indices.size === 0 || p.sub === undefined) return null;
  if (t.name !== p.name || t.layer !== p.layer || t.accent !== p.accent || t.primes !== p.primes) return null;
  const [ps, ts] = [subTokens(p.sub), subTokens(t.sub)];
  if (ps.length !== ts.length) return null;
  let out: Bindings | null = b;
  ps.forEach((letter, i) => {
    if (out === null) return;
    const x = sym(letter);
    if (v.indices!.has(x)) out = bind(x, tokenExpr(ts[i]!), out, v);
    else if (letter !== ts[i]) out = null;
  });
  return out;
}

/** A range written as none runs over every entry: it matches none, or one from 1. */
const sameRange = (p: Expr & { kind: 'sum' }, t: Expr & { kind: 'sum' }): boolean =>
  p.lo === null && p.hi === null ? t.lo === null || (t.lo.kind === 'num' && t.lo.value.n === 1n && t.lo.value.d === 1n && t.lo.value.s > 0n) : false;

export function* match(p: Expr, t: Expr, b: Bindings, v: PatternVars): Generator<Bindings> {
  const u = vectorOfEntry(p, v);
  if (u !== null) {
    const r = matchEntry(p as Sym, u, t, b, v);
    if (r) yield r;
    return;
  }
  if (isVar(p, v)) {
    const r = bind(p as Sym, t, b, v);
    if (r) yield r;
    return;
  }
  if (p.kind === 'mul' && p.factors.length === 2 && p.factors[0]!.kind === 'num' && isVar(p.factors[1]!, v)) {
    const c = p.factors[0]!.value;
    const r = bind(p.factors[1] as Sym, canonMul([num(new Fraction(1).div(c)), t]), b, v);
    if (r) yield r;
    return;
  }
  if (p.kind === 'pow') {
    if (t.kind === 'pow') {
      for (const b1 of match(p.base, t.base, b, v)) yield* match(p.exp, t.exp, b1, v);
    } else {
      for (const b1 of match(p.base, t, b, v)) yield* match(p.exp, ONE, b1, v);
    }
    return;
  }
  if (p.kind !== t.kind) return;
  switch (p.kind) {
    case 'sym': {
      const r = p === t ? b : matchIndexed(p, t as Sym, b, v);
      if (r) yield r;
      return;
    }
    case 'num': case 'const':
      if (p === t) yield b;
      return;
    case 'apply': {
      const ta = t as typeof p;
      if (ta.fn !== p.fn || ta.primes !== p.primes || ta.args.length !== p.args.length) return;
      yield* matchSeq(p.args, ta.args, 0, b, v);
      return;
    }
    case 'rel': {
      const tr = t as typeof p;
      if (tr.ops.length !== p.ops.length || tr.ops.some((o, i) => o !== p.ops[i])) return;
      yield* matchSeq(p.args, tr.args, 0, b, v);
      return;
    }
    case 'sum': {
      const ts = t as typeof p;
      if (ts.op !== p.op) return;
      const b1 = v.indices?.has(p.index) === true ? bind(p.index, ts.index, b, v) : p.index === ts.index ? b : null;
      if (b1 === null) return;
      if (sameRange(p, ts)) {
        yield* match(p.body, ts.body, b1, v);
        return;
      }
      const ends = (x: typeof p): Expr[] => (x.lo === null || x.hi === null ? [] : [x.lo, x.hi]);
      if ((p.lo === null) !== (ts.lo === null) || (p.hi === null) !== (ts.hi === null)) return;
      yield* matchSeq([...ends(p), p.body], [...ends(ts), ts.body], 0, b1, v);
      return;
    }
    case 'piecewise': {
      // Piece by piece, in order: a definition by cases is recognised as it is written.
      const tp = t as typeof p;
      if (tp.pieces.length !== p.pieces.length || tp.pieces.some((q, i) => (q.cond === null) !== (p.pieces[i]!.cond === null))) return;
      const flat = (x: typeof p): Expr[] => x.pieces.flatMap((q) => (q.cond === null ? [q.value] : [q.value, q.cond]));
      yield* matchSeq(flat(p), flat(tp), 0, b, v);
      return;
    }
    case 'add': case 'mul': {
      const ps = p.kind === 'add' ? p.terms : p.factors;
      const ts = t.kind === 'add' ? t.terms : t.kind === 'mul' ? t.factors : [];
      if (ps.length !== ts.length) return;
      for (const m of matchAC(ps, ts, b, v)) if (m.rest.length === 0) yield m.bindings;
      return;
    }
    default:
      if (p === t) yield b;
  }
}

function* matchSeq(ps: readonly Expr[], ts: readonly Expr[], i: number, b: Bindings, v: PatternVars): Generator<Bindings> {
  if (i === ps.length) {
    yield b;
    return;
  }
  for (const b1 of match(ps[i]!, ts[i]!, b, v)) yield* matchSeq(ps, ts, i + 1, b1, v);
}

/** Each pattern operand to a distinct target operand; unmatched targets are the rest. */
export function* matchAC(ps: readonly Expr[], ts: readonly Expr[], b: Bindings, v: PatternVars): Generator<TopMatch> {
  if (ps.length > ts.length) return;
  const used = new Array<boolean>(ts.length).fill(false);
  function* go(i: number, bb: Bindings): Generator<TopMatch> {
    if (i === ps.length) {
      yield { bindings: bb, rest: ts.filter((_, j) => !used[j]) };
      return;
    }
    for (let j = 0; j < ts.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      for (const b1 of match(ps[i]!, ts[j]!, bb, v)) yield* go(i + 1, b1);
      used[j] = false;
    }
  }
  yield* go(0, b);
}

/**
 * Matches at the top of a rule: a sum or product pattern may match part of a larger sum or
 * product (the rest is kept beside the replacement).
 */
export function* matchTop(p: Expr, t: Expr, v: PatternVars): Generator<TopMatch> {
  const empty: Bindings = new Map();
  if ((p.kind === 'add' || p.kind === 'mul') && t.kind === p.kind) {
    const ps = p.kind === 'add' ? p.terms : p.factors;
    const ts = t.kind === 'add' ? t.terms : (t as typeof p & { kind: 'mul' }).factors;
    yield* matchAC(ps, ts, empty, v);
    return;
  }
  for (const b of match(p, t, empty, v)) yield { bindings: b, rest: [] };
}
