/**
 * Procedures the engine uses beside pattern rules: polynomial expansion, and combining a sum
 * of fractions over a common denominator (−y/a + (1−y)/(1−a) = (a−y)/(a(1−a))). Both are
 * identities wherever both sides are defined; the engine keeps a result only when it is smaller.
 */
import Fraction from 'fraction.js';
import { num, type Expr } from '../core/expr.js';
import { size } from '../core/walk.js';
import { canonAdd, canonMul, canonPow, charge } from './canon.js';

const termsOf = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : [e]);

/** (Σ xᵢ)(Σ yⱼ) = Σ xᵢyⱼ, or null past `limit` terms. */
function mulOut(x: Expr, y: Expr, limit: number): Expr | null {
  const xs = termsOf(x);
  const ys = termsOf(y);
  if (xs.length * ys.length > limit) return null;
  charge(xs.length * ys.length);
  return canonAdd(xs.flatMap((a) => ys.map((b) => canonMul([a, b]))));
}

/** Terms a product of sums may multiply out to before `expand` gives up. */
const EXPAND_LIMIT = 64;

/**
 * Expansions already worked out, at the default limit. An expansion depends on the tree alone,
 * and the same terms are multiplied out again and again: every difference of two normal forms
 * expands both (a line's normal form meets the line before, the line after and the target), and
 * a sum is expanded to see whether that is smaller each time a pass meets it. As with canonical
 * forms, work remembered is not charged again. Held weakly, so it goes with the tree.
 */
const expansions = new WeakMap<Expr, Expr | null>();

/** Products of sums multiplied out; gives up (returns null) past `limit` terms. */
export function expand(e: Expr, limit = EXPAND_LIMIT): Expr | null {
  if (limit !== EXPAND_LIMIT || (e.kind !== 'add' && e.kind !== 'mul' && e.kind !== 'pow')) return expandOnce(e, limit);
  const known = expansions.get(e);
  if (known !== undefined) return known;
  const out = expandOnce(e, limit);
  expansions.set(e, out);
  return out;
}

function expandOnce(e: Expr, limit: number): Expr | null {
  if (e.kind === 'add') {
    const parts: Expr[] = [];
    for (const t of e.terms) {
      const x = expand(t, limit);
      if (x === null) return null;
      parts.push(x);
    }
    return canonAdd(parts);
  }
  if (e.kind === 'pow' && e.base.kind === 'add' && e.exp.kind === 'num' && e.exp.value.d === 1n && e.exp.value.s > 0n && e.exp.value.n <= 4n) {
    const b = expand(e.base, limit);
    let acc: Expr | null = b;
    for (let i = 1n; i < e.exp.value.n && acc !== null && b !== null; i++) acc = mulOut(acc, b, limit);
    return acc;
  }
  if (e.kind !== 'mul') return e;
  let acc: Expr | null = num(1);
  for (const f of e.factors) {
    const fx = f.kind === 'pow' || f.kind === 'add' ? expand(f, limit) : f;
    if (fx === null || acc === null) return null;
    acc = mulOut(acc, fx, limit);
  }
  return acc;
}

/** Negative numeric exponent → [base, positive exponent]. */
function reciprocalParts(f: Expr): [Expr, Fraction] | null {
  if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.s < 0n) return [f.base, f.exp.value.neg()];
  return null;
}

/** Σ nᵢ/dᵢ → (Σ nᵢ·D/dᵢ)/D with D the least common denominator, when that is smaller. */
export function together(e: Expr): Expr | null {
  if (e.kind !== 'add') return null;
  const denom = new Map<Expr, Fraction>();
  for (const t of e.terms) {
    for (const f of t.kind === 'mul' ? t.factors : [t]) {
      const r = reciprocalParts(f);
      if (r && (denom.get(r[0]) === undefined || denom.get(r[0])!.compare(r[1]) < 0)) denom.set(r[0], r[1]);
    }
  }
  if (denom.size === 0) return null;
  const D = canonMul([...denom].map(([b, k]) => canonPow(b, num(k))));
  const numerators: Expr[] = [];
  for (const t of e.terms) {
    const n = expand(canonMul([t, D]));
    if (n === null) return null;
    numerators.push(n);
  }
  const out = canonMul([canonAdd(numerators), canonPow(D, num(-1))]);
  return size(out) < size(e) ? out : null;
}

/** Factors of a term as base ↦ exponent (numbers left out). */
function factorMap(t: Expr): Map<Expr, Fraction> {
  const m = new Map<Expr, Fraction>();
  for (const f of t.kind === 'mul' ? t.factors : [t]) {
    if (f.kind === 'num') continue;
    const [b, k] = f.kind === 'pow' && f.exp.kind === 'num' ? [f.base, f.exp.value] : [f, new Fraction(1)];
    m.set(b, (m.get(b) ?? new Fraction(0)).add(k));
  }
  return m;
}

/**
 * Σ c·tᵢ → c·Σ tᵢ: takes out what every term shares (to the least power) and multiplies the
 * rest out, when that is smaller — σ(1−σ)² − σ²(1−σ) = σ(1−σ)(1−2σ), −y(1−a)x₁ + (1−y)a x₁ = (a−y)x₁.
 */
export function factorCommon(e: Expr): Expr | null {
  if (e.kind !== 'add') return null;
  const maps = e.terms.map(factorMap);
  const common = new Map<Expr, Fraction>();
  for (const [b, k] of maps[0]!) {
    let least = k;
    for (const m of maps.slice(1)) {
      const j = m.get(b);
      if (j === undefined) {
        least = new Fraction(0);
        break;
      }
      if (j.compare(least) < 0) least = j;
    }
    if (least.s > 0n && least.n !== 0n) common.set(b, least);
  }
  if (common.size === 0) return null;
  const C = canonMul([...common].map(([b, k]) => canonPow(b, num(k))));
  const inner = expand(canonAdd(e.terms.map((t) => canonMul([t, canonPow(C, num(-1))]))));
  if (inner === null) return null;
  const out = canonMul([C, inner]);
  return size(out) < size(e) ? out : null;
}

/**
 * N/D → q + R/D when some quotient q of a term of N by a term of D leaves a remainder
 * R = N − qD with fewer terms: (e^{a} − y e^{a} − y e^{b})/(e^{a} + e^{b}) = −y + e^{a}/(e^{a} + e^{b}).
 * Kept only when the whole is smaller.
 */
export function divide(e: Expr): Expr | null {
  if (e.kind !== 'mul') return null;
  const numer = e.factors.filter((f) => f.kind === 'add');
  const denom = e.factors.filter((f) => f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && f.exp.value.n === 1n && f.exp.value.d === 1n && f.exp.value.s < 0n);
  if (numer.length !== 1 || denom.length !== 1) return null;
  const N = numer[0] as Expr & { kind: 'add' };
  const D = (denom[0] as Expr & { kind: 'pow' }).base as Expr & { kind: 'add' };
  const rest = e.factors.filter((f) => f !== N && f !== denom[0]);
  const tried = new Set<Expr>();
  for (const t of N.terms) {
    for (const d of D.terms) {
      const q = canonMul([t, canonPow(d, num(-1))]);
      if (tried.has(q) || q.kind === 'num' && q.value.n === 0n) continue;
      tried.add(q);
      const R = expand(canonAdd([N, canonMul([num(-1), q, D])]));
      if (R === null || (R.kind === 'add' ? R.terms.length : 1) >= N.terms.length) continue;
      const out = canonMul([...rest, canonAdd([q, canonMul([R, canonPow(D, num(-1))])])]);
      if (size(out) < size(e)) return out;
    }
  }
  return null;
}
