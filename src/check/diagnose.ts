/**
 * Diagnoses of a wrong step, read off the samples: each detector is a named record that looks
 * at the pairs (left, right) at the informative points and either recognises its pattern or
 * passes. The first detector that recognises the samples names the hint; the order runs from
 * the most specific pattern to the least.
 */
import type { Sym } from '../core/expr.js';
import { symLatex } from '../print/latex.js';
import type { Sample } from './probe.js';
import type { Hint, SAMPLE_HINTS } from './verdict.js';

export interface DiagnoseInput {
  readonly samples: readonly Sample[];
  readonly vars: readonly Sym[];
  /** Candidate missing chain-rule factors with their values at each sample (NaN where undefined). */
  readonly factors: readonly { readonly label: string; readonly values: readonly number[] }[];
}

interface Detector {
  readonly id: (typeof SAMPLE_HINTS)[number];
  /** Parameters of the hint when the samples show the pattern, else null. */
  readonly detect: (input: DiagnoseInput, view: View) => Record<string, string> | null;
}

/** What detectors share: the informative samples, split by outcome. */
interface View {
  readonly informative: readonly Sample[];
  readonly agree: readonly Sample[];
  readonly differ: readonly Sample[];
  readonly mismatch: readonly Sample[];
}

/** Relative spread allowed for a ratio or an offset to count as constant. */
const CONSTANT = 1e-6;
/** Fewer points than this cannot show that a ratio or an offset is constant. */
const PATTERN_POINTS = 3;

function constant(values: readonly number[]): number | null {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return null;
  const first = values[0]!;
  const scale = Math.max(...values.map(Math.abs), 1e-300);
  return values.every((v) => Math.abs(v - first) <= CONSTANT * scale + 1e-12) ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

const nonzero = (s: Sample): boolean => Math.abs(s.left) > 1e-12 && Math.abs(s.right) > 1e-12;

/** The constant k with left = k·right at every informative point, if there is one. */
function ratio(v: View): number | null {
  const xs = v.informative.filter(nonzero);
  if (xs.length < PATTERN_POINTS) return null;
  const k = constant(xs.map((s) => s.left / s.right));
  if (k === null) return null;
  return v.informative.every((s) => Math.abs(s.left - k * s.right) <= 1e-6 * Math.max(Math.abs(s.left), Math.abs(k * s.right)) + 1e-12) ? k : null;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/** A short name for a constant: an integer, a small fraction, ln 2, π, else four significant digits. */
export function nameConstant(k: number): string {
  const named: [number, string][] = [[LN2, '\\ln 2'], [1 / LN2, '1/\\ln 2'], [LN10, '\\ln 10'], [1 / LN10, '1/\\ln 10'], [Math.PI, '\\pi'], [Math.E, 'e']];
  for (const [v, name] of named) {
    if (near(k, v)) return name;
    if (near(k, -v)) return `-${name}`;
  }
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(k * q);
    if (p !== 0 && Math.abs(k * q - p) <= 1e-6 * Math.abs(k * q)) return q === 1 ? String(p) : `${p}/${q}`;
  }
  return String(Number(k.toPrecision(4)));
}

/** The simplest number strictly between lo and hi (0, an integer, or a short decimal). */
function between(lo: number, hi: number): number {
  if (lo < 0 && hi > 0) return 0;
  const i = Math.ceil(lo);
  if (i < hi && i > lo) return i;
  for (let d = 1; d <= 6; d++) {
    const f = 10 ** d;
    const c = Math.floor(lo * f + 1) / f;
    if (c > lo && c < hi) return c;
  }
  return (lo + hi) / 2;
}

/** A one-variable region `v > t` / `v < t` on which exactly the agreeing points lie, if there is one. */
function region(v: View, vars: readonly Sym[]): string | null {
  for (let i = 0; i < vars.length; i++) {
    const agreeVals = v.agree.map((s) => s.x[i]!);
    const differVals = v.differ.map((s) => s.x[i]!);
    const label = symLatex(vars[i]!);
    if (Math.min(...agreeVals) > Math.max(...differVals)) return `${label} > ${fmt(between(Math.max(...differVals), Math.min(...agreeVals)))}`;
    if (Math.max(...agreeVals) < Math.min(...differVals)) return `${label} < ${fmt(between(Math.max(...agreeVals), Math.min(...differVals)))}`;
  }
  return null;
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

export const DETECTORS: readonly Detector[] = [
  {
    id: 'domain',
    detect: (_, v) => {
      if (v.differ.length > 0 || v.mismatch.length === 0) return null;
      const leftOnly = v.mismatch.filter((s) => s.status === 'left-only').length;
      return { side: leftOnly * 2 >= v.mismatch.length ? 'left' : 'right', count: String(v.mismatch.length) };
    },
  },
  {
    id: 'sign',
    detect: (_, v) => {
      const xs = v.informative.filter(nonzero);
      return xs.length > 0 && v.informative.every((s) => Math.abs(s.left + s.right) <= 1e-7 * Math.max(Math.abs(s.left), Math.abs(s.right)) + 1e-12) ? {} : null;
    },
  },
  {
    id: 'log-base',
    detect: (_, v) => {
      const k = ratio(v);
      if (k === null) return null;
      if (![LN2, 1 / LN2, LN10, 1 / LN10].some((c) => near(Math.abs(k), c))) return null;
      return { factor: nameConstant(k), base: near(Math.abs(k), LN2) || near(Math.abs(k), 1 / LN2) ? '2' : '10' };
    },
  },
  {
    id: 'missing-factor',
    detect: (input, v) => {
      if (v.informative.length < PATTERN_POINTS || v.differ.length === 0) return null;
      const idx = input.samples.map((s, i) => [s, i] as const).filter(([s]) => s.status === 'agree' || s.status === 'differ');
      for (const f of input.factors) {
        const fv = idx.map(([, i]) => f.values[i] ?? NaN);
        if (fv.some((x) => !Number.isFinite(x)) || fv.every((x) => Math.abs(x - 1) < 1e-9)) continue;
        const scale = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-7 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
        if (idx.every(([s], j) => scale(s.left, s.right * fv[j]!))) return { factor: f.label, side: 'right' };
        if (idx.every(([s], j) => scale(s.right, s.left * fv[j]!))) return { factor: f.label, side: 'left' };
      }
      return null;
    },
  },
  {
    id: 'constant-factor',
    detect: (_, v) => {
      const k = ratio(v);
      return k === null || near(k, 1) ? null : { factor: nameConstant(k) };
    },
  },
  {
    id: 'constant-offset',
    detect: (_, v) => {
      if (v.informative.length < PATTERN_POINTS) return null;
      const c = constant(v.informative.map((s) => s.left - s.right));
      return c === null || Math.abs(c) < 1e-12 ? null : { offset: nameConstant(c) };
    },
  },
  {
    id: 'partial-domain',
    detect: (input, v) => {
      if (v.agree.length < 2 || v.differ.length < 2) return null;
      const where = region(v, input.vars);
      return where === null ? { agree: String(v.agree.length), of: String(v.informative.length) } : { region: where };
    },
  },
];

export function diagnose(input: DiagnoseInput): Hint | null {
  const defined = input.samples.filter((s) => s.status === 'agree' || s.status === 'differ');
  const view: View = {
    // Ratios and offsets are read off double values: a point beyond their range (10^{400}) shows none.
    informative: defined.filter((s) => Number.isFinite(s.left) && Number.isFinite(s.right)),
    agree: defined.filter((s) => s.status === 'agree'),
    differ: defined.filter((s) => s.status === 'differ'),
    mismatch: input.samples.filter((s) => (s.status === 'left-only' || s.status === 'right-only') && s.confirmed),
  };
  for (const d of DETECTORS) {
    const params = d.detect(input, view);
    if (params !== null) return { kind: d.id, params };
  }
  return null;
}
