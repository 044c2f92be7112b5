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
 */
import Fraction from 'fraction.js';
import { ONE, num, type Expr, type Sym } from '../core/expr.js';
import { canonMul } from './canon.js';

export type Bindings = ReadonlyMap<Sym, Expr>;

export interface PatternVars {
  readonly any: ReadonlySet<Sym>;
  /** Variables that only match numbers (exponents such as k in `\sigma^k(u)`). */
  readonly numeric: ReadonlySet<Sym>;
}

export interface TopMatch { readonly bindings: Bindings; readonly rest: readonly Expr[] }

const isVar = (p: Expr, v: PatternVars): boolean => p.kind === 'sym' && v.any.has(p);

function bind(p: Sym, t: Expr, b: Bindings, v: PatternVars): Bindings | null {
  const prev = b.get(p);
  if (prev !== undefined) return prev === t ? b : null;
  if (v.numeric.has(p) && t.kind !== 'num') return null;
  const out = new Map(b);
  out.set(p, t);
  return out;
}

export function* match(p: Expr, t: Expr, b: Bindings, v: PatternVars): Generator<Bindings> {
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
    case 'num': case 'const': case 'sym':
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
