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
import { deriv, mul, sym, type Expr, type Sym } from '../core/expr.js';
import { freeSet, size, substitute } from '../core/walk.js';
import { foldDefinitions, tryDifferentiate } from '../diff/index.js';
import { parseOrThrow } from '../parse/index.js';
import { symLatex, toLatex } from '../print/latex.js';
import { simplify } from '../simplify/index.js';
import { symbolDerivation, type Built } from './build.js';
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

/** Whether `s` varies with `v` through the definitions. */
function reaches(s: Sym, v: Sym, defs: ReadonlyMap<Sym, Expr>): boolean {
  if (s === v) return true;
  const def = defs.get(s);
  return def !== undefined && [...freeSet(def)].some((t) => reaches(t, v, defs));
}

/** target, …, v when each definition on the way depends on v through exactly one symbol; else null. */
function chainPath(target: Sym, v: Sym, defs: ReadonlyMap<Sym, Expr>): Sym[] | null {
  const path = [target];
  let cur = target;
  while (cur !== v) {
    const def = defs.get(cur);
    if (def === undefined) return null;
    const next = [...freeSet(def)].filter((s) => reaches(s, v, defs));
    if (next.length !== 1 || path.includes(next[0]!)) return null;
    cur = next[0]!;
    path.push(cur);
  }
  return path;
}

/** A constant times a sum, distributed: −(y/a − (1−y)/(1−a)) reads −y/a + (1−y)/(1−a). */
function distribute(e: Expr): Expr {
  if (e.kind !== 'mul' || e.factors.length !== 2) return e;
  const [c, s] = e.factors as [Expr, Expr];
  return c.kind === 'num' && s.kind === 'add' ? substitute(s, new Map(s.terms.map((t) => [t, mul(c, t)]))) : e;
}

/** A factor that another factor's denominator equals (what cancels), or null. */
function cancelled(factors: readonly Expr[]): Expr | null {
  for (const f of factors) {
    if (f.kind !== 'mul') continue;
    const den = f.factors.filter((x) => x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value.s < 0n)
      .map((x) => (x.kind === 'pow' ? (x.exp.kind === 'num' && x.exp.value.n === 1n && x.exp.value.d === 1n ? x.base : null) : null));
    if (den.length === 0 || den.some((d) => d === null)) continue;
    const d = mul(...(den as Expr[]));
    if (factors.includes(d)) return d;
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
      symbol: target, value, wrt: v, target: null,
    });
  }

  const partial = (top: Sym, bottom: Sym): Expr => deriv(top, [bottom], true);
  const links = path.slice(0, -1).map((s, i) => [s, path[i + 1]!] as const);
  const factors: Expr[] = [];
  for (const [top, bottom] of links) {
    const r = tryDifferentiate(m.defs.get(top)!, bottom);
    if (!r.ok) return { ok: false, error: { code: 'diff-failed', params: { why: r.error.message } } };
    factors.push(distribute(foldDefinitions(r.value.expr, m.defs)));
  }
  const rows: Row[] = [
    { latex: links.map(([t, b]) => toLatex(partial(t, b))).join(' \\cdot '), expr: mul(...links.map(([t, b]) => partial(t, b))), why: why(...path.slice(1, -1).map((s) => ({ code: 'chain-through' as const, subject: symLatex(s) }))) },
    { latex: productLatex(factors), expr: mul(...factors), why: why({ code: 'each-factor' }) },
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
    rows.push({ latex: productLatex(tidy), expr: mul(...tidy), why: why(...(parts.length > 0 ? parts : [{ code: 'simplify' as const }])) });
  }
  // The product multiplied out: a line when something cancels or it gets smaller, not for a new order of the same factors.
  const result = simplify(mul(...tidy)).expr;
  const gone = cancelled(tidy);
  if (gone !== null) rows.push({ latex: toLatex(result), expr: result, why: why({ code: 'cancel', subject: toLatex(gone) }) });
  else if (size(result) < size(mul(...tidy))) rows.push({ latex: toLatex(result), expr: result, why: why({ code: 'simplify' }) });
  return {
    ok: true,
    value: { title, intro: spec.intro, givens: givensOf(m), lhs: toLatex(partial(target, v)), rows, kinks: [] },
  };
}

const TIDY_PART: Readonly<Record<string, PartCode>> = { 'sum-together': 'common-denominator', 'sum-factor': 'factor-out' };
