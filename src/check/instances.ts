/**
 * Steps with sums and indices, checked at concrete sizes. A step like
 *
 *   ∂p_i/∂z_j = p_i(δ_{ij} − p_j)     with p_i = e^{z_i} / Σ_{k=1}^{K} e^{z_k}
 *
 * holds for every size K and every pair of indices, so it is checked at several of them: K from
 * 2 to 5, and index values that include both i = j and i ≠ j. Each instance is an ordinary
 * scalar step — sums written out term by term, indexed definitions (`p_i = …`) written out for
 * each index, indices replaced by numbers — that the judge samples as usual. The step is
 * invalid when one instance is, and its witness names the size and the indices.
 *
 * A symbol is a size when a sum runs up to it (`K`, `n`); an index when it is one letter in a
 * subscript (`z_i`, `W_{ij}`) or an argument of the Kronecker delta, and is not a name the notes
 * define. A sum with no range written (`\sum_k`) runs over every component, of a size chosen
 * the same way.
 */
import { add, children, num, sub, sym, type Expr, type Sym } from '../core/expr.js';
import { hasRun, literalOf, literalRun, runLength, writeOutRun, type RunPattern } from '../core/grids.js';
import { isBold, isIndexToken, plainAccent, subIndices } from '../core/indices.js';
import { concreteRange, expandBigOp, freeSet, renameIndices, substitute, symbolsIn, transform } from '../core/walk.js';
import { symLatex } from '../print/latex.js';
import { assumptionsOf, type Scope } from './scope.js';
import { concreteSizes, indexLimits, namesWritten, scalarize, shapeList, tensorPlan, type TensorPlan } from './tensor.js';

/** Sizes a sum is checked at. */
export const SIZES = [2, 3, 4, 5] as const;
/**
 * Index values tried at each size: two at the small sizes (so i = j and i ≠ j both come up), one
 * at the larger; six instances in all, about the points of one scalar step.
 */
const PER_SIZE: Readonly<Record<number, number>> = { 2: 2, 3: 2, 4: 1, 5: 1 };

/** Letters that name a size in ML notes (n examples, K classes, d features, m a batch). */
const SIZE_LETTER = /^[nNKmMdD]$/;

/** The size of sums whose range the notes leave implicit (`\sum_k`). */
const IMPLICIT = sym('\u2211');

export interface Instance {
  /** What this instance fixes, as shown in a witness: sizes first, then indices. */
  readonly label: readonly (readonly [string, number])[];
  readonly left: Expr;
  readonly right: Expr;
  readonly scope: Scope;
  /** Why the vectors and matrices of this instance do not fit, or null. */
  readonly mismatch: string | null;
  /** The step has vectors or matrices (written out entry by entry). */
  readonly tensor: boolean;
  /** Its vectors and matrices with their sizes at this instance (`W (2×3)`), for the witness. */
  readonly shapes: readonly string[];
  /** Why the shapes the notes declare cannot fit this step, whatever the sizes: the step's own error. */
  readonly declaredMismatch: string | null;
}

interface Plan {
  readonly sizes: readonly Sym[];
  readonly indices: readonly string[];
  /** Shapes of the step's vectors and matrices, when it has any. */
  readonly tensors: TensorPlan | null;
}

/** The run of a literal written with dots, or null. */
function runOf(e: Expr): RunPattern | null {
  const l = literalOf(e);
  return l !== null && hasRun(l) ? literalRun(l) : null;
}

const hasIndexWork = (e: Expr): boolean => {
  let found = false;
  transform(e, (x) => {
    if (x.kind === 'sum' || (x.kind === 'apply' && x.fn === 'kronecker')) found = true;
    return x;
  });
  return found;
};

/** Whether a definition's name is indexed (`p_i`, `W_{ij}`): it stands for one definition per index value. */
const isTemplate = (s: Sym): boolean => subIndices(s).length > 0;

/** The definitions an expression reaches, through other definitions, as (name, value). */
function reached(exprs: readonly Expr[], scope: Scope): [Sym, Expr][] {
  const out: [Sym, Expr][] = [];
  const seen = new Set<Sym>();
  const templates = [...scope.defs.keys()].filter(isTemplate);
  const visit = (e: Expr): void => {
    const heads: Sym[] = [];
    transform(e, (x) => {
      if (x.kind === 'apply' && typeof x.fn !== 'string') heads.push(x.fn);
      // What a derivative is taken by is reached too (δ = ∂L/∂z reaches z's definition, and its shape).
      if (x.kind === 'deriv') for (const v of x.wrt) if (v.kind === 'sym') heads.push(v);
      return x;
    });
    for (const s of [...symbolsIn(e), ...heads]) {
      if (seen.has(s)) continue;
      seen.add(s);
      const direct = scope.defs.get(s) ?? scope.functions.get(s)?.body;
      if (direct !== undefined) {
        out.push([s, direct]);
        visit(direct);
      }
      // An entry (`A^{[2]}_i`, `p_1` of a bold \mathbf{p}) reaches the vector or matrix it is an entry of.
      const whole = s.sub === undefined ? undefined : [...scope.defs.keys()].find((d) => d.name === s.name && d.sub === undefined && d.layer === s.layer && d.primes === 0
        && (d.accent === s.accent || (isBold(d.accent) && plainAccent(d.accent) === s.accent)));
      if (whole !== undefined && !seen.has(whole)) {
        seen.add(whole);
        out.push([whole, scope.defs.get(whole)!]);
        visit(scope.defs.get(whole)!);
      }
      for (const t of templates) {
        if (t !== s && t.name === s.name && t.layer === s.layer && t.accent === s.accent && !seen.has(t)) {
          seen.add(t);
          out.push([t, scope.defs.get(t)!]);
          visit(scope.defs.get(t)!);
        }
      }
    }
  };
  exprs.forEach(visit);
  return out;
}

/** What a step with sums or indices is checked over, or null when it has neither. */
function planOf(left: Expr, right: Expr, scope: Scope): Plan | null {
  const own = [left, right];
  const pairs = reached(own, scope);
  const defs = pairs.map(([, v]) => v);
  const usesTemplates = [...own.flatMap((e) => [...symbolsIn(e)])].some((s) => [...scope.defs.keys()].some((t) => isTemplate(t) && t.name === s.name));
  const tensors = tensorPlan(own, pairs, scope, IMPLICIT);
  if (![...own, ...defs].some(hasIndexWork) && !usesTemplates && tensors === null) return null;
  const sizes = new Set<Sym>();
  // Sizes the notes declare (`\mathbb{R}^{n \times d}`) are sizes like the range of a sum.
  for (const dims of scope.shapes.values()) for (const d of dims) if (d.kind === 'sym') sizes.add(d);
  let implicit = false;
  for (const e of [...own, ...defs]) {
    transform(e, (x) => {
      if (x.kind === 'sum') {
        if (x.lo === null) implicit = true;
        for (const b of [x.lo, x.hi]) if (b !== null) for (const s of freeSet(b)) sizes.add(s);
      }
      // So does the last index of a run written with dots (\hat{y}_n, \mathbf{x}^{(m)}).
      const run = runOf(x);
      if (run !== null) for (const s of freeSet(run.hi)) sizes.add(s);
      return x;
    });
  }
  // An index in the name of a whole vector (\mathbf{w}_k) says which vector: its entries are
  // worked out with the letter kept, so it is not given values here.
  const naming = new Set(own.flatMap(namesWritten).filter(wholeIn(scope)).flatMap(subIndices));
  const indices = new Set<string>(own.flatMap((e) => wrtIndices(e, scope)).filter((t) => !naming.has(t)));
  for (const e of own) {
    for (const s of freeSet(e)) {
      for (const t of subIndices(s)) indices.add(t);
      if (isIndexToken(s.name) && s.sub === undefined && s.layer === undefined && s.accent === undefined && !scope.defs.has(s) && usedAsIndex(s.name, own)) indices.add(s.name);
    }
  }
  for (const s of sizes) indices.delete(s.name);
  // A subscript that is the name of a quantity of the notes is a label (δ_h, δ_o after \vec{h} = …, o = …).
  const quantities = new Set([...scope.defs.keys(), ...scope.shapes.keys()].filter((s) => s.sub === undefined).map((s) => s.name));
  for (const name of [...indices]) if (quantities.has(name)) indices.delete(name);
  return { sizes: implicit || sizes.size === 0 ? [...sizes, IMPLICIT] : [...sizes], indices: [...indices].sort(), tensors };
}

/**
 * The plan with its names at the instance's index values: \mathbf{w}_k is \mathbf{w}_1 at k = 1,
 * z^{(l)} is z^{(1)}. A name indexed by a letter the step does not fix (\mathbf{w}_k in the
 * definition `z_k = \mathbf{w}_k^\top \mathbf{x} + b_k`, written out as z_1, …, z_n) has its shape at every index value.
 */
function atIndices(plan: TensorPlan, indices: ReadonlyMap<string, number>, n: number): TensorPlan {
  const shapes = new Map(plan.shapes);
  const add = (s: Sym, values: ReadonlyMap<string, number>, sh: ReturnType<TensorPlan['shapes']['get']>): void => {
    const named = renameIndices(s, values);
    if (named !== s && named.kind === 'sym' && !shapes.has(named)) shapes.set(named, sh!);
  };
  for (const [s, sh] of plan.shapes) add(s, indices, sh);
  for (const [s, sh] of plan.shapes) {
    const letters = subIndices(s).filter((l) => !indices.has(l));
    for (const values of letters.length === 0 ? [] : assignments(letters, n, n ** letters.length)) {
      add(s, new Map([...indices, ...letters.map((l, i) => [l, values[i]!] as const)]), sh);
    }
  }
  return { ...plan, shapes };
}

/** Whether a name is a whole vector or matrix: bold, or given a shape. */
const wholeIn = (scope: Scope) => (v: Sym): boolean => isBold(v.accent) || scope.shapes.has(v);

/**
 * The index letters of the entries a step differentiates by (j, k in ∂C/∂w_{jk}), outside the
 * sums that bind them. The subscript of a whole vector (\mathbf{w}_k, row k of W) names which
 * vector, and its derivative is taken entry by entry with k kept as a letter.
 */
function wrtIndices(e: Expr, scope: Scope): string[] {
  const out: string[] = [];
  const whole = wholeIn(scope);
  const walk = (x: Expr, bound: ReadonlySet<string>): void => {
    if (x.kind === 'deriv') for (const v of x.wrt) if (v.kind === 'sym' && !whole(v)) out.push(...subIndices(v).filter((t) => !bound.has(t)));
    const inner = x.kind === 'sum' ? new Set([...bound, x.index.name]) : bound;
    children(x).forEach((c) => walk(c, inner));
  };
  walk(e, new Set());
  return out;
}

/** A plain letter is an index when the step also writes it in a subscript or gives it to δ. */
function usedAsIndex(name: string, exprs: readonly Expr[]): boolean {
  let used = false;
  for (const e of exprs) {
    transform(e, (x) => {
      if (x.kind === 'apply' && x.fn === 'kronecker' && x.args.some((a) => a.kind === 'sym' && a.name === name)) used = true;
      if (x.kind === 'sym' && subIndices(x).includes(name)) used = true;
      return x;
    });
  }
  return used;
}

/** Index values for one size: every assignment when there are few, else an even spread that keeps i = j and i ≠ j. */
function assignments(indices: readonly string[], n: number, budget: number): number[][] {
  if (indices.length === 0) return [[]];
  const all: number[][] = [];
  const total = n ** indices.length;
  const step = Math.max(1, Math.floor(total / budget));
  for (let code = 0; code < total && all.length < budget; code += step) {
    const values: number[] = [];
    let c = code;
    for (let i = 0; i < indices.length; i++) { values.push((c % n) + 1); c = Math.floor(c / n); }
    all.push(values);
  }
  if (indices.length >= 2 && !all.some((v) => v[0] === v[1])) all[0] = Array(indices.length).fill(1);
  if (indices.length >= 2 && !all.some((v) => v[0] !== v[1])) all.push([1, 2, ...Array(indices.length - 2).fill(1)]);
  return all;
}

/** The expression at concrete sizes and index values: sums written out term by term. */
function instantiate(e: Expr, sizes: ReadonlyMap<Sym, number>, indices: ReadonlyMap<string, number>): Expr {
  // Runs first, while their last entry still names its size (\hat{y}_n).
  const written = transform(e, (x) => {
    const run = runOf(x);
    const count = run === null ? null : runLength(run, (s) => sizes.get(s));
    return run === null || count === null ? x : writeOutRun(literalOf(x)!, run, count);
  });
  const sized = sizes.size === 0 ? written : substitute(written, new Map([...sizes].map(([s, n]) => [s as Expr, num(n) as Expr])));
  const named = renameIndices(sized, indices);
  const implicit = sizes.get(IMPLICIT) ?? SIZES[0];
  return transform(named, (x) => {
    if (x.kind !== 'sum') return x;
    const range = x.lo === null ? [1, implicit] as [number, number] : concreteRange(x);
    return range === null ? x : expandBigOp(x, ...range);
  });
}

/** The scope at concrete sizes: every definition instantiated, indexed ones once per index value. */
function instanceScope(scope: Scope, sizes: ReadonlyMap<Sym, number>, n: number): Scope {
  const defs = new Map<Sym, Expr>();
  for (const [s, v] of scope.defs) {
    const letters = subIndices(s);
    if (letters.length === 0) {
      defs.set(s, instantiate(v, sizes, new Map()));
      continue;
    }
    for (const values of assignments(letters, n, n ** letters.length)) {
      const map = new Map(letters.map((l, i) => [l, values[i]!]));
      const name = renameIndices(s, map);
      if (name.kind === 'sym') defs.set(name, instantiate(v, sizes, map));
    }
    defs.set(s, instantiate(v, sizes, new Map()));
  }
  // `\sum_k y_k = 1`: the last entry is what the others leave, unless the notes define it.
  for (const { sum, total } of assumptionsOf(scope).sums) {
    const written = instantiate(sum, sizes, new Map());
    const entries = written.kind === 'add' ? written.terms : [written];
    const last = entries[entries.length - 1]!;
    if (last.kind !== 'sym' || defs.has(last) || !entries.every((e) => e.kind === 'sym')) continue;
    defs.set(last, sub(total, add(...entries.slice(0, -1))));
  }
  const functions = new Map([...scope.functions].map(([h, f]) => [h, { params: f.params, body: instantiate(f.body, sizes, new Map()) }] as const));
  return { ...scope, defs, functions };
}

const cache = new WeakMap<Scope, Map<string, Scope>>();

/** The instances a step is checked at, or null when it has no sums or indices (it is checked as it is). */
export function instancesOf(written: Expr, writtenRight: Expr, scope: Scope): Instance[] | null {
  // "Case $i = j$." and "for $k = 2$": the indices the sentence fixes, renamed first.
  const fixed = new Map<string, number | string>();
  for (const [s, v] of scope.bindings) {
    if (!isIndexToken(s.name) || s.sub !== undefined) continue;
    if (v.kind === 'num' && v.value.d === 1n) fixed.set(s.name, Number(v.value.valueOf()));
    else if (v.kind === 'sym' && isIndexToken(v.name) && v.sub === undefined) fixed.set(s.name, v.name);
  }
  const left = renameIndices(written, fixed);
  const right = renameIndices(writtenRight, fixed);
  const plan = planOf(left, right, scope);
  if (plan === null) return null;
  const allowed = (values: readonly number[]): boolean => scope.indexConditions.every((c) => {
    const value = (e: Expr): number | null => {
      const r = renameIndices(e, fixed);
      if (r.kind === 'num') return Number(r.value.valueOf());
      const at = r.kind === 'sym' ? plan.indices.indexOf(r.name) : -1;
      return at < 0 ? null : values[at]!;
    };
    return c.ops.every((op, i) => {
      const [a, b] = [value(c.args[i]!), value(c.args[i + 1]!)];
      return a === null || b === null || (op === '≠' ? a !== b : op === '=' ? a === b : true);
    });
  });
  const out: Instance[] = [];
  // A size the sentence fixes ("a quick check with $n = 2$") is that size only; a size letter it
  // binds that no sum names ("for $n = 2$" before Σ_k) is the size of the sums without a range.
  const bound = new Map<Sym, number>();
  const count = (v: Expr | undefined): number | null => (v?.kind === 'num' && v.value.d === 1n && v.value.s > 0n && v.value.n >= 1n && v.value.n <= 50n ? Number(v.value.n) : null);
  for (const s of plan.sizes) {
    const k = count(scope.bindings.get(s));
    if (k !== null) bound.set(s, k);
  }
  if (plan.sizes.includes(IMPLICIT) && plan.sizes.length === 1) {
    const sizes = [...scope.bindings].filter(([s, v]) => SIZE_LETTER.test(s.name) && s.sub === undefined && !plan.indices.includes(s.name) && !scope.defs.has(s) && count(v) !== null);
    if (sizes.length === 1) bound.set(IMPLICIT, count(sizes[0]![1])!);
  }
  const free = plan.sizes.filter((s) => !bound.has(s));
  for (const n of free.length === 0 && bound.size > 0 ? [Math.max(...bound.values())] : SIZES) {
    // Every size is n, the implicit one too (a vector a free index runs over has n entries).
    const sizes = new Map([...plan.sizes, IMPLICIT].map((s) => [s, bound.get(s) ?? n] as const));
    const key = [...sizes.values()].join(',');
    let byKey = cache.get(scope);
    if (byKey === undefined) cache.set(scope, (byKey = new Map()));
    let inst = byKey.get(key);
    if (inst === undefined) byKey.set(key, (inst = instanceScope(scope, sizes, n)));
    // Definitions that name a free index of the step (`J = -\ell_c`) take its value at each instance.
    const indexed = [...inst.defs].filter(([s, v]) => subIndices(s).length === 0 && [...freeSet(v)].some((x) => subIndices(x).some((t) => plan.indices.includes(t))));
    for (const drawn of assignments(plan.indices, n, PER_SIZE[n] ?? 2)) {
      // A free index stays within the vectors and matrices it indexes (i ≤ 3 in V_{ij} for V 3×2).
      const size = plan.tensors === null ? null : concreteSizes(plan.tensors, sizes, out.length);
      const limits = size === null ? null : indexLimits(plan.tensors!, size);
      const values = drawn.map((v, k) => {
        const limit = limits?.get(plan.indices[k]!);
        return limit === undefined ? v : ((v - 1) % limit) + 1;
      });
      if (!allowed(values)) continue;
      const indices = new Map(plan.indices.map((l, i) => [l, values[i]!] as const));
      const at: Scope = indexed.length === 0 ? inst : { ...inst, defs: new Map([...inst.defs, ...indexed.map(([s, v]) => [s, renameIndices(v, indices)] as const)]) };
      const label: [string, number][] = [
        ...plan.sizes.filter((s) => s !== IMPLICIT).map((s) => [symLatex(s), sizes.get(s)!] as [string, number]),
        ...(plan.sizes.includes(IMPLICIT) && plan.tensors === null ? [['size', n] as [string, number]] : []),
        ...plan.indices.map((l, i) => [l, values[i]!] as [string, number]),
      ];
      const [l, r] = [instantiate(left, sizes, indices), instantiate(right, sizes, indices)];
      if (plan.tensors === null) {
        out.push({ label, left: l, right: r, scope: at, mismatch: null, tensor: false, shapes: [], declaredMismatch: null });
        continue;
      }
      const flat = scalarize(l, r, at, atIndices(plan.tensors, indices, n), size!);
      const shapes = shapeList(plan.tensors, size!, inst);
      const declaredMismatch = plan.tensors.conflict?.declared === true ? plan.tensors.conflict.message : null;
      out.push('mismatch' in flat
        ? { label, left: l, right: r, scope: at, mismatch: flat.mismatch, tensor: true, shapes, declaredMismatch }
        : { label, left: flat.left, right: flat.right, scope: flat.scope, mismatch: null, tensor: true, shapes, declaredMismatch });
    }
  }
  return out;
}

