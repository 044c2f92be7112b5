/**
 * The seeded sampler: where to evaluate both sides of a step.
 *
 * Machine-learning formulas saturate far from the origin (e^{-z} overflows, σ becomes exactly 0
 * or 1), so a uniform draw over a wide range says little. Values are drawn mostly with |z| ≲ 20
 * and from the domain a symbol's name or an assumption implies (probabilities in (0, 1),
 * rates and slopes positive). Every value is rounded to a few decimals so that a witness reads
 * `a = 0.31`, and so that the same value is an exact decimal for the rational evaluator.
 *
 * The generator is pure-rand's xoroshiro128+, seeded explicitly: the same seed gives the same
 * points, which makes every verdict reproducible.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Sym } from '../core/expr.js';

/** A set of reals: an interval, possibly unbounded, with open or closed ends. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

export const REAL: Interval = { lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true };
export const UNIT: Interval = { lo: 0, hi: 1, loOpen: true, hiOpen: true };
export const POSITIVE: Interval = { lo: 0, hi: Infinity, loOpen: true, hiOpen: true };

/** FNV-1a over a string, for mixing a step's text into its seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded stream of uniform numbers; `fork` gives an independent stream for a labelled purpose. */
export class Rng {
  private readonly gen: RandomGenerator;
  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }
  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.min(hi - lo, Math.floor(this.float() * (hi - lo + 1)));
  }
  fork(label: string): Rng {
    return new Rng(Math.imul(this.seed ^ hashString(label), 0x9e3779b1) ^ 0x5bd1e995);
  }
}

// -----------------------------------------------------------------------------------------------
// Domains by name

interface NameDomain {
  readonly names: readonly string[];
  /** Also applies when the name carries an accent (`\hat{y}`); subscripts and layers always pass. */
  readonly accents: readonly (string | undefined)[];
  readonly domain: Interval;
  readonly why: string;
}

/**
 * Conventional meanings of names in the notes this tool reads. A name not listed here is a
 * real number. Assumptions and definitions override this table.
 */
export const NAME_DOMAINS: readonly NameDomain[] = [
  { names: ['a', 'y', 'p', 'q'], accents: [undefined, 'hat', 'tilde', 'bar'], domain: UNIT, why: 'an activation, label or probability' },
  { names: ['alpha', 'beta', 'gamma', 'eta', 'lambda', 'epsilon', 'varepsilon', 'tau', 'kappa'], accents: [undefined], domain: { lo: 0, hi: 3, loOpen: true, hiOpen: true }, why: 'a rate, slope or scale' },
];

export function nameDomain(s: Sym): Interval {
  for (const row of NAME_DOMAINS) {
    if (row.names.includes(s.name) && row.accents.includes(s.accent)) return row.domain;
  }
  return REAL;
}

/** An interval as a condition on a name: `0 < a < 1`, `x \ge 2`, `\alpha > 0`. */
export function intervalLatex(name: string, d: Interval): string {
  const lo = Number.isFinite(d.lo);
  const hi = Number.isFinite(d.hi);
  if (lo && !hi) return `${name} ${d.loOpen ? '>' : '\\ge'} ${d.lo}`;
  if (!lo && !hi) return `${name} \\in \\mathbb{R}`;
  return `${lo ? `${d.lo} ${d.loOpen ? '<' : '\\le'} ` : ''}${name} ${d.hiOpen ? '<' : '\\le'} ${d.hi}`;
}

export function intersect(a: Interval, b: Interval): Interval | null {
  const [lo, loOpen] = a.lo > b.lo ? [a.lo, a.loOpen] : a.lo < b.lo ? [b.lo, b.loOpen] : [a.lo, a.loOpen || b.loOpen];
  const [hi, hiOpen] = a.hi < b.hi ? [a.hi, a.hiOpen] : a.hi > b.hi ? [b.hi, b.hiOpen] : [a.hi, a.hiOpen || b.hiOpen];
  if (lo > hi || (lo === hi && (loOpen || hiOpen))) return null;
  return { lo, hi, loOpen, hiOpen };
}

export const contains = (d: Interval, x: number): boolean =>
  (d.loOpen ? x > d.lo : x >= d.lo) && (d.hiOpen ? x < d.hi : x <= d.hi);

// -----------------------------------------------------------------------------------------------
// Drawing values

/**
 * Scales of the mixture for an unbounded direction: mostly small, sometimes up to 20. Small
 * draws dominate because sampled symbols combine: with w, x, b drawn like this, a
 * pre-activation w₁x₁ + w₂x₂ + b still mostly stays where σ and tanh have not saturated.
 */
const SCALES: readonly (readonly [number, number])[] = [[0.6, 2], [0.3, 5], [0.1, 20]];

function scale(rng: Rng): number {
  let u = rng.float();
  for (const [p, s] of SCALES) {
    if (u < p) return s;
    u -= p;
  }
  return 20;
}

/** Round to `decimals` places; the result prints as a short decimal and is exact as one. */
export function roundTo(x: number, decimals: number): number {
  // From 2^53 on every double is an integer: nothing to round, and x·10^k could overflow.
  if (Math.abs(x) >= 2 ** 53) return x;
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Decimals that keep a draw inside an interval of this width distinguishable from its ends. */
const decimalsFor = (width: number): number => (width >= 0.5 ? 2 : Math.min(12, 2 + Math.ceil(-Math.log10(width))));

/**
 * The unit of a half-line's width at its bound: 1 for the bounds notes use, and for a bound
 * beyond 10^{12} (x > 10^{21}) a width that still moves the double (1 would be lost to rounding).
 */
const magnitude = (bound: number): number => Math.max(1, Math.abs(bound) * 1e-12);

/** One value from the domain, rounded; `null` when the draw fell on an excluded end (caller redraws). */
export function drawIn(rng: Rng, d: Interval): number | null {
  let x: number;
  let width: number;
  if (Number.isFinite(d.lo) && Number.isFinite(d.hi)) {
    width = d.hi - d.lo;
    x = rng.uniform(d.lo, d.hi);
  } else if (Number.isFinite(d.lo)) {
    width = scale(rng) * magnitude(d.lo);
    x = d.lo + rng.uniform(0, width);
  } else if (Number.isFinite(d.hi)) {
    width = scale(rng) * magnitude(d.hi);
    x = d.hi - rng.uniform(0, width);
  } else {
    width = scale(rng);
    x = rng.uniform(-width, width);
  }
  const r = roundTo(x, decimalsFor(width));
  return contains(d, r) ? r : null;
}

/** A value from the domain, redrawing on excluded ends (a bounded number of times). */
export function draw(rng: Rng, d: Interval): number {
  for (let i = 0; i < 16; i++) {
    const x = drawIn(rng, d);
    if (x !== null) return x;
  }
  // A degenerate interval such as [2, 2], or one too narrow for rounding: take its midpoint.
  return Number.isFinite(d.lo) && Number.isFinite(d.hi) ? (d.lo + d.hi) / 2 : Number.isFinite(d.lo) ? d.lo + magnitude(d.lo) : d.hi - magnitude(d.hi);
}

// -----------------------------------------------------------------------------------------------
// Random smooth functions and matrices

/** A smooth function of one variable with every derivative known in closed form. */
export interface SmoothFunction {
  /** The `order`-th derivative at x (order 0 is the value). */
  at(order: number, x: number): number;
}

/**
 * c₀ + c₁x + Σ aₖ sin(ωₖx + φₖ): smooth everywhere, not a polynomial, not odd or even, and its
 * n-th derivative is c₁[n = 1] + Σ aₖωₖⁿ sin(ωₖx + φₖ + nπ/2). Frequencies stay below 1.5 so that a
 * derivative is not dominated by its highest harmonic.
 */
export function randomSmoothFunction(rng: Rng): SmoothFunction {
  const c0 = roundTo(rng.uniform(-1, 1), 2);
  const c1 = roundTo(rng.uniform(-1, 1), 2);
  const waves = [0, 1, 2].map(() => ({ a: rng.uniform(0.3, 1.5), w: rng.uniform(0.3, 1.5), p: rng.uniform(0, 2 * Math.PI) }));
  return {
    at(order, x) {
      let s = order === 0 ? c0 + c1 * x : order === 1 ? c1 : 0;
      for (const { a, w, p } of waves) s += a * w ** order * Math.sin(w * x + p + (order * Math.PI) / 2);
      return s;
    },
  };
}

/** A smooth function of several variables: Σ aₖ sin(ωₖ·x + φₖ). */
export function randomSmoothFunctionN(rng: Rng, arity: number): (...xs: number[]) => number {
  const waves = [0, 1, 2].map(() => ({
    a: rng.uniform(0.3, 1.5), p: rng.uniform(0, 2 * Math.PI),
    w: Array.from({ length: arity }, () => rng.uniform(-1.2, 1.2)),
  }));
  return (...xs) => waves.reduce((s, { a, w, p }) => s + a * Math.sin(w.reduce((t, wi, i) => t + wi * (xs[i] ?? 0), p)), 0);
}

/** Row-major entries of a random rows×cols matrix, entries in [-2, 2] with two decimals. */
export function randomEntries(rng: Rng, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = roundTo(rng.uniform(-2, 2), 2);
  return out;
}
