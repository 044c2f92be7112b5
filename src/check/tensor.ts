/**
 * Vectors and matrices, checked entry by entry. A step such as
 *
 *   ∂L/∂W^{[2]} = (ŷ − y)(a^{[1]})^⊤        or        ∇_w ½‖Xw − y‖² = X^⊤(Xw − y)
 *
 * is taken at concrete sizes: every vector and matrix becomes its entries (`\mathbf{z}` of size 3
 * is z_1, z_2, z_3 — the same names index notation uses, so `z_i` and `\mathbf{z}` agree), every
 * product, transpose, `\odot`, norm and gradient is worked out entry by entry, and the two sides
 * must agree in every entry. The entries are combined with fixed weights into one scalar step
 * for the judge (equal sides give equal combinations; different sides almost never do), so
 * sign and constant-factor hints still read off it.
 *
 * Vectors and matrices written entry by entry (core/grids.ts) have the shape they are written
 * with, a block of entries that are vectors too; a run with dots has as many entries as its last
 * index says at the instance, where it is written out (instances.ts).
 *
 * Which names are vectors and matrices: those the notes declare (`\mathbf{x} \in \mathbb{R}^{3}`,
 * `W \in \mathbb{R}^{n \times m}`, front matter `matrix:`), bold ones (`\mathbf{w}` a vector,
 * `\mathbf{W}` a matrix), capital letters a step multiplies by something, and whatever the
 * structure then forces (a name right after a matrix in a product is a vector; terms of a sum
 * share a shape; a definition has the shape of its value). Sizes are tied by the structure and
 * by the declarations; free sizes are drawn differently for different dimensions, so a product
 * in the wrong order or a missing transpose does not go unnoticed on square matrices.
 */
import {
  ELLIPSIS, add, apply, assertNever, bigop, children, deriv, mul, num, pow, type Expr, type Sym,
} from '../core/expr.js';
import { entryOf, isBold, plainAccent, isIndexToken, layerBrackets, layerIndex, subIndices, subTokens } from '../core/indices.js';
import { MAX_RUN_ENTRIES } from '../core/limits.js';
import { hasRun, literalOf, literalRun, runLength, type Literal, type RunPattern } from '../core/grids.js';
import { freeSet, substitute, transform } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { find as findDim, unify as unifyDims, type DimNode } from './dims.js';
import { conventionalMatrices } from './matrix.js';
import type { Scope } from './scope.js';

/** A size: a number, or a class of sizes that must be equal (union–find), possibly named by a size symbol (`n`). */
type Dim = number | DimClass;
interface DimClass extends DimNode { named: Sym | null; id: number }
interface Shape { readonly rows: Dim; readonly cols: Dim }

const find = (d: Dim): Dim => findDim<DimClass>(d);
/** Make two sizes equal (see dims.ts); the class that stays keeps the size symbol that named either. */
const unify = (a: Dim, b: Dim): boolean => unifyDims<DimClass>(a, b, (root, joined) => {
  root.named ??= joined.named;
});

export interface TensorPlan {
  readonly shapes: ReadonlyMap<Sym, Shape>;
  /** The sides of vectors and matrices each free index runs along (`i` in `V_{ij}`: V's rows). */
  readonly indexDims: ReadonlyMap<string, readonly Dim[]>;
  /** Why the shapes cannot fit, and whether the notes' declarations fixed them (then it is the step's error). */
  readonly conflict: { readonly message: string; readonly declared: boolean } | null;
}

const bold = (s: Sym): 'vector' | 'matrix' | null => (isBold(s.accent) ? (/^[A-Z]/.test(s.name) ? 'matrix' : 'vector') : null);

/**
 * Shapes of the vectors and matrices of a step and the definitions it reaches, or null when it
 * has none (a scalar step, checked as it is).
 */
export function tensorPlan(sides: readonly Expr[], defs: readonly (readonly [Sym, Expr])[], scope: Scope, implicit: Sym): TensorPlan | null {
  const exprs = [...sides, ...defs.map(([, v]) => v)];
  let next = 0;
  const fresh = (matrix: boolean, named: Sym | null = null): DimClass => ({ parent: null, named, matrix, id: next++ });
  const shapes = new Map<Sym, Shape>();
  const sizeDim = new Map<Sym, DimClass>();
  const dimOf = (e: Expr, matrix: boolean): Dim => {
    if (e.kind === 'num' && e.value.d === 1n) return Number(e.value.valueOf());
    if (e.kind === 'sym') {
      let d = sizeDim.get(e);
      if (d === undefined) sizeDim.set(e, (d = fresh(matrix, e)));
      return d;
    }
    return fresh(matrix);
  };
  let declared = false;
  for (const [s, dims] of scope.shapes) {
    if (dims.length === 1) shapes.set(s, { rows: dimOf(dims[0]!, false), cols: 1 });
    if (dims.length === 2) shapes.set(s, { rows: dimOf(dims[0]!, true), cols: dimOf(dims[1]!, true) });
  }
  const seeds = new Set<Sym>([...conventionalMatrices(sides), ...scope.matrices]);
  // `\frac{\partial L}{\partial W^{[1]}}` after `\mathbf{z}^{[1]} = W^{[1]}\mathbf{x} + …`: a capital the step
  // names and a definition it reaches multiplies.
  const named = new Set(sides.flatMap(namesWritten));
  for (const m of conventionalMatrices(defs.map(([, v]) => v))) if (named.has(m)) seeds.add(m);
  const written = exprs.flatMap(namesWritten);
  for (const s of written) if (bold(s) === 'matrix') seeds.add(s);
  for (const m of seeds) if (!shapes.has(m) && !scope.shapes.has(m)) shapes.set(m, { rows: fresh(true), cols: fresh(true) });
  for (const s of written) if (bold(s) === 'vector' && !shapes.has(s)) shapes.set(s, { rows: fresh(false), cols: 1 });
  if (shapes.size === 0 && !exprs.some(hasLiteral)) return null;
  // Entries written out declare their shape as surely as `\in \mathbb{R}^{n}` does.
  declared = [...shapes.keys()].some((s) => scope.shapes.has(s)) || exprs.some(hasLiteral);
  let conflict: TensorPlan['conflict'] = null;
  // A clash is the notes' own error only when the declarations fix every size in it; a size
  // left free (a name the notes never gave a shape) makes it a doubt about our guess.
  const fixed = (...shs: Shape[]): boolean => declared && shs.every((s) => [s.rows, s.cols].every((d) => {
    const r = find(d);
    return typeof r === 'number' || r.named !== null;
  }));
  const clash = (message: () => string, ...shs: Shape[]): void => {
    conflict ??= { message: message(), declared: shs.length > 0 && fixed(...shs) };
  };
  const same = (a: Shape, b: Shape, message: () => string): void => {
    if (!unify(a.rows, b.rows) || !unify(a.cols, b.cols)) clash(message, a, b);
  };
  let learned = true;
  /** A symbol of unknown shape next to a tensor takes the shape the structure gives it. */
  const learn = (s: Sym, shape: Shape): void => {
    if (shapes.has(s) || scope.shapes.has(s) || isOne(shape)) return;
    shapes.set(s, shape);
    learned = true;
  };
  const shapeOf = (e: Expr): Shape | null => {
    switch (e.kind) {
      case 'num': case 'const': return null;
      case 'sym': return shapes.get(e) ?? null;
      case 'add': {
        const shs = e.terms.map(shapeOf);
        const first = shs.find((x) => x !== null) ?? null;
        if (first === null) return null;
        // A column added to a matrix of as many rows is added to each column (see plus).
        const wide = shs.find((x) => x !== null && typeof find(x.cols) !== 'number') ?? first;
        e.terms.forEach((t, i) => {
          const sh = shs[i];
          const name = scaled(t);
          if (sh === null && name.kind === 'sym' && !scope.defs.has(name)) learn(name, wide);
          else if (sh && isOne(sh)) return; // a number (`\mathbf{p}^\top \mathbf{p}`) is added to every entry
          else if (sh && find(sh.cols) === 1 && sh !== wide && typeof find(wide.cols) !== 'number') {
            if (!unify(sh.rows, wide.rows)) clash(() => `cannot add ${toLatex(e.terms[0]!)} and ${toLatex(t)}: their shapes differ`, sh, wide);
          } else if (sh) same(wide, sh, () => `cannot add ${toLatex(e.terms[0]!)} and ${toLatex(t)}: their shapes differ`);
        });
        return wide;
      }
      case 'mul': {
        let out: Shape | null = null;
        e.factors.forEach((f, i) => {
          let sh = shapeOf(f);
          // `W x`: a name of unknown shape right after a matrix is a vector it multiplies.
          if (sh === null && out !== null && f.kind === 'sym' && !scope.defs.has(f) && i === e.factors.length - 1 && typeof find(out.cols) !== 'number') {
            learn(f, { rows: out.cols, cols: 1 });
            sh = shapes.get(f) ?? null;
          }
          // A 1×1 product (`\mathbf{w}^\top \mathbf{x}`) is a number: it scales, it does not multiply sizes.
          if (sh === null || isOne(sh)) return;
          // So is a 1×1 product before it (\mathbf{p}^\top \mathbf{p}\, \mathbf{g}).
          if (out === null || isOne(out)) out = sh;
          else {
            if (!unify(out.cols, sh.rows)) clash(() => `cannot multiply ${toLatex(e)}: the sizes do not fit`, out, sh);
            out = { rows: out.rows, cols: sh.cols };
          }
        });
        return out;
      }
      case 'pow': {
        const sh = shapeOf(e.base);
        if (sh === null) return null;
        if (isTransposeMark(e.exp)) return { rows: sh.cols, cols: sh.rows };
        // A power of a vector is taken entry by entry (`\tanh^2(\mathbf{z})`, `(a^{[1]})^2`): it has no matrix power.
        if (find(sh.cols) === 1) return sh;
        if (!unify(sh.rows, sh.cols)) clash(() => `${toLatex(e)}: only a square matrix has powers`);
        return sh;
      }
      case 'apply': {
        const shs = e.args.map(shapeOf);
        const [a, b] = shs;
        switch (e.fn) {
          case 'transpose': return a ? { rows: a.cols, cols: a.rows } : null;
          case 'hadamard': if (a && b) same(a, b, () => `${toLatex(e)}: an elementwise product needs equal shapes`); return a ?? b ?? null;
          case 'outer': return a && b ? { rows: a.rows, cols: b.rows } : a ?? b ?? null;
          case 'norm': case 'kronecker': case 'logsumexp': case 'component': return null;
          case 'softmax': return a ?? null;
          case 'diag': return a ? { rows: a.rows, cols: a.rows } : null;
          case 'matrix': return literalShape(literalOf(e)!, e);
          default: return typeof e.fn === 'string' ? a ?? null : null;
        }
      }
      case 'deriv': {
        const body = shapeOf(e.body);
        const by = e.wrt.length === 1 ? shapes.get(e.wrt[0]!) ?? null : null;
        if (by === null) return body;
        if (body === null) return by;
        if (find(body.cols) === 1 && find(by.cols) === 1) return { rows: body.rows, cols: by.rows };
        clash(() => `${toLatex(e)}: a derivative of a matrix by a vector or matrix`);
        return null;
      }
      case 'sum': return shapeOf(e.body);
      case 'note': return shapeOf(e.body);
      case 'at': return shapeOf(e.body);
      case 'piecewise': return null;
      case 'rel': {
        const shs = e.args.map(shapeOf);
        const first = shs.find((x) => x !== null) ?? null;
        e.args.forEach((a, i) => {
          const sh = shs[i];
          if (first && sh === null && a.kind === 'sym') learn(a, first);
          else if (first && sh) same(first, sh, () => `the sides have different shapes (${toLatex(e.args[0]!)} and ${toLatex(a)})`);
        });
        return first;
      }
      default: return assertNever(e);
    }
  };
  /**
   * A literal's shape: its written grid of entries, each a number or a block (the columns
   * \mathbf{x}^{(i)} side by side make an n×m matrix); a run's count is its last index (`m`).
   */
  const literalShape = (l: Literal, e: Expr): Shape | null => {
    const cell = (c: Expr): Shape | null => shapeOf(c) ?? (c.kind === 'sym' ? shapeIn(shapes, c) ?? null : null);
    const column = l.cols === 1 && l.rows > 1;
    const run = hasRun(l) ? literalRun(l) : null;
    // A run from 1 has as many entries as its last index; from 0, or too long to write out, a size of its own.
    const count = (r: RunPattern): Dim => (r.lo === 1 && (r.hi.kind !== 'num' || runLength(r, () => undefined) !== null) ? dimOf(r.hi, false) : fresh(false));
    const counts: [Dim, Dim] = run === null ? [l.rows, l.cols] : column ? [count(run), 1] : [1, count(run)];
    // A run's entries follow its first ones, whose names are the ones given shapes (\mathbf{x}^{(1)}).
    const blocks = (run === null ? l.cells : l.cells.slice(0, l.cells.indexOf(ELLIPSIS))).map(cell);
    const first = blocks.find((b) => b !== null) ?? null;
    if (first === null) return { rows: counts[0], cols: counts[1] };
    const fits = (b: Shape | null): boolean => b !== null && (column ? unify(b.rows, 1) && unify(b.cols, first.cols) : unify(b.cols, 1) && unify(b.rows, first.rows));
    if ((l.rows > 1 && l.cols > 1) || !blocks.every(fits)) {
      clash(() => `${toLatex(e)}: its entries are neither all numbers nor all ${column ? 'rows' : 'columns'} of one size`);
      return null;
    }
    return column ? { rows: counts[0], cols: first.cols } : { rows: first.rows, cols: counts[1] };
  };
  // `\sum_{k=1}^{K} e^{z_k}` with \mathbf{z} a vector: z has K entries; summed without a range
  // (`\sum_i`): z has the instance's size. A free index (`z_i`, `V_{ij}`) runs over the sides it
  // indexes, at most their size.
  const indexDims = new Map<string, Dim[]>();
  // An indexed definition (`p_i = \operatorname{softmax}(\mathbf{z})_i`) is written out for i up to the instance's size.
  const rangesOf = (e: Expr): Map<string, Expr | null> => {
    const def = defs.find(([, v]) => v === e);
    return new Map(def === undefined ? [] : subIndices(def[0]).map((t) => [t, implicit] as const));
  };
  for (const e of exprs) {
    linkRanges(e, rangesOf(e), implicit, shapes, (shape, at, hi) => {
      const side = at === 0 ? shape.rows : shape.cols;
      if (typeof hi === 'string') {
        indexDims.set(hi, [...indexDims.get(hi) ?? [], side]);
        return;
      }
      if (!unify(side, dimOf(hi, at === 1 || typeof find(shape.cols) !== 'number'))) {
        clash(() => `${toLatex(hi)} entries do not fit the size of a vector or matrix summed over`);
      }
    });
  }
  // Definitions in the order they build on each other (h = Wx + b before ŷ = Vh + c), so a
  // name's shape is known before a product or sum meets it.
  const equations = dependencyOrder(defs).map(([s, v]) => ({ s, v }));
  for (let round = 0; learned && round < 12; round++) {
    learned = false;
    for (const { s, v } of equations) {
      const sh = shapeOf(v);
      if (sh !== null) {
        if (shapes.has(s)) same(shapes.get(s)!, sh, () => `${toLatex(s)} is defined with a shape it does not have`);
        else learn(s, sh);
      }
    }
    for (const e of sides) shapeOf(e);
    // `a^{[2](i)} = \sigma(z^{[2](i)})`: a side that is a name nothing gives a shape has the other side's.
    for (const [x, y] of [[sides[0], sides[1]], [sides[1], sides[0]]] as const) {
      if (x?.kind !== 'sym' || y === undefined || scope.defs.has(x) || shapeOf(x) !== null) continue;
      const other = shapeOf(y);
      if (other !== null) learn(x, other);
    }
  }
  const [l, r] = sides.map(shapeOf);
  if (l && r) same(l, r, () => `the sides have different shapes: ${describe(l)} and ${describe(r)}`);
  // A capital or bold name nothing gave a shape (`\hat{Y}` described in prose) may be a matrix:
  // the step's shapes are a guess, and a clash is a doubt, not the notes' error.
  const guessed = sides.flatMap(namesWritten).some((s) => !shapes.has(s) && !scope.shapes.has(s) && !scope.defs.has(s) && (/^[A-Z]/.test(s.name) || bold(s) !== null));
  const found = conflict as TensorPlan['conflict'];
  return { shapes, conflict: found !== null && guessed ? { ...found, declared: false } : found, indexDims };
}

/**
 * Entries of a vector or matrix indexed by a sum's index (`z_k` under `\sum_{k=1}^{K}`, `W_{kj}`
 * under `\sum_k`) or by a free one (`z_i`): `link` is told the shape, which of its sides the index
 * runs along, and the sum's upper end (a range from 1 is the side's size) or the free index's letter.
 */
function linkRanges(e: Expr, ranges: ReadonlyMap<string, Expr | null>, implicit: Sym, shapes: ReadonlyMap<Sym, Shape>, link: (shape: Shape, at: number, hi: Expr | string) => void): void {
  if (e.kind === 'sum') {
    const from1 = e.lo === null || (e.lo.kind === 'num' && e.lo.value.d === 1n && e.lo.value.n === 1n && e.lo.value.s > 0n);
    const inner = new Map(ranges);
    // A range that does not start at 1 (or a sum over a decorated name) says nothing of a size.
    inner.set(e.index.name, from1 && e.index.sub === undefined ? e.hi ?? implicit : null);
    linkRanges(e.body, inner, implicit, shapes, link);
    return;
  }
  if (e.kind === 'sym' && e.sub !== undefined) {
    const tokens = subTokens(e.sub);
    const base = [...shapes].find(([s]) => s.name === e.name && s.layer === e.layer && (s.accent === e.accent || (isBold(s.accent) && plainAccent(s.accent) === e.accent)));
    if (base !== undefined && tokens.length <= 2) {
      tokens.forEach((t, at) => {
        const hi = ranges.has(t) ? ranges.get(t)! : isIndexToken(t) ? t : null;
        if (hi !== null) link(base[1], tokens.length === 1 ? 0 : at, hi);
      });
    }
    return;
  }
  // `\operatorname{softmax}(\mathbf{z})_i`, `(\mathbf{z})_i`: entry i of the vector the function keeps the shape of.
  if (e.kind === 'apply' && e.fn === 'component' && e.args[1]?.kind === 'sym' && e.args[1].sub === undefined) {
    let v = e.args[0]!;
    while (v.kind === 'apply' && typeof v.fn === 'string' && v.args.length === 1) v = v.args[0]!;
    const shape = v.kind === 'sym' ? shapes.get(v) : undefined;
    const t = e.args[1].name;
    const hi = ranges.has(t) ? ranges.get(t)! : isIndexToken(t) ? t : null;
    if (shape !== undefined && hi !== null) link(shape, 0, hi);
  }
  for (const c of children(e)) linkRanges(c, ranges, implicit, shapes, link);
}

/** The names an expression writes: its free symbols and the variables it differentiates by (`\nabla_{\mathbf{z}}`). */
export function namesWritten(e: Expr): Sym[] {
  const out = new Set(freeSet(e));
  const visit = (x: Expr): void => {
    if (x.kind === 'deriv') x.wrt.forEach((v) => out.add(v));
    children(x).forEach(visit);
  };
  visit(e);
  return [...out];
}

/** Definitions with each after the ones its value mentions (the notes' definitions have no cycles). */
function dependencyOrder(defs: readonly (readonly [Sym, Expr])[]): (readonly [Sym, Expr])[] {
  const byName = new Map(defs);
  const out: (readonly [Sym, Expr])[] = [];
  const placed = new Set<Sym>();
  const place = (s: Sym, v: Expr): void => {
    if (placed.has(s)) return;
    placed.add(s);
    for (const d of freeSet(v)) {
      const w = byName.get(d);
      if (w !== undefined) place(d, w);
    }
    out.push([s, v]);
  };
  for (const [s, v] of defs) place(s, v);
  return out;
}

/** A name under a number (`-Y`, `2\mathbf{w}`): the name. */
const scaled = (t: Expr): Expr => (t.kind === 'mul' && t.factors.length === 2 && t.factors[0]!.kind === 'num' ? t.factors[1]! : t);

/** A shape whose sizes are both 1 however the rest is drawn: a number. */
const isOne = (s: Shape): boolean => find(s.rows) === 1 && find(s.cols) === 1;

/** `^T` and `^{\mathsf{T}}` on a vector or matrix: the transpose. */
const isTransposeMark = (e: Expr): boolean => e.kind === 'sym' && e.name === 'T' && e.sub === undefined && e.layer === undefined;

const describe = (s: Shape): string => {
  const d = (x: Dim): string => {
    const r = find(x);
    return typeof r === 'number' ? String(r) : r.named ? toLatex(r.named) : '·';
  };
  return `${d(s.rows)}×${d(s.cols)}`;
};

// ---------------------------------------------------------------------------------------------
// Entries

interface Grid { readonly rows: number; readonly cols: number; readonly at: readonly Expr[] }
const SCALAR = (e: Expr): Grid => ({ rows: 1, cols: 1, at: [e] });

class ShapeMismatch extends Error {}

/** The largest value each free index can take at an instance: the smallest side it runs along. */
export function indexLimits(plan: TensorPlan, size: (d: Dim) => number): Map<string, number> {
  return new Map([...plan.indexDims].map(([t, dims]) => [t, Math.min(...dims.map(size))] as const));
}

/** Concrete sizes of an instance: named sizes from `sizes`, the others drawn per class. */
export function concreteSizes(plan: TensorPlan, sizes: ReadonlyMap<Sym, number>, variant: number): (d: Dim) => number {
  const chosen = new Map<DimClass, number>();
  return (d) => {
    const r = find(d);
    if (typeof r === 'number') return r;
    let n = chosen.get(r);
    if (n === undefined) {
      n = r.named !== null && sizes.has(r.named) ? sizes.get(r.named)! : 2 + ((r.id + variant) % 3);
      chosen.set(r, n);
    }
    return n;
  };
}

/** The vectors and matrices of an instance drawn at random (not those defined) with their sizes, as a witness names them: `W^{[1]} (2×3)`, `x (3)`. */
export function shapeList(plan: TensorPlan, size: (d: Dim) => number, scope: Scope): string[] {
  return [...plan.shapes].filter(([s]) => !scope.defs.has(s)).map(([s, sh]) => {
    const [r, c] = [size(sh.rows), size(sh.cols)];
    return `${toLatex(s)} (${c === 1 ? r : `${r}×${c}`})`;
  });
}

/** The entry names of a vector or matrix: `\mathbf{z}` → z_1, z_2, …; `W^{[1]}` → W^{[1]}_{11}, W^{[1]}_{12}, … */
function entries(s: Sym, rows: number, cols: number): Expr[] {
  const out: Expr[] = [];
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) out.push(entryOf(s, cols === 1 ? [String(i)] : rows === 1 ? [String(j)] : [String(i), String(j)]));
  }
  return out;
}

/**
 * The shape of a name, also where an instance gave its example or layer index a value: `\mathbf{x}^{(2)}`
 * has the shape of `\mathbf{x}^{(i)}`.
 */
function shapeIn(shapes: ReadonlyMap<Sym, Shape>, s: Sym): Shape | undefined {
  const own = shapes.get(s);
  if (own !== undefined || s.layer === undefined || !/^(\(\d+\)|\{\d+\}|\d+)$/.test(s.layer)) return own;
  const style = layerBrackets(s.layer)[0];
  for (const [p, sh] of shapes) {
    if (p.name === s.name && p.sub === s.sub && p.accent === s.accent && layerIndex(p.layer) !== null && layerBrackets(p.layer!)[0] === style) return sh;
  }
  return undefined;
}

/** Every vector and matrix of `e` written out entry by entry. */
export function gridOf(e: Expr, plan: TensorPlan, size: (d: Dim) => number, scope: Scope): Grid {
  const shape = (s: Sym): [number, number] | null => {
    const sh = shapeIn(plan.shapes, s);
    return sh === undefined ? null : [size(sh.rows), size(sh.cols)];
  };
  const go = (x: Expr): Grid => {
    switch (x.kind) {
      case 'num': case 'const': return SCALAR(x);
      case 'sym': {
        const sh = shape(x);
        // `J` after `J(\mathbf{w}) = …`: the function at its own arguments, worked out entry by entry.
        const f = sh === null && !scope.defs.has(x) ? scope.functions.get(x) : undefined;
        if (f !== undefined && f.params.some((p) => plan.shapes.has(p))) return go(f.body);
        if (sh === null) return SCALAR(x);
        // `\mathbf{0}`, `\mathbf{1}`: every entry is that number.
        if (/^[01]$/.test(x.name)) return { rows: sh[0], cols: sh[1], at: Array.from({ length: sh[0] * sh[1] }, () => num(x.name)) };
        // `I` that nothing defines, as a square matrix: the identity.
        if (x.name === 'I' && x.sub === undefined && !scope.defs.has(x) && sh[0] === sh[1]) {
          return { rows: sh[0], cols: sh[1], at: Array.from({ length: sh[0] * sh[1] }, (_, k) => num(Math.floor(k / sh[1]) === k % sh[1] ? 1 : 0)) };
        }
        return { rows: sh[0], cols: sh[1], at: entries(x, ...sh) };
      }
      case 'add': return x.terms.map(go).reduce(plus);
      case 'mul': return x.factors.map(go).reduce(times);
      case 'pow': {
        const b = go(x.base);
        if (isScalar(b)) return SCALAR(pow(b.at[0]!, scalarOf(go(x.exp))));
        if (isTransposeMark(x.exp)) return transpose(b);
        if (b.cols === 1) return mapGrid(b, (v) => pow(v, scalarOf(go(x.exp))));
        const k = x.exp.kind === 'num' && x.exp.value.d === 1n && x.exp.value.s > 0n ? Number(x.exp.value.n) : 0;
        if (k < 1 || k > 8) throw new ShapeMismatch(`${toLatex(x)}: only small positive integer powers of a matrix`);
        let out = b;
        for (let i = 1; i < k; i++) out = times(out, b);
        return out;
      }
      case 'apply': {
        const args = x.args.map(go);
        switch (x.fn) {
          case 'transpose': return transpose(args[0]!);
          case 'hadamard': return entrywise2(args[0]!, args[1]!, (a, b) => mul(a, b));
          case 'outer': return times(args[0]!, transpose(args[1]!));
          case 'norm': return SCALAR(pow(add(...args[0]!.at.map((v) => pow(v, num(2)))), num('1/2')));
          case 'softmax': {
            const z = args[0]!;
            const total = add(...z.at.map((v) => apply('exp', [v])));
            return mapGrid(z, (v) => mul(apply('exp', [v]), pow(total, num(-1))));
          }
          case 'logsumexp': return SCALAR(apply('ln', [add(...args[0]!.at.map((v) => apply('exp', [v])))]));
          case 'component': {
            const [v, i] = [args[0]!, scalarOf(args[1]!)];
            if (isScalar(v)) return v;
            const k = i.kind === 'num' && i.value.d === 1n ? Number(i.value.valueOf()) : NaN;
            if (!(k >= 1 && k <= v.at.length)) throw new ShapeMismatch(`${toLatex(x)}: no entry ${toLatex(i)} in a vector of ${v.at.length}`);
            return SCALAR(v.at[k - 1]!);
          }
          case 'diag': {
            const v = args[0]!;
            const n = v.at.length;
            return { rows: n, cols: n, at: Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? v.at[k % n]! : num(0))) };
          }
          case 'matrix': return blocks(literalOf(x)!, args.slice(2), x);
          default: {
            // A function the notes define of vectors or matrices: its body at the arguments.
            const f = typeof x.fn === 'string' || x.primes > 0 ? undefined : scope.functions.get(x.fn);
            if (f !== undefined && f.params.length === x.args.length && f.params.some((p) => plan.shapes.has(p))) {
              return go(substitute(f.body, new Map(f.params.map((p, k) => [p as Expr, x.args[k]!]))));
            }
            if (args.every(isScalar)) return SCALAR(apply(x.fn, args.map(scalarOf), x.primes));
            if (typeof x.fn !== 'string') throw new ShapeMismatch(`${toLatex(x)}: a function of a vector`);
            const [first, ...rest] = args;
            if (!rest.every(isScalar)) throw new ShapeMismatch(`${toLatex(x)}: a vector where a number belongs`);
            return { ...first!, at: first!.at.map((v) => apply(x.fn, [v, ...rest.map(scalarOf)], x.primes)) };
          }
        }
      }
      case 'deriv': {
        const body = go(x.body);
        if (x.wrt.length !== 1) return body.at.length === 1 ? SCALAR(deriv(body.at[0]!, x.wrt, x.partial)) : mapGrid(body, (v) => deriv(v, x.wrt, x.partial));
        const by = go(x.wrt[0]!);
        const vars = by.at as Sym[];
        if (isScalar(by)) return mapGrid(body, (v) => deriv(v, [vars[0]!], x.partial));
        // ∂L/∂W: the shape of W; ∂p/∂z: the Jacobian, one row per entry of p.
        if (isScalar(body)) return { ...by, at: vars.map((v) => deriv(body.at[0]!, [v], x.partial)) };
        if (body.cols === 1 && by.cols === 1) return { rows: body.rows, cols: by.rows, at: body.at.flatMap((b) => vars.map((v) => deriv(b, [v], x.partial))) };
        throw new ShapeMismatch(`${toLatex(x)}: a derivative of a matrix by a vector or matrix`);
      }
      case 'sum': return mapGrid(go(x.body), (v) => bigop(x.op, x.index, x.lo, x.hi, v));
      case 'note': return go(x.body);
      case 'at': return go(substitute(x.body, new Map([[x.v, x.value]])));
      case 'piecewise': return SCALAR(x);
      case 'rel': throw new ShapeMismatch('a relation inside an expression');
      default: return assertNever(x);
    }
  };
  return go(e);
}

const isScalar = (g: Grid): boolean => g.rows === 1 && g.cols === 1;
function scalarOf(g: Grid): Expr {
  if (!isScalar(g)) throw new ShapeMismatch(`a ${g.rows}×${g.cols} value where a number belongs`);
  return g.at[0]!;
}
const mapGrid = (g: Grid, f: (e: Expr) => Expr): Grid => ({ ...g, at: g.at.map(f) });

function transpose(g: Grid): Grid {
  const at: Expr[] = [];
  for (let j = 0; j < g.cols; j++) for (let i = 0; i < g.rows; i++) at.push(g.at[i * g.cols + j]!);
  return { rows: g.cols, cols: g.rows, at };
}

/** A literal's grid from its entries' grids: each row of blocks side by side, the rows one under another. */
function blocks(l: Literal, cells: readonly Grid[], e: Expr): Grid {
  if (hasRun(l)) throw new ShapeMismatch(`${toLatex(e)}: the dots stand for a number of entries that is not known, or more than ${MAX_RUN_ENTRIES}`);
  const misfit = (): never => { throw new ShapeMismatch(`${toLatex(e)}: its entries do not fit together`); };
  const beside = (a: Grid, b: Grid): Grid => {
    if (a.rows !== b.rows) misfit();
    const at: Expr[] = [];
    for (let i = 0; i < a.rows; i++) at.push(...a.at.slice(i * a.cols, (i + 1) * a.cols), ...b.at.slice(i * b.cols, (i + 1) * b.cols));
    return { rows: a.rows, cols: a.cols + b.cols, at };
  };
  const under = (a: Grid, b: Grid): Grid => (a.cols === b.cols ? { rows: a.rows + b.rows, cols: a.cols, at: [...a.at, ...b.at] } : misfit());
  return Array.from({ length: l.rows }, (_, i) => cells.slice(i * l.cols, (i + 1) * l.cols).reduce(beside)).reduce(under);
}

/** Whether an expression holds a vector or matrix written entry by entry. */
function hasLiteral(e: Expr): boolean {
  let found = false;
  transform(e, (x) => {
    if (literalOf(x) !== null) found = true;
    return x;
  });
  return found;
}

/** Sums of tensors of one shape; a number beside a vector is added to every entry, as ML notes write `1 - \mathbf{a}`. */
/**
 * A sum of grids. A column (r×1) added to an r×c matrix is added to each of its columns, and a
 * row to each row: the bias of a layer over a batch (`W X + \mathbf{b}`). Two vectors are never
 * spread into a matrix (a row plus a column is a shape error).
 */
function plus(a: Grid, b: Grid): Grid {
  const spread = (v: Grid, m: Grid): Grid | null => {
    if (v.cols === 1 && v.rows === m.rows && m.cols > 1 && m.rows > 1) return { ...m, at: m.at.map((_, k) => v.at[Math.floor(k / m.cols)]!) };
    if (v.rows === 1 && v.cols === m.cols && m.rows > 1 && m.cols > 1) return { ...m, at: m.at.map((_, k) => v.at[k % m.cols]!) };
    return null;
  };
  return entrywise2(spread(a, b) ?? a, spread(b, a) ?? b, (x, y) => add(x, y));
}

function entrywise2(a: Grid, b: Grid, f: (x: Expr, y: Expr) => Expr): Grid {
  if (isScalar(a) && !isScalar(b)) return mapGrid(b, (y) => f(a.at[0]!, y));
  if (isScalar(b) && !isScalar(a)) return mapGrid(a, (x) => f(x, b.at[0]!));
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ShapeMismatch(`shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} do not match`);
  return { ...a, at: a.at.map((x, i) => f(x, b.at[i]!)) };
}

function times(a: Grid, b: Grid): Grid {
  if (isScalar(a)) return mapGrid(b, (y) => mul(a.at[0]!, y));
  if (isScalar(b)) return mapGrid(a, (x) => mul(x, b.at[0]!));
  if (a.cols !== b.rows) throw new ShapeMismatch(`cannot multiply a ${a.rows}×${a.cols} by a ${b.rows}×${b.cols}`);
  const at: Expr[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      const terms: Expr[] = [];
      for (let k = 0; k < a.cols; k++) terms.push(mul(a.at[i * a.cols + k]!, b.at[k * b.cols + j]!));
      at.push(add(...terms));
    }
  }
  return { rows: a.rows, cols: b.cols, at };
}

/** Fixed positive weights for combining entries: 1, 17/11, 12/11, …, never two alike in a row. */
const weight = (k: number): Expr => num(`${11 + ((k * 6) % 11)}/11`);

/**
 * Both sides written out entry by entry and combined into one scalar each, with the
 * definitions in scope written out the same way; or the shape problem that stops it.
 */
export function scalarize(left: Expr, right: Expr, scope: Scope, plan: TensorPlan, size: (d: Dim) => number):
  { left: Expr; right: Expr; scope: Scope } | { mismatch: string } {
  try {
    const [l, r] = [gridOf(left, plan, size, scope), gridOf(right, plan, size, scope)];
    if (l.rows !== r.rows || l.cols !== r.cols) {
      if (!(isScalar(l) || isScalar(r))) return { mismatch: `the left side is ${l.rows}×${l.cols}, the right side ${r.rows}×${r.cols}` };
    }
    const wide = isScalar(l) ? r : l;
    const combine = (g: Grid): Expr => (isScalar(g) && !isScalar(wide)
      ? mul(g.at[0]!, add(...wide.at.map((_, k) => weight(k))))
      : add(...g.at.map((e, k) => mul(weight(k), e))));
    const defs = new Map<Sym, Expr>();
    for (const [s, v] of scope.defs) {
      try {
        const g = gridOf(v, plan, size, scope);
        const sh = shapeIn(plan.shapes, s);
        if (sh === undefined) {
          if (isScalar(g)) defs.set(s, g.at[0]!);
          continue;
        }
        const names = entries(s, size(sh.rows), size(sh.cols));
        if (names.length !== g.at.length) continue;
        names.forEach((n, k) => defs.set(n as Sym, g.at[k]!));
      } catch (err) {
        if (!(err instanceof ShapeMismatch)) throw err;
      }
    }
    return { left: combine(l), right: combine(r), scope: { ...scope, defs, matrices: new Set() } };
  } catch (err) {
    if (err instanceof ShapeMismatch) return { mismatch: err.message };
    throw err;
  }
}

