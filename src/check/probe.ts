/**
 * Probes: evaluate a claim's two sides at one point and classify the point.
 *
 * A point is informative when both sides are defined and finite there. Doubles decide when
 * they agree within the mixed tolerance; a disagreement is confirmed at high precision before
 * it can make a step invalid, because cancellation or overflow in doubles can fake one. A point
 * where exactly one side is defined (after the precise re-check rules out overflow) is a domain
 * mismatch; a point where neither side is defined is skipped and never counts as agreement.
 */
import type { Expr, Sym } from '../core/expr.js';
import type { NumFn } from '../numeric/compile.js';
import { preciseEqual, preciseGap, toDouble } from '../numeric/precise.js';
import type { Interval, Rng } from '../numeric/sample.js';
import { compileOver, drawPoint, exactAt, preciseAt } from './evaluate.js';

export type Status = 'agree' | 'differ' | 'left-only' | 'right-only';

export interface Sample {
  /** Values of the probe's sampled symbols (matrix probes: the scalar ones only). */
  readonly x: Float64Array;
  readonly left: number;
  readonly right: number;
  readonly status: Status;
  /** Settled beyond double rounding: exact arithmetic or a precise re-evaluation. */
  readonly confirmed: boolean;
  /** Sign of left − right when settled more finely than the doubles above show (σ(40) < 1 though both print 1). */
  readonly order?: number;
  /**
   * |left − right| / max(|left|, |right|), settled at high precision: how far apart two values
   * beyond the double range are (e^{1000} and e^{999}), where `left` and `right` are ±Infinity.
   */
  readonly gap?: number;
}

/** The sign of left − right, as finely as the sample knows it. */
export const orderOf = (s: Sample): number => s.order ?? Math.sign(s.left - s.right);

export interface Probe {
  readonly vars: readonly Sym[];
  /** `'exact'` when agreement is decided in exact rational arithmetic. */
  readonly method: 'exact' | 'numeric';
  draw(rng: Rng): Float64Array;
  /** The sample at a point, null when neither side is defined there, `'abort'` to give up this probe. */
  classify(x: Float64Array): Sample | null | 'abort';
  /** The sample re-decided beyond double rounding where possible (agreements within the tolerance may be near misses). */
  refine(s: Sample): Sample;
  /** Evaluate an expression over the same symbols (for witnesses and diagnoses). */
  compile(e: Expr): ((x: ArrayLike<number>) => number) | null;
}

const isInfinite = (v: number): boolean => v === Infinity || v === -Infinity;

/** Doubles agree when |l − r| ≤ REL·max(|l|, |r|) + ZERO_LEVEL. */
export const REL = 1e-9;
export const ZERO_LEVEL = 1e-12;

export const agreeDouble = (l: number, r: number): boolean => Math.abs(l - r) <= REL * Math.max(Math.abs(l), Math.abs(r)) + ZERO_LEVEL;

/** At most this many high-precision re-evaluations per claim (each costs about a millisecond). */
export const PRECISE_BUDGET = 48;

export interface ScalarProbeInput {
  readonly left: Expr;
  readonly right: Expr;
  readonly vars: readonly Sym[];
  readonly domains: readonly Interval[];
  readonly functions: ReadonlyMap<Sym, NumFn>;
  /** Confirm disagreements at high precision (pointless for ≈, whose tolerance is far wider). */
  readonly confirm: boolean;
}

/** Doubles, with BigNumber re-evaluation when they are inconclusive. Null when a side has no numeric meaning. */
export function scalarProbe(input: ScalarProbeInput): Probe | string {
  const { left, right, vars, domains, functions } = input;
  const fl = compileOver(left, vars, functions);
  if (typeof fl === 'string') return fl;
  const fr = compileOver(right, vars, functions);
  if (typeof fr === 'string') return fr;
  // Random stand-ins for unknown functions have no BigNumber form.
  const precisePossible = functions.size === 0;
  let budget = precisePossible ? PRECISE_BUDGET : 0;
  let settled = false;
  const precise = (x: Float64Array): Sample | null | undefined => {
    if (budget <= 0) return undefined;
    budget--;
    const pl = preciseAt(left, vars, x);
    const pr = preciseAt(right, vars, x);
    if (pl === 'unsupported' || pr === 'unsupported') {
      budget = 0;
      return undefined;
    }
    if (pl === 'undefined' && pr === 'undefined') return null;
    if (pl === 'undefined') return { x, left: NaN, right: toDouble(pr as Exclude<typeof pr, string>), status: 'right-only', confirmed: true };
    if (pr === 'undefined') return { x, left: toDouble(pl), right: NaN, status: 'left-only', confirmed: true };
    const equal = preciseEqual(pl, pr);
    const lv = toDouble(pl);
    const rv = toDouble(pr);
    const sample: Sample = { x, left: lv, right: rv, status: equal ? 'agree' : 'differ', confirmed: true, order: equal ? 0 : pl.value.cmp(pr.value) };
    return Number.isFinite(lv) && Number.isFinite(rv) ? sample : { ...sample, gap: preciseGap(pl, pr) };
  };
  return {
    vars,
    method: 'numeric',
    draw: (rng) => drawPoint(rng, domains),
    classify(x) {
      const l = fl(x);
      const r = fr(x);
      const lf = Number.isFinite(l);
      const rf = Number.isFinite(r);
      if (lf && rf && agreeDouble(l, r)) return { x, left: l, right: r, status: 'agree', confirmed: false };
      // Neither side is a number: undefined on both, or overflowed. A step with something to sample
      // redraws; one without (e^{1000} = e^{999}e) has this one point, which high precision settles.
      if (!lf && !rf && (vars.length > 0 || !(isInfinite(l) || isInfinite(r)))) return null;
      if (lf && rf && (!input.confirm || settled)) return { x, left: l, right: r, status: 'differ', confirmed: false };
      const p = precise(x);
      if (p === null) return null;
      if (p !== undefined) {
        if (p.status === 'differ') settled = true;
        return p;
      }
      if (!lf && !rf) return null;
      return { x, left: l, right: r, status: lf && rf ? 'differ' : lf ? 'left-only' : 'right-only', confirmed: false };
    },
    refine(s) {
      if (s.confirmed || s.status !== 'agree') return s;
      return precise(s.x) ?? s;
    },
    compile: (e) => {
      const f = compileOver(e, vars, functions);
      return typeof f === 'string' ? null : f;
    },
  };
}

/** Exact rational arithmetic at the sampled decimals; aborts when numbers grow too large. */
export function exactProbe(left: Expr, right: Expr, vars: readonly Sym[], domains: readonly Interval[]): Probe {
  return {
    vars,
    method: 'exact',
    draw: (rng) => drawPoint(rng, domains),
    classify(x) {
      const l = exactAt(left, vars, x);
      const r = exactAt(right, vars, x);
      if (l === 'too-large' || r === 'too-large') return 'abort';
      if (l === 'undefined' && r === 'undefined') return null;
      if (l === 'undefined') return { x, left: NaN, right: r.valueOf() as number, status: 'right-only', confirmed: true };
      if (r === 'undefined') return { x, left: l.valueOf() as number, right: NaN, status: 'left-only', confirmed: true };
      const lv = l.valueOf() as number;
      const rv = r.valueOf() as number;
      const sample: Sample = { x, left: lv, right: rv, status: l.equals(r) ? 'agree' : 'differ', confirmed: true, order: l.compare(r) };
      if (Number.isFinite(lv) && Number.isFinite(rv)) return sample;
      // Beyond the double range the doubles say nothing: keep the exact relative gap.
      const scale = l.abs().compare(r.abs()) > 0 ? l.abs() : r.abs();
      return { ...sample, gap: scale.n === 0n ? 0 : l.sub(r).abs().div(scale).valueOf() as number };
    },
    refine: (s) => s,
    compile: (e) => {
      const f = compileOver(e, vars, new Map());
      return typeof f === 'string' ? null : f;
    },
  };
}
