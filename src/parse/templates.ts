/**
 * The function table's LaTeX templates as trees: `d`, `definition` and `kinks` of each entry,
 * parsed once on first use, and instantiated at a call by simultaneous substitution. Every
 * stage that needs a function's formulas reads them here: the differentiator its derivative,
 * the high-precision evaluator its definition, the catalogue both.
 *
 * Template variables: the first argument is `u`; a parameter is the symbol named like the
 * parameter (`\alpha`, `\mathrm{slope}`, `\mathrm{base}`); the second argument of a
 * two-argument function without parameters (max, min) is `v`. A function of a whole vector
 * (`vector` in the table) is written in its entries instead: `\mathbf{u}` is the vector, `u_i`
 * and `u_k` its entries, `i` the entry of the value and `j` the entry differentiated by.
 */
import { bigop, mul, num, sym, type Apply, type Expr, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry, type FnName } from '../core/functions.js';
import { exprToken, isVectorName, subTokens } from '../core/indices.js';
import { cacheStats } from '../core/stats.js';
import { expandConcreteSums, freshenBound, renameIndices, substitute, transform } from '../core/walk.js';
import { parseOrThrow } from './index.js';

export const U = sym('u');
const V = sym('v');
/** The vector a vector function's templates are written in. */
export const VECTOR_U = sym('u', { accent: 'mathbf' });

/** The template variables of a function, one per argument. */
export function templateVars(fn: FnName): readonly Sym[] {
  const entry: FnEntry = FUNCTIONS[fn];
  const params = entry.params ?? [];
  if (entry.vector !== undefined) return [VECTOR_U];
  if (params.length > 0) return [U, ...params.map((p) => sym(p.name))];
  const arity = entry.arity ?? 1;
  return arity === 2 ? [U, V] : [U];
}

const cache = new Map<string, Expr | null>();

/** Hit counts of the parsed templates (for the benchmarks). */
export const TEMPLATE_CACHE = { stats: cacheStats() };

/** A template parsed once under `key` (null when there is none). */
export function parsedTemplate(key: string, source: string | undefined): Expr | null {
  const hit = cache.get(key);
  TEMPLATE_CACHE.stats[hit === undefined ? 'misses' : 'hits']++;
  if (hit !== undefined) return hit;
  const out = source === undefined ? null : parseOrThrow(source);
  cache.set(key, out);
  return out;
}

export function definitionTemplate(fn: FnName): Expr | null {
  const entry: FnEntry = FUNCTIONS[fn];
  return parsedTemplate(`def:${fn}`, entry.definition);
}

const kinkCache = new Map<FnName, readonly Expr[]>();
export function kinkTemplates(fn: FnName): readonly Expr[] {
  let k = kinkCache.get(fn);
  if (k === undefined) {
    const entry: FnEntry = FUNCTIONS[fn];
    k = (entry.kinks ?? []).map((s) => parseOrThrow(s));
    kinkCache.set(fn, k);
  }
  return k;
}

/** A template with its variables replaced, all at once, by the arguments of an application. */
export function instantiate(fn: FnName, template: Expr, args: readonly Expr[]): Expr {
  const vars = templateVars(fn);
  const map = new Map<Expr, Expr>();
  vars.forEach((v, i) => {
    const a = args[i];
    if (a !== undefined && a !== v) map.set(v, a);
  });
  return substitute(template, map);
}

// ---------------------------------------------------------------------------------------------
// Functions of a whole vector

/** A call of a vector function: `f(\mathbf{z})_i` (entry i of a vector value) or `f(\mathbf{z})` (a number). */
export interface VectorCall {
  readonly fn: FnName;
  readonly vector: Expr;
  /** The entry taken, for a function whose value is a vector. */
  readonly index: Expr | null;
}

const vectorKind = (fn: string | Sym): FnEntry['vector'] => (typeof fn === 'string' && isFnName(fn) ? (FUNCTIONS[fn] as FnEntry).vector : undefined);

/** `e` as a call of a vector function of the table, or null. */
export function vectorCall(e: Expr): VectorCall | null {
  if (e.kind !== 'apply' || e.primes > 0) return null;
  if (e.fn === 'component') {
    const [inner, index] = e.args as [Expr, Expr];
    if (inner.kind === 'apply' && inner.primes === 0 && vectorKind(inner.fn) === 'entries') return { fn: inner.fn as FnName, vector: inner.args[0]!, index };
    return null;
  }
  return vectorKind(e.fn) === 'scalar' ? { fn: e.fn as FnName, vector: e.args[0]!, index: null } : null;
}

/** The bold vector and the numeric factor of a vector written `\mathbf{z}` or `c\mathbf{z}`, or null. */
export function scaledVector(e: Expr): { vector: Sym; scale: Expr } | null {
  const isBold = (x: Expr): x is Sym => x.kind === 'sym' && isVectorName(x);
  if (isBold(e)) return { vector: e, scale: num(1) };
  if (e.kind === 'mul' && e.factors.length === 2 && e.factors[0]!.kind === 'num' && isBold(e.factors[1]!)) return { vector: e.factors[1], scale: e.factors[0] };
  return null;
}

/** Entry `token` of a vector `c\mathbf{z}`: `c z_{token}`. */
function entryOf(v: { vector: Sym; scale: Expr }, token: string): Expr {
  return mul(v.scale, sym(v.vector.name, { sub: token, layer: v.vector.layer }));
}

/**
 * A vector function's template at a call: `\mathbf{u}` becomes the vector (`\mathbf{z}` or a
 * multiple of it), each entry `u_k` the vector's entry, and the index letters of `indices`
 * (`i`, `j`) the indices given (letters or numbers). A sum the template writes without a range
 * takes `range` when one is given. Null when the vector is not a (multiple of a) bold name or an
 * index is not a letter or number.
 */
export function instantiateVector(template: Expr, vector: Expr, indices: ReadonlyMap<string, Expr>, range?: readonly [Expr, Expr]): Expr | null {
  const v = scaledVector(vector);
  if (v === null) return null;
  const renames = new Map<string, number | string>();
  for (const [letter, e] of indices) {
    const t = exprToken(e);
    if (t === null) return null;
    renames.set(letter, /^\d+$/.test(t) ? Number(t) : t);
  }
  const targets = new Set([...renames.values()].map(String));
  let out = renameIndices(freshenBound(template, targets), renames);
  if (range !== undefined) out = transform(out, (x) => (x.kind === 'sum' && x.lo === null && x.hi === null ? bigop(x.op, x.index, range[0], range[1], x.body) : x));
  return transform(out, (x) => {
    if (x === VECTOR_U) return vector;
    if (x.kind === 'sym' && x.name === 'u' && x.accent === undefined && x.layer === undefined && subTokens(x.sub).length === 1) return entryOf(v, x.sub!);
    return x;
  });
}

/** A template of the function called in `app` at that call: the arguments, or for a vector function its vector and entry. */
export function templateAt(app: Apply, template: Expr, wrt?: Expr): Expr | null {
  const call = vectorCall(app);
  if (call === null) return typeof app.fn === 'string' && isFnName(app.fn) ? instantiate(app.fn, template, app.args) : null;
  const indices = new Map<string, Expr>();
  if (call.index !== null) indices.set('i', call.index);
  if (wrt !== undefined) indices.set('j', wrt);
  return instantiateVector(template, call.vector, indices);
}

/** Most passes of `writtenOut` (a definition may call another vector function). */
const MAX_WRITE_OUT_PASSES = 8;

/**
 * `e` with its vectors taken at `size` entries and written out: every call of a vector function
 * by its definition, every sum without a range over 1..size, and every sum over a whole-number
 * range term by term. What is left is a scalar expression in the entries (z_1, …, z_size) —
 * how a vector function is evaluated, sampled or tested at one size.
 */
export function writtenOut(e: Expr, size: number): Expr {
  const all: [Expr, Expr] = [num(1), num(size)];
  let out = e;
  for (let pass = 0; pass < MAX_WRITE_OUT_PASSES; pass++) {
    const next = transform(out, (x) => {
      const call = vectorCall(x);
      const def = call === null ? null : definitionTemplate(call.fn);
      if (call !== null && def !== null) return instantiateVector(def, call.vector, new Map(call.index === null ? [] : [['i', call.index]]), all) ?? x;
      if (x.kind === 'sum' && x.lo === null && x.hi === null) return bigop(x.op, x.index, all[0], all[1], x.body);
      return x;
    });
    if (next === out) break;
    out = next;
  }
  return expandConcreteSums(out);
}
