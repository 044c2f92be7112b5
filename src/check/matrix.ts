/**
 * Matrix steps: symbols declared as matrices (and, by convention, capital Latin letters that the
 * step multiplies by something, inside activations too: `U \tanh(V r + c) + d`) are sampled as
 * random matrices, and the symbols beside them as vectors, so products do not commute and
 * `W^{[2]}W^{[1]} = W^{[1]}W^{[2]}` fails.
 *
 * Kinds are inferred, not declared: a symbol multiplied last after a matrix, or added to a
 * vector, is a vector; one added to a matrix is a matrix; every other symbol is a scalar. Sizes
 * come from the structure of the step, with the definitions substituted into it: every product
 * ties the columns of a factor to the rows of the next, every sum and both sides of the relation
 * share one shape, so `U(Vr + c) + d` makes V n×m, r m×1, c and U's columns n, U and d's rows k.
 * Each sampled point draws each free size from 2 to 4, so a step that only holds for square
 * matrices of one size is not taken for true. Table functions apply entrywise (σ(Wx + b)).
 */
import { assertNever, type Expr, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';
import { concreteRange, expandBigOp, freeSet, substitute } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { randomEntries, type Interval, type Rng } from '../numeric/sample.js';
import { find, unify, type DimNode } from './dims.js';
import { drawPoint } from './evaluate.js';
import { agreeDouble, type Probe, type Sample } from './probe.js';

/** Sizes drawn for a free dimension of a random matrix or vector. */
export const SIZES = { min: 2, max: 4 } as const;

type Kind = 'scalar' | 'vector' | 'matrix';

interface Mat { readonly rows: number; readonly cols: number; readonly data: Float64Array }
type Value = number | Mat;

class ShapeError extends Error {}

const isCapital = (s: Sym): boolean => /^[A-Z]$/.test(s.name) && s.accent === undefined;

/**
 * Capital Latin letters that the expressions use only linearly (never in a denominator, an
 * exponent, a non-integer power or a user function's argument; table functions apply entrywise,
 * so their arguments count) and multiply by something other than a number.
 */
export function conventionalMatrices(exprs: readonly Expr[]): Set<Sym> {
  const excluded = new Set<Sym>();
  const multiplied = new Set<Sym>();
  const visit = (e: Expr, linear: boolean): void => {
    switch (e.kind) {
      case 'sym': if (!linear) excluded.add(e); return;
      case 'num': case 'const': return;
      case 'add': e.terms.forEach((t) => visit(t, linear)); return;
      case 'mul': {
        const symbolic = e.factors.filter((f) => f.kind !== 'num');
        for (const f of e.factors) {
          if (f.kind === 'sym' && isCapital(f) && symbolic.length > 1) multiplied.add(f);
          visit(f, linear);
        }
        return;
      }
      case 'pow': {
        const positiveInteger = e.exp.kind === 'num' && e.exp.value.d === 1n && e.exp.value.s > 0n;
        visit(e.base, linear && positiveInteger);
        visit(e.exp, false);
        return;
      }
      case 'apply': e.args.forEach((a, i) => visit(a, linear && typeof e.fn === 'string' && i === 0)); return;
      case 'deriv': visit(e.body, false); return;
      case 'sum': visit(e.body, linear); return;
      case 'piecewise': e.pieces.forEach((p) => { visit(p.value, false); if (p.cond) visit(p.cond, false); }); return;
      case 'rel': e.args.forEach((a) => visit(a, linear)); return;
      case 'note': visit(e.body, linear); return;
      case 'at': visit(e.body, linear); visit(e.value, false); return;
      default: assertNever(e);
    }
  };
  exprs.forEach((e) => visit(e, true));
  return new Set([...multiplied].filter((s) => !excluded.has(s)));
}

/** The kind of every free symbol, given the matrices. */
function inferKinds(exprs: readonly Expr[], matrices: ReadonlySet<Sym>): Map<Sym, Kind> {
  const kinds = new Map<Sym, Kind>();
  for (const m of matrices) kinds.set(m, 'matrix');
  const kindOf = (e: Expr): Kind | null => {
    switch (e.kind) {
      case 'sym': return kinds.get(e) ?? null;
      case 'num': case 'const': return 'scalar';
      case 'add': for (const t of e.terms) { const k = kindOf(t); if (k !== null && k !== 'scalar') return k; } return null;
      case 'mul': {
        const ks = e.factors.map(kindOf);
        if (ks.includes('matrix')) return ks[ks.length - 1] === 'vector' ? 'vector' : ks[ks.length - 1] === null ? null : 'matrix';
        return ks.includes('vector') ? 'vector' : ks.includes(null) ? null : 'scalar';
      }
      case 'apply': return e.args[0] ? kindOf(e.args[0]) : 'scalar';
      case 'note': return kindOf(e.body);
      case 'pow': return kindOf(e.base);
      default: return null;
    }
  };
  let changed = true;
  const learn = (s: Sym, kind: Kind): void => {
    if (!kinds.has(s)) { kinds.set(s, kind); changed = true; }
  };
  const visit = (e: Expr): void => {
    if (e.kind === 'mul') {
      const last = e.factors[e.factors.length - 1];
      const before = e.factors.slice(0, -1).map(kindOf);
      if (last?.kind === 'sym' && before.includes('matrix')) learn(last, 'vector');
    }
    if (e.kind === 'add' || e.kind === 'rel') {
      const items = e.kind === 'add' ? e.terms : e.args;
      const known = items.map(kindOf).find((k) => k === 'vector' || k === 'matrix');
      if (known) for (const t of items) if (t.kind === 'sym') learn(t, known);
    }
    const kids = e.kind === 'add' ? e.terms : e.kind === 'mul' ? e.factors : e.kind === 'apply' ? e.args : e.kind === 'note' ? [e.body] : e.kind === 'pow' ? [e.base] : e.kind === 'rel' ? e.args : [];
    kids.forEach(visit);
  };
  for (let round = 0; changed && round < 8; round++) {
    changed = false;
    exprs.forEach(visit);
  }
  for (const e of exprs) for (const s of freeSet(e)) if (!kinds.has(s)) kinds.set(s, 'scalar');
  return kinds;
}

/**
 * A size: a fixed number, or a class of sizes that must be equal (union–find). A class that holds
 * a side of a matrix is marked: a matrix cannot be made a vector to make a step fit.
 */
type Dim = number | DimNode;
interface Shape { readonly rows: Dim; readonly cols: Dim }

/** The shapes of a step's symbols: their kinds, and sizes tied together by the step's structure. */
export interface Shapes {
  readonly kinds: ReadonlyMap<Sym, Kind>;
  readonly shapes: ReadonlyMap<Sym, Shape>;
  /** Why the shapes cannot fit (a matrix used as a vector), or null. */
  readonly conflict: string | null;
}

export function inferShapes(exprs: readonly Expr[], matrices: ReadonlySet<Sym>): Shapes {
  const kinds = inferKinds(exprs, matrices);
  const fresh = (matrix: boolean): Dim => ({ parent: null, matrix });
  const shapes = new Map<Sym, Shape>();
  for (const [s, k] of kinds) {
    if (k === 'matrix') shapes.set(s, { rows: fresh(true), cols: fresh(true) });
    if (k === 'vector') shapes.set(s, { rows: fresh(false), cols: 1 });
  }
  let conflict: string | null = null;
  const same = (a: Shape, b: Shape, what: () => string): void => {
    if ((!unify(a.rows, b.rows) || !unify(a.cols, b.cols)) && conflict === null) conflict = what();
  };
  const SCALAR = null;
  /** The shape of an expression (null: a scalar), tying sizes together on the way. */
  const shapeOf = (e: Expr): Shape | null => {
    switch (e.kind) {
      case 'sym': return shapes.get(e) ?? SCALAR;
      case 'num': case 'const': return SCALAR;
      case 'add': {
        let out: Shape | null = SCALAR;
        for (const t of e.terms) {
          const sh = shapeOf(t);
          if (sh === null) continue;
          if (out === null) out = sh;
          else same(out, sh, () => `cannot add ${toLatex(e.terms[0]!)} and ${toLatex(t)}: a matrix and a vector`);
        }
        return out;
      }
      case 'mul': {
        let out: Shape | null = SCALAR;
        for (const f of e.factors) {
          const sh = shapeOf(f);
          if (sh === null) continue;
          if (out === null) out = sh;
          else {
            if (!unify(out.cols, sh.rows) && conflict === null) conflict = `cannot multiply ${toLatex(e)}: the sizes do not fit`;
            out = { rows: out.rows, cols: sh.cols };
          }
        }
        return out;
      }
      case 'pow': {
        const sh = shapeOf(e.base);
        shapeOf(e.exp);
        if (sh !== null && !unify(sh.rows, sh.cols) && conflict === null) conflict = `${toLatex(e)}: only a square matrix has powers`;
        return sh;
      }
      case 'apply': {
        const shs = e.args.map(shapeOf);
        if (e.fn === 'transpose') return shs[0] ? { rows: shs[0].cols, cols: shs[0].rows } : SCALAR;
        return shs[0] ?? SCALAR;
      }
      case 'rel': {
        const shs = e.args.map(shapeOf).filter((x): x is Shape => x !== null);
        for (const sh of shs.slice(1)) same(shs[0]!, sh, () => 'the sides have different shapes');
        return shs[0] ?? SCALAR;
      }
      case 'note': return shapeOf(e.body);
      case 'sum': return shapeOf(e.body);
      case 'at': return shapeOf(e.body);
      case 'deriv': case 'piecewise': return SCALAR;
      default: return assertNever(e);
    }
  };
  const sides = exprs.map(shapeOf);
  const [l, r] = sides;
  if (exprs.length === 2 && (l === null) !== (r === null) && conflict === null) {
    conflict = `the sides have different shapes (${toLatex(exprs[l === null ? 1 : 0]!)} is not a number)`;
  }
  if (l && r) same(l, r, () => `the sides have different shapes (${toLatex(exprs[0]!)} and ${toLatex(exprs[1]!)})`);
  return { kinds, shapes, conflict };
}

/** The sizes of every non-scalar symbol at one point: each free size drawn from SIZES. */
function drawSizes(shapes: ReadonlyMap<Sym, Shape>, rng: Rng): Map<Sym, [number, number]> {
  const chosen = new Map<Dim, number>();
  const size = (d: Dim): number => {
    const r = find(d);
    if (typeof r === 'number') return r;
    let n = chosen.get(r);
    if (n === undefined) {
      n = SIZES.min + Math.floor(rng.uniform(0, SIZES.max - SIZES.min + 1 - 1e-9));
      chosen.set(r, n);
    }
    return n;
  };
  return new Map([...shapes].map(([s, sh]) => [s, [size(sh.rows), size(sh.cols)]]));
}

// -----------------------------------------------------------------------------------------------
// Evaluation

const RUNTIME = FUNCTIONS as Record<string, FnEntry>;

function entrywise(v: Value, f: (x: number) => number): Value {
  return typeof v === 'number' ? f(v) : { rows: v.rows, cols: v.cols, data: v.data.map(f) };
}

function plus(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number' || typeof b === 'number' || a.rows !== b.rows || a.cols !== b.cols) throw new ShapeError(`cannot add ${dims(a)} and ${dims(b)}`);
  return { rows: a.rows, cols: a.cols, data: a.data.map((x, i) => x + b.data[i]!) };
}

function times(a: Value, b: Value): Value {
  if (typeof a === 'number') return entrywise(b, (x) => a * x);
  if (typeof b === 'number') return entrywise(a, (x) => x * b);
  if (a.cols !== b.rows) throw new ShapeError(`cannot multiply ${dims(a)} by ${dims(b)}`);
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k]! * b.data[k * b.cols + j]!;
      out[i * b.cols + j] = s;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

function transpose(a: Value): Value {
  if (typeof a === 'number') return a;
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]!;
  return { rows: a.cols, cols: a.rows, data: out };
}

const dims = (v: Value): string => (typeof v === 'number' ? 'a scalar' : `${v.rows}×${v.cols}`);

function evaluate(e: Expr, env: ReadonlyMap<Sym, Value>): Value {
  switch (e.kind) {
    case 'num': return e.value.valueOf() as number;
    case 'const': return e.name === 'e' ? Math.E : Math.PI;
    case 'sym': {
      const v = env.get(e);
      if (v === undefined) throw new ShapeError(`no value for ${e.name}`);
      return v;
    }
    case 'add': return e.terms.map((t) => evaluate(t, env)).reduce(plus);
    case 'mul': return e.factors.map((t) => evaluate(t, env)).reduce(times);
    case 'pow': {
      const b = evaluate(e.base, env);
      if (typeof b === 'number') {
        const x = evaluate(e.exp, env);
        if (typeof x !== 'number') throw new ShapeError('a matrix exponent');
        return b ** x;
      }
      const k = e.exp.kind === 'num' && e.exp.value.d === 1n && e.exp.value.s > 0n ? Number(e.exp.value.n) : 0;
      if (k < 1 || k > 16) throw new ShapeError('only small positive integer powers of a matrix');
      let out: Value = b;
      for (let i = 1; i < k; i++) out = times(out, b);
      return out;
    }
    case 'apply': {
      const args = e.args.map((a) => evaluate(a, env));
      if (e.fn === 'transpose') return transpose(args[0]!);
      if (typeof e.fn !== 'string' || e.primes > 0 || !isFnName(e.fn)) throw new ShapeError('an unknown function of a matrix');
      const f = RUNTIME[e.fn]!.eval;
      const rest = args.slice(1).map((a) => {
        if (typeof a !== 'number') throw new ShapeError('a matrix parameter');
        return a;
      });
      return entrywise(args[0]!, (x) => f(x, ...rest));
    }
    case 'note': return evaluate(e.body, env);
    case 'sum': {
      const range = concreteRange(e);
      if (range === null) throw new ShapeError('a sum over a range that is not a number');
      return evaluate(expandBigOp(e, ...range), env);
    }
    case 'at': return evaluate(substitute(e.body, new Map([[e.v, e.value]])), env);
    case 'deriv': case 'piecewise': case 'rel': throw new ShapeError(`${e.kind} in a matrix step`);
    default: return assertNever(e);
  }
}

/** The entry where the two sides differ most (relative), and whether all entries agree. */
function compare(l: Value, r: Value): { left: number; right: number; agree: boolean } {
  if (typeof l === 'number' && typeof r === 'number') return { left: l, right: r, agree: agreeDouble(l, r) };
  if (typeof l === 'number' || typeof r === 'number' || l.rows !== r.rows || l.cols !== r.cols) {
    throw new ShapeError(`the sides have different shapes (${dims(l)} and ${dims(r)})`);
  }
  let worst = 0;
  let worstGap = -1;
  for (let i = 0; i < l.data.length; i++) {
    const a = l.data[i]!;
    const b = r.data[i]!;
    const gap = Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) / (Math.max(Math.abs(a), Math.abs(b)) + 1e-12) : Infinity;
    if (gap > worstGap) { worstGap = gap; worst = i; }
  }
  const a = l.data[worst]!;
  const b = r.data[worst]!;
  return { left: a, right: b, agree: l.data.every((x, i) => agreeDouble(x, r.data[i]!)) };
}

/** A probe over random matrices and vectors of random sizes; `shapeError` carries the first shape problem met. */
export function matrixProbe(left: Expr, right: Expr, inferred: Shapes, domains: ReadonlyMap<Sym, Interval>, rng: Rng): Probe & { shapeError: string | null } {
  const scalars = [...inferred.kinds].filter(([, k]) => k === 'scalar').map(([v]) => v);
  const scalarDomains = scalars.map((v) => domains.get(v)!);
  const matrixRng = rng.fork('matrices');
  const drawn = new WeakMap<Float64Array, Map<Sym, Value>>();
  const probe: Probe & { shapeError: string | null } = {
    vars: scalars,
    method: 'numeric',
    shapeError: null,
    draw(r) {
      const x = drawPoint(r, scalarDomains);
      const env = new Map<Sym, Value>(scalars.map((v, i) => [v, x[i]!]));
      for (const [v, [rows, cols]] of drawSizes(inferred.shapes, matrixRng)) env.set(v, { rows, cols, data: randomEntries(matrixRng, rows, cols) });
      drawn.set(x, env);
      return x;
    },
    classify(x) {
      const env = drawn.get(x);
      if (env === undefined) return 'abort';
      try {
        const c = compare(evaluate(left, env), evaluate(right, env));
        const lf = Number.isFinite(c.left);
        const rf = Number.isFinite(c.right);
        if (!lf && !rf) return null;
        const status = lf && rf ? (c.agree ? 'agree' : 'differ') : lf ? 'left-only' : 'right-only';
        const s: Sample = { x, left: c.left, right: c.right, status, confirmed: false };
        return s;
      } catch (err) {
        if (!(err instanceof ShapeError)) throw err;
        probe.shapeError = err.message;
        return 'abort';
      }
    },
    refine: (s) => s,
    compile: () => null,
  };
  return probe;
}
