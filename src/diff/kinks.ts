/**
 * Tidying a finished derivative and its kinks, as a reader wants them:
 * - nested cases flattened, and conditions stated on the variable (x < 6, not max(0, x) < 6;
 *   r < −1 and r > 1, not |r| > 1), pieces whose condition cannot hold dropped;
 * - each kink stated as `x = c` where it can be, once (CELU's two spellings of x = 0 are one),
 *   and reported only where the function is not differentiable: where it is continuous and the
 *   one-sided derivatives agree (Huber at r = ±1, x/(1 + |x|) at 0) the point is no kink, and
 *   the derivative's cases are closed over it (−1 ≤ r ≤ 1).
 * The one-sided test is numeric: the derivative just left and right of the point, at a few
 * values of the other symbols drawn from their conventional domains (α > 0), with a fixed seed.
 */
import Fraction from 'fraction.js';
import { add, num, piecewise, rel, type Expr, type Piece, type Sym } from '../core/expr.js';
import { freeSet, transform } from '../core/walk.js';
import { compile, CompileError } from '../numeric/compile.js';
import { draw, hashString, nameDomain, Rng } from '../numeric/sample.js';
import { conditionSet, ends, intersectSets, spanCondition, type RealSet } from './solve.js';

/** A piece whose condition is a set of the variable (or null: the condition stays as written). */
interface Solved { readonly value: Expr; readonly set: RealSet | null; readonly cond: Expr | null }

const WHOLE: RealSet = [{ lo: null, hi: null, loOpen: true, hiOpen: true }];

function solvedPieces(pieces: readonly Piece[], v: Sym): Solved[] {
  const out: Solved[] = [];
  for (const p of pieces) {
    const set = p.cond === null ? WHOLE : conditionSet(p.cond, v);
    // A piece whose value is itself a case split on conditions we can read is flattened into this one.
    if (p.value.kind === 'piecewise' && set !== null) {
      const inner = p.value.pieces.map((q) => ({ q, set: q.cond === null ? WHOLE : conditionSet(q.cond, v) }));
      if (inner.every((x) => x.set !== null)) {
        for (const { q, set: s } of inner) out.push({ value: q.value, set: intersectSets(set, s!), cond: null });
        continue;
      }
    }
    out.push({ value: p.value, set, cond: p.cond });
  }
  return out;
}

function rebuild(solved: readonly Solved[], v: Sym): Expr | null {
  const pieces: Piece[] = [];
  for (const s of solved) {
    if (s.set === null) pieces.push({ value: s.value, cond: s.cond });
    else for (const span of s.set) pieces.push({ value: s.value, cond: spanCondition(span, v) });
  }
  if (pieces.length === 0) return null;
  if (pieces.length === 1 && pieces[0]!.cond === null) return pieces[0]!.value;
  return piecewise(pieces);
}

/** Most pieces a sum of case splits may merge into (each pair of pieces can give one). */
const MAX_MERGED = 16;

/**
 * A sum of case splits on `v` as one case split: max(|x|, x)′ is −1 for x < 0 and 1 for x > 0,
 * not the sum of two splits on the same line. Terms that are not split are added to each piece.
 */
function mergeSum(x: Expr & { kind: 'add' }, v: Sym): Expr {
  const splits = x.terms.filter((t) => t.kind === 'piecewise');
  if (splits.length < 2) return x;
  const rest = x.terms.filter((t) => t.kind !== 'piecewise');
  let acc: { value: Expr[]; set: RealSet }[] = [{ value: rest, set: WHOLE }];
  for (const t of splits) {
    const pieces = solvedPieces((t as Expr & { kind: 'piecewise' }).pieces, v);
    if (pieces.some((p) => p.set === null)) return x;
    acc = acc.flatMap((a) => pieces.map((p) => ({ value: [...a.value, p.value], set: intersectSets(a.set, p.set!) }))).filter((a) => a.set.length > 0);
    if (acc.length > MAX_MERGED) return x;
  }
  return rebuild(acc.map((a) => ({ value: sumOf(a.value), set: a.set, cond: null })), v) ?? x;
}

/** A sum with its numbers added up (½ + ½ is 1, −1 + 0 is −1): the pieces read as values. */
function sumOf(terms: readonly Expr[]): Expr {
  const total = terms.reduce((s, t) => (t.kind === 'num' ? s.add(t.value) : s), new Fraction(0));
  const rest = terms.filter((t) => t.kind !== 'num');
  return add(...(total.n === 0n ? rest : [...rest, num(total)]));
}

/** Nested cases flattened, sums of them merged, and conditions written on `v`, wherever they can be read that way. */
export function tidyDerivative(d: Expr, v: Sym): Expr {
  return transform(d, (x) => {
    if (x.kind === 'piecewise') return rebuild(solvedPieces(x.pieces, v), v) ?? x;
    if (x.kind === 'add') return mergeSum(x, v);
    return x;
  });
}

/** Draws of the other symbols, and the tolerances of the one-sided comparison. */
const DRAWS = 3;
const REL_TOL = 1e-4;

type Fn = (x: ArrayLike<number>) => number;

function compiled(e: Expr, vars: readonly Sym[]): Fn | null {
  try {
    return compile(e, vars).fn;
  } catch (err) {
    if (err instanceof CompileError) return null;
    throw err;
  }
}

const close = (a: number, b: number): boolean =>
  Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= REL_TOL * Math.max(1, Math.abs(a), Math.abs(b));

/** Whether f is defined and continuous at v = c and f' has the same limit from both sides, at every draw of the other symbols. */
function smoothAt(c: Fraction, f: Fn, d: Fn, others: readonly Sym[]): boolean {
  const rng = new Rng(hashString(`kink ${c.toFraction()}`));
  const at = c.valueOf() as number;
  const h = 1e-6 * Math.max(1, Math.abs(at));
  for (let i = 0; i < DRAWS; i++) {
    const rest = others.map((s) => draw(rng, nameDomain(s)));
    const left = [at - h, ...rest];
    const right = [at + h, ...rest];
    // Defined at c (ReLU''(x) is not, at 0), continuous there, and the same slope on both sides.
    if (!Number.isFinite(f([at, ...rest])) || !close(f(left), f(right)) || !close(d(left), d(right))) return false;
  }
  return true;
}

export interface Settled { readonly derivative: Expr; readonly kinks: readonly Expr[] }

/**
 * The kinks of `f` (whose derivative in `v` is `d`) that are kinks: candidates stated on `v`
 * once each, those where f is smooth dropped and closed over in d's cases. Candidates that
 * cannot be stated on `v`, or a function with symbols that stand for other expressions
 * (`defined`), are kept as they are: the test needs values for every symbol.
 */
export function settleKinks(candidates: readonly Expr[], f: Expr, d: Expr, v: Sym, defined: boolean): Settled {
  const points: Fraction[] = [];
  const kept: Expr[] = [];
  for (const k of candidates) {
    const set = conditionSet(k, v);
    if (set === null) {
      if (!kept.includes(k)) kept.push(k);
      continue;
    }
    for (const c of ends(set)) if (!points.some((p) => p.equals(c))) points.push(c);
  }
  const others = [...new Set([...freeSet(f), ...freeSet(d)])].filter((s) => s !== v);
  const fFn = defined ? null : compiled(f, [v, ...others]);
  const dFn = defined ? null : compiled(d, [v, ...others]);
  let derivative = d;
  const kinks: Expr[] = [];
  for (const c of points) {
    if (fFn !== null && dFn !== null && smoothAt(c, fFn, dFn, others)) derivative = closeOver(derivative, c, v);
    else kinks.push(rel(['='], [v, num(c)]));
  }
  return { derivative: withoutPoints(derivative, v), kinks: [...kinks, ...kept] };
}

/**
 * Pieces that hold at a single point of `v` dropped (max's ½ where u = v at an isolated
 * crossing): at a kink there is no derivative, and elsewhere a neighbouring piece was closed over it.
 */
function withoutPoints(d: Expr, v: Sym): Expr {
  return transform(d, (x) => {
    if (x.kind !== 'piecewise') return x;
    const keep = x.pieces.filter((p) => {
      const set = p.cond === null ? null : conditionSet(p.cond, v);
      return !(set !== null && set.length === 1 && set[0]!.lo !== null && set[0]!.hi !== null && set[0]!.lo.equals(set[0]!.hi));
    });
    return keep.length === x.pieces.length || keep.length === 0 ? x : piecewise(keep);
  });
}

/** The first piece of `d` whose interval has `c` as an open end, with that end closed. */
function closeOver(d: Expr, c: Fraction, v: Sym): Expr {
  if (d.kind !== 'piecewise') return d;
  const i = d.pieces.findIndex((p) => {
    const set = p.cond === null ? null : conditionSet(p.cond, v);
    const s = set?.length === 1 ? set[0]! : null;
    return s !== null && ((s.loOpen && s.lo?.equals(c)) || (s.hiOpen && s.hi?.equals(c)));
  });
  if (i < 0) return d;
  const p = d.pieces[i]!;
  const s = conditionSet(p.cond!, v)![0]!;
  const closed = { ...s, loOpen: s.loOpen && !s.lo?.equals(c), hiOpen: s.hiOpen && !s.hi?.equals(c) };
  return piecewise(d.pieces.map((q, j) => (j === i ? { value: q.value, cond: spanCondition(closed, v) } : q)));
}
