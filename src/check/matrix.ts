/**
 * Matrix steps: symbols declared as matrices (and, by convention, capital Latin letters that a
 * chain only multiplies and adds) are sampled as random square matrices, and lowercase symbols
 * beside them as vectors, so products do not commute and `W^{[2]}W^{[1]} = W^{[1]}W^{[2]}` fails.
 *
 * Shapes are inferred, not declared: a symbol multiplied last after a matrix, or added to a
 * vector, is a vector; one added to a matrix is a matrix; every other symbol is a scalar. Table
 * functions apply entrywise (σ(Wx + b)), as in network notes.
 */
import { assertNever, type Expr, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';
import { freeSet } from '../core/walk.js';
import { randomEntries, type Interval, type Rng } from '../numeric/sample.js';
import { drawPoint } from './evaluate.js';
import { agreeDouble, type Probe, type Sample } from './probe.js';

/** Side of the random square matrices. */
export const DIM = 3;

type Shape = 'scalar' | 'vector' | 'matrix';

interface Mat { readonly rows: number; readonly cols: number; readonly data: Float64Array }
type Value = number | Mat;

class ShapeError extends Error {}

const isCapital = (s: Sym): boolean => /^[A-Z]$/.test(s.name) && s.accent === undefined;

/**
 * Capital Latin letters that the expressions use only linearly (never inside a function, a
 * denominator or a non-integer power) and multiply by something other than a number.
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
      case 'apply': e.args.forEach((a) => visit(a, linear && e.fn === 'transpose')); return;
      case 'deriv': visit(e.body, false); return;
      case 'piecewise': e.pieces.forEach((p) => { visit(p.value, false); if (p.cond) visit(p.cond, false); }); return;
      case 'rel': e.args.forEach((a) => visit(a, linear)); return;
      case 'note': visit(e.body, linear); return;
      default: assertNever(e);
    }
  };
  exprs.forEach((e) => visit(e, true));
  return new Set([...multiplied].filter((s) => !excluded.has(s)));
}

/** Shapes of every free symbol, given the matrices. */
export function inferShapes(exprs: readonly Expr[], matrices: ReadonlySet<Sym>): Map<Sym, Shape> {
  const shapes = new Map<Sym, Shape>();
  for (const m of matrices) shapes.set(m, 'matrix');
  const shapeOf = (e: Expr): Shape | null => {
    switch (e.kind) {
      case 'sym': return shapes.get(e) ?? null;
      case 'num': case 'const': return 'scalar';
      case 'add': for (const t of e.terms) { const s = shapeOf(t); if (s !== null && s !== 'scalar') return s; } return null;
      case 'mul': {
        const shs = e.factors.map(shapeOf);
        if (shs.includes('matrix')) return shs[shs.length - 1] === 'vector' ? 'vector' : shs[shs.length - 1] === null ? null : 'matrix';
        return shs.includes('vector') ? 'vector' : shs.includes(null) ? null : 'scalar';
      }
      case 'apply': return e.args[0] ? shapeOf(e.args[0]) : 'scalar';
      case 'note': return shapeOf(e.body);
      case 'pow': return shapeOf(e.base);
      default: return null;
    }
  };
  let changed = true;
  const learn = (s: Sym, shape: Shape): void => {
    if (!shapes.has(s)) { shapes.set(s, shape); changed = true; }
  };
  const visit = (e: Expr): void => {
    if (e.kind === 'mul') {
      const last = e.factors[e.factors.length - 1];
      const before = e.factors.slice(0, -1).map(shapeOf);
      if (last?.kind === 'sym' && before.includes('matrix')) learn(last, 'vector');
    }
    if (e.kind === 'add' || e.kind === 'rel') {
      const items = e.kind === 'add' ? e.terms : e.args;
      const known = items.map(shapeOf).find((s) => s === 'vector' || s === 'matrix');
      if (known) for (const t of items) if (t.kind === 'sym') learn(t, known);
    }
    const kids = e.kind === 'add' ? e.terms : e.kind === 'mul' ? e.factors : e.kind === 'apply' ? e.args : e.kind === 'note' ? [e.body] : e.kind === 'pow' ? [e.base] : e.kind === 'rel' ? e.args : [];
    kids.forEach(visit);
  };
  for (let round = 0; changed && round < 8; round++) {
    changed = false;
    exprs.forEach(visit);
  }
  for (const e of exprs) for (const s of freeSet(e)) if (!shapes.has(s)) shapes.set(s, 'scalar');
  return shapes;
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

/** A probe over random matrices and vectors; `shapeError` carries the first shape problem met. */
export function matrixProbe(left: Expr, right: Expr, shapes: ReadonlyMap<Sym, Shape>, domains: ReadonlyMap<Sym, Interval>, rng: Rng): Probe & { shapeError: string | null } {
  const scalars = [...shapes].filter(([, s]) => s === 'scalar').map(([v]) => v);
  const arrays = [...shapes].filter(([, s]) => s !== 'scalar');
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
      for (const [v, s] of arrays) {
        const cols = s === 'matrix' ? DIM : 1;
        env.set(v, { rows: DIM, cols, data: randomEntries(matrixRng, DIM, cols) });
      }
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
