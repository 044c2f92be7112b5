/**
 * Gradients through a model (z = w₁x₁ + w₂x₂ + b, a = σ(z), L = BCE(a)) the way backprop notes
 * write them:
 *
 *   ∂L/∂w₁ = ∂L/∂a · ∂a/∂z · ∂z/∂w₁          chain rule through a and z
 *          = (−y/a + (1−y)/(1−a)) · a(1−a) · x₁   work out each factor
 *          = (a−y)/(a(1−a)) · a(1−a) · x₁      common denominator
 *          = (a−y)x₁                          cancel a(1−a)
 *
 * Each factor is the derivative of one definition by the next symbol on the path, written back
 * in the model's names (σ(z)(1−σ(z)) is a(1−a)). When the target reaches the variable by more
 * than one path, or directly, the definitions are substituted and the derivative is worked out
 * as one expression instead.
 */
import { bigop, children, deriv, mul, sym, type BigOp, type Expr, type Sym } from '../core/expr.js';
import { boundBy } from '../core/indices.js';
import { definitionOf, size, substitute, symbolsIn } from '../core/walk.js';
import { componentPairs } from '../diff/engine.js';
import { foldDefinitions, recognisedDefinitions, tryDifferentiate } from '../diff/index.js';
import { parseOrThrow } from '../parse/index.js';
import { symLatex, toLatex } from '../print/latex.js';
import { canonical, recognise, simplify } from '../simplify/index.js';
import { symbolDerivation, type Built } from './build.js';
import { sumRows } from './finish.js';
import { productLatex } from './latex.js';
import type { ModelSpec } from './sources.js';
import type { Given, Row } from './types.js';
import { why, type Part, type PartCode } from './why.js';

interface Model {
  readonly spec: ModelSpec;
  readonly defs: ReadonlyMap<Sym, Expr>;
  readonly order: readonly Sym[];
}

function readModel(spec: ModelSpec): Model {
  const defs = new Map<Sym, Expr>();
  const order: Sym[] = [];
  for (const g of spec.givens) {
    const s = parseOrThrow(g.symbol) as Sym;
    defs.set(s, parseOrThrow(g.latex));
    order.push(s);
  }
  return { spec, defs, order };
}

/** Whether `s` varies with `v` through the definitions (an entry z_k varies with z_j: k may be j). */
function reaches(s: Sym, v: Sym, defs: ReadonlyMap<Sym, Expr>): boolean {
  if (s === v || componentPairs(s, v) !== null) return true;
  const def = definitionOf(defs, s);
  return def !== undefined && [...symbolsIn(def)].some((t) => t !== s && reaches(t, v, defs));
}

/**
 * target, …, v when each definition on the way depends on v through exactly one defined symbol
 * (an entry p_k of a family counts as one, summed over k), or through v's own entries only; else null.
 */
function chainPath(target: Sym, v: Sym, defs: ReadonlyMap<Sym, Expr>): Sym[] | null {
  const path = [target];
  let cur = target;
  while (cur !== v) {
    const def = definitionOf(defs, cur);
    if (def === undefined) return null;
    const through = [...symbolsIn(def)].filter((s) => s !== cur && reaches(s, v, defs));
    const defined = through.filter((s) => s !== v && componentPairs(s, v) === null);
    const next = defined.length === 0 && through.length > 0 ? [v] : defined.length === through.length ? defined : [];
    if (next.length !== 1 || path.includes(next[0]!)) return null;
    cur = next[0]!;
    path.push(cur);
  }
  return path;
}

/** The sum of `def` that binds the entry `s` (Σ_k over the p_k it sums), or null. */
function bindingSum(def: Expr, s: Sym): BigOp | null {
  if (def.kind === 'sum' && boundBy(s, def.index)) return def;
  for (const c of children(def)) {
    const found = bindingSum(c, s);
    if (found !== null) return found;
  }
  return null;
}

/** `\sum_{k=1}^{K}` written alone, ahead of a body written by hand. */
const sumHead = (s: BigOp): string => `\\sum_{${symLatex(s.index)}${s.lo === null ? '' : `=${toLatex(s.lo)}`}}${s.hi === null ? '' : `^{${toLatex(s.hi)}}`}`;

/** Factors side by side under a sum (a `\cdot` would end the sum's body). */
const juxtaposed = (factors: readonly Expr[]): string => factors.map((f) => (f.kind === 'add' || toLatex(f).startsWith('-') ? `\\left(${toLatex(f)}\\right)` : toLatex(f))).join('');

/** A constant times a sum, distributed: −(y/a − (1−y)/(1−a)) reads −y/a + (1−y)/(1−a). */
function distribute(e: Expr): Expr {
  if (e.kind !== 'mul' || e.factors.length !== 2) return e;
  const [c, s] = e.factors as [Expr, Expr];
  return c.kind === 'num' && s.kind === 'add' ? substitute(s, new Map(s.terms.map((t) => [t, mul(c, t)]))) : e;
}

/** A factor that another factor's denominator equals (what cancels), or null. */
function cancelled(factors: readonly Expr[]): Expr | null {
  const flat = factors.flatMap((f) => (f.kind === 'mul' ? f.factors : [f]));
  for (const f of factors) {
    if (f.kind !== 'mul' && f.kind !== 'pow') continue;
    const den = (f.kind === 'mul' ? f.factors : [f]).filter((x) => x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value.s < 0n)
      .map((x) => (x.kind === 'pow' ? (x.exp.kind === 'num' && x.exp.value.n === 1n && x.exp.value.d === 1n ? x.base : null) : null));
    if (den.length === 0 || den.some((d) => d === null)) continue;
    const d = mul(...(den as Expr[]));
    if (factors.includes(d) || (den.length === 1 && flat.includes(d))) return d;
  }
  return null;
}

const givensOf = (m: Model): Given[] => m.order.map((s) => ({ symbol: symLatex(s), latex: toLatex(m.defs.get(s)!) }));

export function modelDerivation(spec: ModelSpec, wrtText: string | null): Built {
  const m = readModel(spec);
  const target = sym(spec.target);
  const v = parseOrThrow(wrtText ?? spec.wrt);
  if (v.kind !== 'sym') return { ok: false, error: { code: 'wrt-not-name', params: { wrt: wrtText ?? spec.wrt } } };
  const title = `The gradient of the ${spec.name} with respect to $${symLatex(v)}$`;
  const assume = (spec.assume ?? []).map((a) => parseOrThrow(a));
  const path = chainPath(target, v, m.defs);
  if (path === null || path.length <= 2) {
    // One definition away, or several routes: work out the derivative of the substituted loss.
    let value = m.defs.get(target)!;
    if (path === null) {
      const others = new Map([...m.defs].filter(([s]) => s !== v && s !== target));
      for (let i = 0; i <= others.size; i++) value = substitute(value, others);
    }
    return symbolDerivation({
      title, intro: spec.intro, givens: givensOf(m).filter((g) => g.symbol !== spec.target),
      symbol: target, value, wrt: v, target: null, assume,
    });
  }

  const partial = (top: Sym, bottom: Sym): Expr => deriv(top, [bottom], true);
  const links = path.slice(0, -1).map((s, i) => [s, path[i + 1]!] as const);
  // The first link through an entry of a family (L = −Σ_k y_k ln p_k through p_k) sums over the family.
  const sum = bindingSum(m.defs.get(target)!, path[1]!);
  const summed = (body: Expr): Expr => (sum === null ? body : bigop('sum', sum.index, sum.lo, sum.hi, body));
  const written = (factors: readonly Expr[]): string => (sum === null ? productLatex(factors) : `${sumHead(sum)} ${juxtaposed(factors)}`);
  // Each factor read with the catalogue's functions (a softmax written out has the softmax's derivative), in the model's names.
  const names = recognisedDefinitions({ defs: m.defs, recognise }) ?? m.defs;
  const factors: Expr[] = [];
  for (const [top, bottom] of links) {
    const r = tryDifferentiate(definitionOf(m.defs, top)!, bottom, { recognise });
    if (!r.ok) return { ok: false, error: { code: 'diff-failed', params: { why: r.error.message } } };
    // A sum differentiated by one of its terms' entries is that term: its deltas are worked out here
    // (a factor without one stays as the differentiator wrote it).
    const d = hasDelta(r.value.expr) ? simplify(r.value.expr, { self: false, only: DELTAS }).expr : r.value.expr;
    factors.push(distribute(foldDefinitions(d, names)));
  }
  const partials = links.map(([t, b]) => partial(t, b));
  const rows: Row[] = [
    {
      latex: sum === null ? partials.map(toLatex).join(' \\cdot ') : toLatex(summed(mul(...partials))), expr: summed(mul(...partials)),
      why: why(...path.slice(1, -1).map((s) => ({ code: 'chain-through' as const, subject: symLatex(s) }))),
    },
    { latex: written(factors), expr: summed(mul(...factors)), why: why({ code: 'each-factor' }) },
  ];
  // Each factor in its simplest form, when that changes one.
  const parts: Part[] = [];
  const tidy = factors.map((f) => {
    const s = simplify(f, { self: false });
    if (s.expr === f) return f;
    for (const st of s.steps) if (TIDY_PART[st.rule] !== undefined) parts.push({ code: TIDY_PART[st.rule]! });
    return s.expr;
  });
  if (tidy.some((f, i) => f !== factors[i])) {
    rows.push({ latex: written(tidy), expr: summed(mul(...tidy)), why: why(...(parts.length > 0 ? parts : [{ code: 'simplify' as const }])) });
  }
  // The product multiplied out: a line when something cancels or it gets smaller, not for a new order of the same factors.
  // Under a sum only the product is (the sum's algebra has lines of its own, below).
  const result = sum === null ? simplify(mul(...tidy)).expr : simplify(summed(canonical(mul(...tidy))), { self: false, only: CONSTANT_OUT }).expr;
  const gone = cancelled(tidy);
  if (gone !== null) rows.push({ latex: toLatex(result), expr: result, why: why({ code: 'cancel', subject: toLatex(gone) }) });
  else if (size(result) < size(mul(...tidy))) rows.push({ latex: toLatex(result), expr: result, why: why({ code: 'simplify' }) });
  rows.push(...sumRows(rows.at(-1)!.expr, assume));
  return {
    ok: true,
    value: {
      title, intro: spec.intro, givens: givensOf(m), lhs: toLatex(partial(target, v)), rows, kinks: [], assume: assume.map(toLatex), cases: [],
    },
  };
}

const hasDelta = (e: Expr): boolean => (e.kind === 'apply' && e.fn === 'kronecker') || children(e).some(hasDelta);

/** Deltas worked out, and nothing else. */
const DELTAS: ReadonlySet<string> = new Set(['sum-kronecker', 'kronecker-same', 'kronecker-different']);
/** A constant factor taken out of a sum, and nothing else. */
const CONSTANT_OUT: ReadonlySet<string> = new Set(['sum-constant-factor']);

const TIDY_PART: Readonly<Record<string, PartCode>> = { 'sum-together': 'common-denominator', 'sum-factor': 'factor-out' };
