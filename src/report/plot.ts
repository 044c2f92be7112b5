/**
 * The picture beside a wrong step: both sides as functions of one symbol, every other symbol
 * held at the witness, over a range around the witness, with the x-ranges where they differ
 * shaded. A reader sees at once whether the curves are mirror images (a sign), parallel (an
 * offset) or apart only somewhere (a domain).
 *
 * The sides are rebuilt from what the checker reports (the step's LaTeX, the definitions in
 * force before it, the witness): derivatives worked out through the definitions, defined
 * functions inlined, defined symbols the witness does not give substituted. Steps this cannot
 * evaluate (matrices, random functions, symbols without a witness value) get no plot; the
 * verdict stands on the checker's evidence either way.
 */
import type { Expr, Sym } from '../core/expr.js';
import { freeSet, substitute, transform } from '../core/walk.js';
import type { FileReport, StepReport } from '../check/index.js';
import { expandDerivatives, type FunctionDef } from '../diff/index.js';
import { compile, CompileError } from '../numeric/compile.js';
import { parse } from '../parse/index.js';
import { fitRange, lineChart, PALETTE } from './svg.js';

const SAMPLES = 241;

interface Scope {
  readonly defs: Map<Sym, Expr>;
  readonly functions: Map<Sym, FunctionDef>;
  readonly names: string[];
}

/** The definitions written before the step, later ones replacing earlier ones. */
function scopeBefore(report: FileReport, line: number): Scope | null {
  const names: string[] = [];
  const defs = new Map<Sym, Expr>();
  const functions = new Map<Sym, FunctionDef>();
  const before = report.definitions.filter((d) => d.line <= line);
  for (const d of before) {
    const m = /^(.*?)\((.*)\)$/.exec(d.symbol);
    if (m !== null) names.push(m[1]!);
  }
  for (const d of before) {
    const head = parse(d.symbol, { functions: names });
    const value = parse(d.latex, { functions: names });
    if (!head.ok || !value.ok) return null;
    if (head.value.kind === 'sym') defs.set(head.value, value.value);
    else if (head.value.kind === 'apply' && typeof head.value.fn !== 'string' && head.value.args.every((a) => a.kind === 'sym')) {
      functions.set(head.value.fn, { params: head.value.args as Sym[], body: value.value });
    }
  }
  return { defs, functions, names };
}

/** Defined functions written out: `L(a)` becomes L's formula in a. */
function inline(e: Expr, functions: ReadonlyMap<Sym, FunctionDef>): Expr {
  let out = e;
  for (let i = 0; i <= functions.size; i++) {
    const next = transform(out, (x) => {
      if (x.kind !== 'apply' || typeof x.fn === 'string' || x.primes > 0) return x;
      const def = functions.get(x.fn);
      return def === undefined || def.params.length !== x.args.length ? x : substitute(def.body, new Map(def.params.map((p, k) => [p as Expr, x.args[k]!])));
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

export interface StepSides {
  readonly variable: Sym;
  readonly label: string;
  readonly at: number;
  readonly left: (x: number) => number;
  readonly right: (x: number) => number;
}

/** Both sides of `step` as functions of one symbol, or null when they cannot be rebuilt. */
export function stepSides(report: FileReport, step: StepReport): StepSides | null {
  if (step.witness === null || step.detail.witness === null) return null;
  if (step.detail.witness.randomMatrices.length > 0 || step.detail.witness.randomFunctions.length > 0) return null;
  const scope = scopeBefore(report, step.lhsPos.line);
  if (scope === null) return null;
  const lhs = parse(step.lhs, { functions: scope.names });
  const rhs = parse(step.rhs, { functions: scope.names });
  if (!lhs.ok || !rhs.ok) return null;
  const witness = new Map<Sym, number>();
  const labels = new Map<Sym, string>();
  for (const [label, value] of Object.entries(step.witness)) {
    const s = parse(label);
    if (s.ok && s.value.kind === 'sym') {
      witness.set(s.value, value);
      labels.set(s.value, label);
    }
  }
  try {
    const options = { defs: scope.defs, functions: scope.functions };
    let sides = [lhs.value, rhs.value].map((e) => inline(expandDerivatives(e, options), scope.functions));
    // Defined symbols the witness gives stay symbols; the others take their definitions.
    const hidden = new Map([...scope.defs].filter(([s]) => !witness.has(s)).map(([s, v]) => [s as Expr, v]));
    for (let i = 0; i <= hidden.size; i++) sides = sides.map((e) => inline(substitute(e, hidden), scope.functions));
    const free = [...new Set(sides.flatMap((e) => [...freeSet(e)]))];
    if (free.some((s) => !witness.has(s)) || free.length === 0) return null;
    const variable = [...witness.keys()].find((s) => free.includes(s))!;
    const [l, r] = sides.map((e) => compile(e, free)) as [ReturnType<typeof compile>, ReturnType<typeof compile>];
    const point = free.map((s) => witness.get(s)!);
    const k = free.indexOf(variable);
    const at = (f: typeof l) => (x: number): number => {
      const p = [...point];
      p[k] = x;
      return f.fn(p);
    };
    return { variable, label: labels.get(variable)!, at: witness.get(variable)!, left: at(l), right: at(r) };
  } catch (err) {
    // A side the compiler cannot evaluate (a relation, an unknown function) gets no plot; anything else is a bug.
    if (err instanceof CompileError) return null;
    throw err;
  }
}

const agree = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Where the sides are defined over a range, and the fraction of the range that is. */
function sample(s: StepSides, lo: number, hi: number): { xs: number[]; ls: number[]; rs: number[]; defined: number } {
  const xs: number[] = [];
  const ls: number[] = [];
  const rs: number[] = [];
  let defined = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const x = lo + ((hi - lo) * i) / (SAMPLES - 1);
    const l = s.left(x);
    const r = s.right(x);
    xs.push(x);
    ls.push(l);
    rs.push(r);
    if (Number.isFinite(l) && Number.isFinite(r)) defined++;
  }
  return { xs, ls, rs, defined: defined / SAMPLES };
}

/**
 * The SVG for a wrong step: both sides around the witness, shaded where they differ. A symbol
 * whose witness lies in (0, 1) and whose sides are mostly undefined outside it (a probability)
 * is plotted over (0, 1).
 */
export function stepPlot(report: FileReport, step: StepReport, id: string): string | null {
  const s = stepSides(report, step);
  if (s === null) return null;
  // Around 0, where activation functions do their work, unless the witness is far from it.
  let range: [number, number] = Math.abs(s.at) <= 20 ? [Math.min(-5, s.at - 1), Math.max(5, s.at + 1)] : [s.at - 5, s.at + 5];
  let data = sample(s, ...range);
  if (s.at > 0 && s.at < 1 && data.defined < 0.5) {
    range = [0.005, 0.995];
    data = sample(s, ...range);
  }
  if (data.defined === 0) return null;
  const shade: [number, number][] = [];
  const step2 = (range[1] - range[0]) / (SAMPLES - 1);
  data.xs.forEach((x, i) => {
    const l = data.ls[i]!;
    const r = data.rs[i]!;
    const differs = Number.isFinite(l) !== Number.isFinite(r) || (Number.isFinite(l) && !agree(l, r));
    if (!differs) return;
    const last = shade.at(-1);
    if (last !== undefined && Math.abs(last[1] - (x - step2 / 2)) < step2 * 1e-6) last[1] = x + step2 / 2;
    else shade.push([x - step2 / 2, x + step2 / 2]);
  });
  const pts = (ys: number[]) => data.xs.map((x, i) => [x, Number.isFinite(ys[i]!) ? ys[i]! : null] as const);
  const wl = s.left(s.at);
  const wr = s.right(s.at);
  return lineChart({
    id, width: 320, height: 210, x: range, shade,
    y: fitRange([...data.ls, ...data.rs], [wl, wr].filter(Number.isFinite)),
    series: [
      { label: 'left side', points: pts(data.ls), color: PALETTE[0] },
      { label: 'right side', points: pts(data.rs), color: PALETTE[1], dashed: true },
    ],
    marks: [{ x: s.at, y: wl, color: PALETTE[0] }, { x: s.at, y: wr, color: PALETTE[1] }],
    xLabel: s.label,
  });
}
