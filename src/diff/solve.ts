/**
 * Conditions read as sets of the variable: `|r| > 1` is r < −1 or r > 1, `\max(0, x) < 6` is
 * x < 6, `\alpha(e^{x/\alpha} - 1) = 0` is x = 0. The forms solved are the ones piecewise
 * derivatives and kinks are made of: sums and products with constant coefficients, |u|, e^u,
 * and max/min/ReLU against a number. Anything else gives null, and the condition is kept as
 * written (a correct statement, only not about the variable alone).
 *
 * Sets are unions of intervals with exact rational ends (null for an infinite end).
 */
import Fraction from 'fraction.js';
import { num, rel, sub, type Expr, type Rel, type RelOp, type Sym } from '../core/expr.js';
import { dependsOn } from '../core/walk.js';

export interface Span { readonly lo: Fraction | null; readonly hi: Fraction | null; readonly loOpen: boolean; readonly hiOpen: boolean }
/** A union of disjoint intervals, in increasing order. */
export type RealSet = readonly Span[];

const ALL: RealSet = [{ lo: null, hi: null, loOpen: true, hiOpen: true }];
const NONE: RealSet = [];

type Cmp = '<' | '≤' | '>' | '≥' | '=';
const FLIP: Record<Cmp, Cmp> = { '<': '>', '≤': '≥', '>': '<', '≥': '≤', '=': '=' };
const CMP: ReadonlySet<RelOp> = new Set(['<', '≤', '>', '≥', '=']);

/** { v : v op c } */
function ray(op: Cmp, c: Fraction): RealSet {
  switch (op) {
    case '<': return [{ lo: null, hi: c, loOpen: true, hiOpen: true }];
    case '≤': return [{ lo: null, hi: c, loOpen: true, hiOpen: false }];
    case '>': return [{ lo: c, hi: null, loOpen: true, hiOpen: true }];
    case '≥': return [{ lo: c, hi: null, loOpen: false, hiOpen: true }];
    case '=': return [{ lo: c, hi: c, loOpen: false, hiOpen: false }];
  }
}

/** Compare interval ends: a lower end `null` is −∞, an upper end `null` is +∞. */
const cmpLo = (a: Fraction | null, b: Fraction | null): number => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : a.compare(b));
const cmpHi = (a: Fraction | null, b: Fraction | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.compare(b));

function meet(a: Span, b: Span): Span | null {
  const l = cmpLo(a.lo, b.lo);
  const lo = l >= 0 ? a.lo : b.lo;
  const loOpen = l > 0 ? a.loOpen : l < 0 ? b.loOpen : a.loOpen || b.loOpen;
  const h = cmpHi(a.hi, b.hi);
  const hi = h <= 0 ? a.hi : b.hi;
  const hiOpen = h < 0 ? a.hiOpen : h > 0 ? b.hiOpen : a.hiOpen || b.hiOpen;
  if (lo !== null && hi !== null && (lo.compare(hi) > 0 || (lo.equals(hi) && (loOpen || hiOpen)))) return null;
  return { lo, hi, loOpen, hiOpen };
}

export function intersectSets(a: RealSet, b: RealSet): RealSet {
  return a.flatMap((x) => b.flatMap((y) => meet(x, y) ?? []));
}

/** The union, kept disjoint and sorted (touching intervals are not merged: their conditions stay apart). */
function union(a: RealSet, b: RealSet): RealSet {
  const all = [...a, ...b].sort((x, y) => cmpLo(x.lo, y.lo));
  return all.filter((s, i) => !all.slice(0, i).some((t) => meet(t, s) !== null && cmpLo(t.lo, s.lo) <= 0 && cmpHi(t.hi, s.hi) >= 0));
}

const isConst = (e: Expr, v: Sym): boolean => !dependsOn(e, v);

/** { v : g op c } for a numeric c, or null when the form is not one of those solved. */
function solveFor(g: Expr, op: Cmp, c: Fraction, v: Sym): RealSet | null {
  if (g === v) return ray(op, c);
  switch (g.kind) {
    case 'add': {
      const vary = g.terms.filter((t) => !isConst(t, v));
      const rest = g.terms.filter((t) => isConst(t, v));
      if (vary.length !== 1 || !rest.every((t) => t.kind === 'num')) return null;
      const shift = rest.reduce((s, t) => s.add((t as Expr & { kind: 'num' }).value), new Fraction(0));
      return solveFor(vary[0]!, op, c.sub(shift), v);
    }
    case 'mul': {
      const vary = g.factors.filter((t) => !isConst(t, v));
      const rest = g.factors.filter((t) => isConst(t, v));
      if (vary.length !== 1) return null;
      const k = rest.every((t) => t.kind === 'num') ? rest.reduce((s, t) => s.mul((t as Expr & { kind: 'num' }).value), new Fraction(1)) : null;
      // A symbolic factor (α) divides an equation with 0 on the other side whatever its sign.
      if (k === null) return op === '=' && c.n === 0n ? solveFor(vary[0]!, '=', c, v) : null;
      return solveFor(vary[0]!, k.s < 0n ? FLIP[op] : op, c.div(k), v);
    }
    case 'apply': return typeof g.fn === 'string' && g.primes === 0 ? solveApply(g.fn, g.args, op, c, v) : null;
    default: return null;
  }
}

function solveApply(fn: string, args: readonly Expr[], op: Cmp, c: Fraction, v: Sym): RealSet | null {
  const u = args[0]!;
  const inner = (o: Cmp, k: Fraction): RealSet | null => solveFor(u, o, k, v);
  switch (fn) {
    case 'abs': {
      if (c.s < 0n && c.n !== 0n) return op === '>' || op === '≥' ? ALL : NONE;
      if (op === '=') return both(inner('=', c), inner('=', c.neg()), union);
      if (op === '<' || op === '≤') return both(inner(FLIP[op], c.neg()), inner(op, c), intersectSets);
      return both(inner(FLIP[op], c.neg()), inner(op, c), union);
    }
    case 'exp': {
      if (c.s < 0n || c.n === 0n) return op === '>' || op === '≥' ? ALL : NONE;
      return c.equals(1) ? inner(op, new Fraction(0)) : null;
    }
    case 'relu': return clamp('max', new Fraction(0), op, c, inner);
    case 'max': case 'min': {
      const [a, b] = args as [Expr, Expr];
      const [k, w] = a.kind === 'num' ? [a.value, b] : b.kind === 'num' ? [b.value, a] : [null, a];
      if (k === null) return null;
      return clamp(fn, k, op, c, (o, x) => solveFor(w, o, x, v));
    }
    default: return null;
  }
}

/** max(k, w) op c and min(k, w) op c, through w op c. */
function clamp(fn: 'max' | 'min', k: Fraction, op: Cmp, c: Fraction, sub: (o: Cmp, x: Fraction) => RealSet | null): RealSet | null {
  const side = c.compare(k);
  // max(k, w) ≥ k always: below k nothing, above k it is w.
  if (fn === 'max') {
    if (side > 0) return sub(op, c);
    if (side < 0) return op === '>' || op === '≥' ? ALL : NONE;
    return op === '=' || op === '≤' ? sub('≤', k) : op === '<' ? NONE : op === '≥' ? ALL : sub('>', k);
  }
  if (side < 0) return sub(op, c);
  if (side > 0) return op === '<' || op === '≤' ? ALL : NONE;
  return op === '=' || op === '≥' ? sub('≥', k) : op === '>' ? NONE : op === '≤' ? ALL : sub('<', k);
}

function both(a: RealSet | null, b: RealSet | null, f: (x: RealSet, y: RealSet) => RealSet): RealSet | null {
  return a === null || b === null ? null : f(a, b);
}

// ---------------------------------------------------------------------------------------------
// Piecewise-linear sides: |x| > x, x < 1 − x, max(|x|, x) = x. Between the points where an
// |·|, max or min switches, L − R is linear, so it is solved segment by segment, exactly.

/** Whether `e` is piecewise linear in `v` with rational coefficients. */
function isPL(e: Expr, v: Sym): boolean {
  if (e === v || e.kind === 'num') return true;
  switch (e.kind) {
    case 'add': return e.terms.every((t) => isPL(t, v));
    case 'mul': return e.factors.filter((f) => f.kind !== 'num').length === 1 && e.factors.every((f) => isPL(f, v));
    case 'apply':
      return typeof e.fn === 'string' && e.primes === 0 && ['abs', 'relu', 'max', 'min'].includes(e.fn) && e.args.every((a) => isPL(a, v));
    default: return false;
  }
}

function evalPL(e: Expr, v: Sym, x: Fraction): Fraction {
  if (e === v) return x;
  switch (e.kind) {
    case 'num': return e.value;
    case 'add': return e.terms.reduce((s, t) => s.add(evalPL(t, v, x)), new Fraction(0));
    case 'mul': return e.factors.reduce((s, t) => s.mul(evalPL(t, v, x)), new Fraction(1));
    case 'apply': {
      const a = e.args.map((u) => evalPL(u, v, x));
      if (e.fn === 'abs') return a[0]!.abs();
      if (e.fn === 'relu') return a[0]!.s < 0n ? new Fraction(0) : a[0]!;
      if (e.fn === 'max') return a[0]!.compare(a[1]!) >= 0 ? a[0]! : a[1]!;
      return a[0]!.compare(a[1]!) <= 0 ? a[0]! : a[1]!;
    }
    default: throw new Error('evalPL: not piecewise linear');
  }
}

/** Where the pieces of a piecewise-linear expression meet. */
function breakpoints(e: Expr, v: Sym): Fraction[] {
  const out: Fraction[] = [];
  const add = (xs: readonly Fraction[]): void => { for (const x of xs) if (!out.some((y) => y.equals(x))) out.push(x); };
  if (e.kind === 'add' || e.kind === 'mul') for (const t of e.kind === 'add' ? e.terms : e.factors) add(breakpoints(t, v));
  if (e.kind === 'apply') {
    for (const a of e.args) add(breakpoints(a, v));
    const switching = e.fn === 'max' || e.fn === 'min' ? sub(e.args[0]!, e.args[1]!) : e.args[0]!;
    add(ends(solvePL(switching, '=', v)));
  }
  return out.sort((a, b) => a.compare(b));
}

/** { v : f(v) op 0 } for a piecewise-linear f. */
function solvePL(f: Expr, op: Cmp, v: Sym): RealSet {
  const bs = breakpoints(f, v);
  const at = (x: Fraction): Fraction => evalPL(f, v, x);
  const holds = (y: Fraction): boolean => {
    const c = y.compare(0);
    return op === '<' ? c < 0 : op === '≤' ? c <= 0 : op === '>' ? c > 0 : op === '≥' ? c >= 0 : c === 0;
  };
  let out: Span[] = [];
  const bounds: (Fraction | null)[] = [null, ...bs, null];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i] ?? null;
    const hi = bounds[i + 1] ?? null;
    // Two points inside the segment give the line a·x + b it follows there.
    const p = lo === null ? (hi === null ? new Fraction(0) : hi.sub(2)) : hi === null ? lo.add(1) : lo.add(hi).div(2);
    const q = lo === null ? (hi === null ? new Fraction(1) : hi.sub(1)) : hi === null ? lo.add(2) : lo.mul(3).add(hi).div(4);
    const slope = at(q).sub(at(p)).div(q.sub(p));
    const segment: Span = { lo, hi, loOpen: true, hiOpen: true };
    let part: RealSet;
    if (slope.n === 0n) part = holds(at(p)) ? [segment] : [];
    else {
      const root = p.sub(at(p).div(slope));
      part = intersectSets([segment], ray(slope.s > 0n ? op : FLIP[op], root));
    }
    out = [...out, ...part];
    if (hi !== null && holds(at(hi))) out.push({ lo: hi, hi, loOpen: false, hiOpen: false });
  }
  return normalize(out);
}

/** Sorted, with touching or overlapping intervals joined. */
function normalize(set: readonly Span[]): RealSet {
  const sorted = [...set].sort((x, y) => cmpLo(x.lo, y.lo) || Number(x.loOpen) - Number(y.loOpen));
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    const touches = last !== undefined && last.hi !== null && s.lo !== null && (last.hi.compare(s.lo) > 0 || (last.hi.equals(s.lo) && !(last.hiOpen && s.loOpen)));
    const overlaps = last !== undefined && (last.hi === null || s.lo === null || touches);
    if (last !== undefined && overlaps) {
      const h = cmpHi(last.hi, s.hi);
      out[out.length - 1] = { lo: last.lo, loOpen: last.loOpen, hi: h >= 0 ? last.hi : s.hi, hiOpen: h > 0 ? last.hiOpen : h < 0 ? s.hiOpen : last.hiOpen && s.hiOpen };
    } else out.push(s);
  }
  return out;
}

/**
 * The set of values of `v` where the condition holds, or null when it cannot be said. Every
 * comparison of a chain must compare `v`'s expression with a number, or two piecewise-linear
 * expressions of `v`.
 */
export function conditionSet(c: Expr, v: Sym): RealSet | null {
  if (c.kind !== 'rel' || c.ops.length === 0 || !c.ops.every((o) => CMP.has(o))) return null;
  let out: RealSet = ALL;
  for (let i = 0; i < c.ops.length; i++) {
    const [l, r] = [c.args[i]!, c.args[i + 1]!];
    const op = c.ops[i] as Cmp;
    const part = (r.kind === 'num' && dependsOn(l, v) ? solveFor(l, op, r.value, v)
      : l.kind === 'num' && dependsOn(r, v) ? solveFor(r, FLIP[op], l.value, v) : null)
      ?? (isPL(l, v) && isPL(r, v) && (dependsOn(l, v) || dependsOn(r, v)) ? solvePL(sub(l, r), op, v) : null);
    if (part === null) return null;
    out = intersectSets(out, part);
  }
  return out;
}

/** Conditions on `v` alone, one per interval (null for the whole line). */
export function spanCondition(s: Span, v: Sym): Rel | null {
  if (s.lo !== null && s.hi !== null && s.lo.equals(s.hi)) return rel(['='], [v, num(s.lo)]);
  const lo = s.loOpen ? '<' : '≤';
  const hi = s.hiOpen ? '<' : '≤';
  if (s.lo !== null && s.hi !== null) return rel([lo, hi], [num(s.lo), v, num(s.hi)]);
  if (s.lo !== null) return rel([s.loOpen ? '>' : '≥'], [v, num(s.lo)]);
  if (s.hi !== null) return rel([hi], [v, num(s.hi)]);
  return null;
}

/** The finite ends of a set's intervals: where a condition on `v` changes truth. */
export function ends(set: RealSet): Fraction[] {
  const out: Fraction[] = [];
  for (const s of set) for (const e of [s.lo, s.hi]) if (e !== null && !out.some((x) => x.equals(e))) out.push(e);
  return out;
}
