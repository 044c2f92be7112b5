/**
 * The verdict engine: one claim (two prepared sides and a relation) in, one verdict out.
 *
 * Order of evidence: the simplifier may show the sides equal (`symbolic`); rational functions
 * are evaluated exactly (`exact`); everything else is sampled (`numeric`). Sampling always runs,
 * and a confirmed differing point outranks the simplifier, so a simplifier bug can never make a
 * wrong step pass. Points where a side is undefined are redrawn and never count as agreement.
 */
import type { Budget, BudgetExceeded } from '../core/budget.js';
import type { Expr, RelOp, Sym } from '../core/expr.js';
import { unknownFunctionNames } from '../core/names.js';
import { symLatex } from '../print/latex.js';
import { hashString, intervalLatex, REAL, Rng } from '../numeric/sample.js';
import { diagnose } from './diagnose.js';
import { bothRational, compileCondition, drawPoint, samplingPlan, standIns, type Assumptions, type Stand } from './evaluate.js';
import { conventionalMatrices, inferShapes, matrixProbe } from './matrix.js';
import { exactProbe, orderOf, scalarProbe, type Probe, type Sample } from './probe.js';
import type { Claim, Hint, Tolerance, Verdict, Warning, Witness } from './verdict.js';

export interface JudgeOptions {
  readonly seed: number;
  /** Informative points required for a sampled verdict. */
  readonly points: number;
  readonly assumptions: Assumptions;
  /** Symbols declared as matrices. */
  readonly matrices: ReadonlySet<Sym>;
  /** The claim is a vector or matrix step written out entry by entry: its names are numbers, none a matrix. */
  readonly entrywise?: boolean;
  /** Front-matter tolerance for ≈ claims whose digits imply none. */
  readonly tolerance: number | undefined;
  /** Time for the step (sampling stops when it runs out: the verdict is then `unknown`). */
  readonly budget: Budget;
  /** The simplifier's opinion: true when it brings both sides to the same node. */
  readonly symbolic?: (left: Expr, right: Expr) => boolean;
  /**
   * Whether a sampled `valid` is sampled again with the names' variables on the whole line, to
   * warn when it rests on a name's conventional domain (default true; the instances of a step
   * with sums need it once, not at every size).
   */
  readonly nameDomains?: boolean;
}

export const DEFAULT_POINTS = 24;
/** Informative points of the second sampling that tells whether a step needs a name's conventional domain. */
const WIDE_POINTS = 6;
/** Draws allowed per required point before giving up with `unknown`. */
export const DRAWS_PER_POINT = 20;
export const DEFAULT_TOLERANCE = 1e-3;

interface RelationRule {
  /** Whether the relation holds at an informative sample. */
  readonly holds: (s: Sample, tol: Tolerance) => boolean;
  /** `every`: must hold at every point; `some`: at one point at least (≠ means "not identically equal"). */
  readonly quantifier: 'every' | 'some';
}

/**
 * Whether the sides agree within a tolerance. Values beyond the double range are compared by
 * their relative gap, settled at high precision (an infinity is never within anything).
 */
const within = (s: Sample, t: Tolerance): boolean => {
  if (Number.isFinite(s.left) && Number.isFinite(s.right)) return Math.abs(s.left - s.right) <= t.rel * Math.max(Math.abs(s.left), Math.abs(s.right)) + t.abs;
  return s.gap !== undefined && s.gap <= t.rel;
};

const RELATIONS: Record<RelOp, RelationRule> = {
  '=': { holds: (s) => s.status === 'agree', quantifier: 'every' },
  '≈': { holds: within, quantifier: 'every' },
  '≠': { holds: (s) => s.status === 'differ', quantifier: 'some' },
  '<': { holds: (s) => s.status === 'differ' && orderOf(s) < 0, quantifier: 'every' },
  '≤': { holds: (s) => s.status === 'agree' || orderOf(s) < 0, quantifier: 'every' },
  '>': { holds: (s) => s.status === 'differ' && orderOf(s) > 0, quantifier: 'every' },
  '≥': { holds: (s) => s.status === 'agree' || orderOf(s) > 0, quantifier: 'every' },
};

/** An `unknown` verdict with its reason. */
const unknown = (code: NonNullable<Verdict['reason']>['code'], detail: string, points = 0): Verdict => ({
  verdict: 'unknown', method: 'none', points, hint: null, warnings: [], reason: { code, detail }, witness: null,
});

interface Run {
  readonly samples: Sample[];
  readonly draws: number;
  readonly informative: number;
  /** The budget that ran out before enough points were drawn, if one did. */
  readonly timedOut: BudgetExceeded | null;
  readonly aborted: boolean;
}

function sample(probe: Probe, rng: Rng, need: number, maxDraws: number, conditions: readonly ((x: ArrayLike<number>) => boolean)[], budget: Budget): Run {
  const samples: Sample[] = [];
  let draws = 0;
  let informative = 0;
  let timedOut: BudgetExceeded | null = null;
  while (informative < need && draws < maxDraws) {
    // Read the clock before every draw: one draw (a high-precision re-check included) is the most a step overruns.
    timedOut = budget.exhausted();
    if (timedOut !== null) break;
    draws++;
    const x = probe.draw(rng);
    if (!conditions.every((c) => c(x))) continue;
    const s = probe.classify(x);
    if (s === 'abort') return { samples, draws, informative, timedOut, aborted: true };
    if (s === null) continue;
    samples.push(s);
    if (s.status === 'agree' || s.status === 'differ') informative++;
  }
  return { samples, draws, informative, timedOut, aborted: false };
}

export function judge(claim: Claim, options: JudgeOptions): Verdict {
  const v = judgeClaim(claim, options);
  // A word applied as a function that the table does not know is sampled as an unknown function; say so.
  const names = [...unknownFunctionNames(claim.left), ...unknownFunctionNames(claim.right)];
  if (names.length === 0) return v;
  const warnings: Warning[] = names.filter((n, i) => names.findIndex((m) => m.name === n.name) === i)
    .map((n) => ({ code: 'unknown-function', params: { name: `\\operatorname{${n.name}}`, ...(n.closest === null ? {} : { closest: n.closest }) } }));
  return warnings.length === 0 ? v : { ...v, warnings: [...v.warnings, ...warnings] };
}

function judgeClaim(claim: Claim, options: JudgeOptions): Verdict {
  const rng = new Rng(options.seed);
  const stand = standIns(claim.left, claim.right, rng.fork('functions'));
  if (stand === null) return unknown('no-numeric-meaning', 'a derivative of an unknown function of several variables');
  const plan = samplingPlan([stand.left, stand.right], options.assumptions);
  const declared = new Set([...options.matrices].filter((m) => plan.vars.includes(m)));
  const matrices = options.entrywise === true ? new Set<Sym>() : declared.size > 0 ? declared : conventionalMatrices([stand.left, stand.right]);
  const closed = plan.vars.length === 0;
  const need = closed ? 1 : options.points;
  const draws: Draws = { need, maxDraws: closed ? 1 : need * DRAWS_PER_POINT, budget: options.budget };
  const probed = matrices.size > 0
    ? probeMatrices(stand, plan, matrices, options.assumptions, rng, draws)
    : probeScalars(claim.op, stand, plan, options.assumptions, rng, draws);
  if ('verdict' in probed) return probed;
  const extras = { randomMatrices: probed.randomMatrices, randomFunctions: stand.names };
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  let verdict = decide(claim, probed.run, probed.probe, need, tolerance, extras);
  // The simplifier treats products as commutative, so on a matrix step it can only say that the
  // sides would be equal if the matrices commuted: the hint for a swapped product.
  if (matrices.size > 0) {
    if (verdict.verdict === 'invalid' && claim.op === '=' && options.symbolic?.(claim.left, claim.right)) {
      return { ...verdict, hint: { kind: 'non-commuting', params: {} } };
    }
    return verdict;
  }
  // The simplifier only confirms, or stands in for, a sampling that found the sides defined somewhere.
  if (claim.op === '=' && verdict.points > 0 && options.symbolic !== undefined && options.symbolic(claim.left, claim.right)) {
    verdict = verdict.verdict === 'invalid'
      ? { ...verdict, warnings: [...verdict.warnings, { code: 'symbolic-disagrees', params: {} }] }
      : { ...verdict, verdict: 'valid', method: 'symbolic', reason: null, hint: null };
  }
  if (verdict.verdict !== 'valid' || verdict.method !== 'numeric' || matrices.size > 0 || plan.named.length === 0 || options.nameDomains === false) return verdict;
  // The same probe, with the names' variables drawn on the whole line instead.
  const wide = plan.domains.map((d, i) => (plan.named.includes(i) ? REAL : d));
  const probe: Probe = { ...probed.probe, draw: (r) => drawPoint(r, wide) };
  const run = sample(probe, rng.fork('whole line'), WIDE_POINTS, WIDE_POINTS * DRAWS_PER_POINT, compileConditions(options.assumptions, plan.vars), options.budget);
  return decide(claim, run, probe, WIDE_POINTS, tolerance, extras).verdict === 'valid' ? verdict : withNameDomains(verdict, plan);
}

/**
 * A valid step sampled with domains taken only from names (a, y in (0, 1); α in (0, 3)) that
 * does not hold with those names on the whole line rests on the names' conventional meaning,
 * and says so. (Identities shown by the simplifier, or by exact evaluation of rational
 * functions, hold wherever both sides are defined, whatever the domain: they are not sampled again.)
 */
function withNameDomains(verdict: Verdict, plan: Plan): Verdict {
  const assumed = plan.named.map((i) => intervalLatex(symLatex(plan.vars[i]!), plan.domains[i]!)).join(', ');
  return { ...verdict, warnings: [...verdict.warnings, { code: 'name-domain', params: { assumed, count: String(plan.named.length) } }] };
}

interface Draws { readonly need: number; readonly maxDraws: number; readonly budget: Budget }
interface Probed { readonly probe: Probe; readonly run: Run; readonly randomMatrices: readonly string[] }
type Plan = ReturnType<typeof samplingPlan>;

const compileConditions = (a: Assumptions, vars: readonly Sym[]): ((x: ArrayLike<number>) => boolean)[] =>
  a.conditions.map((c) => compileCondition(c, vars)).filter((c) => c !== null);

/** Exact rational evaluation when both sides allow it (falling back if numbers grow too large), else doubles. */
function probeScalars(op: RelOp, stand: Stand, plan: Plan, assumptions: Assumptions, rng: Rng, b: Draws): Probed | Verdict {
  const conditions = compileConditions(assumptions, plan.vars);
  // Exact for every relation that is decided exactly (y + 1 > y holds at y = -10^{300}, where 64 digits see no difference).
  if (op !== '≈' && stand.functions.size === 0 && bothRational(stand.left, stand.right)) {
    const probe = exactProbe(stand.left, stand.right, plan.vars, plan.domains);
    const run = sample(probe, rng.fork('points'), b.need, b.maxDraws, conditions, b.budget);
    if (!run.aborted) return { probe, run, randomMatrices: [] };
  }
  const probe = scalarProbe({ ...plan, left: stand.left, right: stand.right, functions: stand.functions, confirm: op !== '≈' });
  if (typeof probe === 'string') return unknown('no-numeric-meaning', probe);
  return { probe, run: sample(probe, rng.fork('points'), b.need, b.maxDraws, conditions, b.budget), randomMatrices: [] };
}

function probeMatrices(stand: Stand, plan: Plan, matrices: ReadonlySet<Sym>, assumptions: Assumptions, rng: Rng, b: Draws): Probed | Verdict {
  const shapes = inferShapes([stand.left, stand.right], matrices);
  if (shapes.conflict !== null) return unknown('matrix-shape', shapes.conflict);
  const probe = matrixProbe(stand.left, stand.right, shapes, new Map(plan.vars.map((v, i) => [v, plan.domains[i]!])), rng);
  const run = sample(probe, rng.fork('points'), b.need, b.maxDraws, compileConditions(assumptions, probe.vars), b.budget);
  if (run.aborted) return unknown('matrix-shape', probe.shapeError ?? 'cannot evaluate with matrices');
  return { probe, run, randomMatrices: [...shapes.shapes.keys()].map(symLatex) };
}

interface Extras { readonly randomMatrices: readonly string[]; readonly randomFunctions: readonly string[] }

function decide(claim: Claim, run: Run, probe: Probe, need: number, tol: number, extras: Extras): Verdict {
  const rule = RELATIONS[claim.op];
  const informative = run.samples.filter((s) => s.status === 'agree' || s.status === 'differ');
  const n = informative.length;
  const method = probe.method;
  const approxTol: Tolerance = claim.implied ?? { rel: tol, abs: tol };
  const witness = (s: Sample): Witness => makeWitness(claim, probe, s, extras);
  const base = { method, points: n, hint: null, warnings: [] as Warning[], reason: null, witness: null };
  const tooFew = (): Verdict => run.timedOut !== null
    ? unknown('time-limit', `${run.timedOut.message}; stopped after ${run.draws} draws (${n} informative points)`, n)
    : unknown('too-few-points', `only ${n} of ${run.draws} points drawn had both sides defined (need ${need})`, n);

  // An agreement within the double tolerance may hide a real difference (σ(25) < 1, x + 10⁻¹² ≠ x):
  // where it decides the verdict, settle it at high precision first.
  const settle = (s: Sample): Sample => (s.status === 'agree' && !s.confirmed && claim.op !== '≈' ? probe.refine(s) : s);
  if (rule.quantifier === 'some') {
    const hit = informative.find((s) => rule.holds(s, approxTol)) ?? informative.map(settle).find((s) => rule.holds(s, approxTol));
    if (hit) return { ...base, verdict: 'valid' };
    if (n < need) return tooFew();
    return { ...base, verdict: 'invalid', witness: informative[0] ? witness(informative[0]) : null };
  }

  const failing = informative.filter((s) => !rule.holds(s, approxTol)).map(settle).filter((s) => !rule.holds(s, approxTol));
  if (failing.length > 0) {
    // `=` is exact: between numbers too (2000 = 2001 is wrong however close). The one exception
    // is a decimal that is the value rounded to the digits written (1/3 = 0.333): valid, but
    // the step should say ≈.
    const rounded = claim.op === '=' ? claim.implied : null;
    if (rounded !== null && informative.every((s) => within(s, rounded))) {
      return { ...base, verdict: 'valid', warnings: [{ code: 'approximate', params: {} }] };
    }
    const shown = failing.find((s) => s.confirmed) ?? failing[0]!;
    const hint = claim.op === '=' ? diagnoseRun(claim, run, probe) : null;
    return { ...base, verdict: 'invalid', hint, witness: witness(shown) };
  }
  if (claim.op === '=' || claim.op === '≈') {
    const mismatch = run.samples.filter((s) => (s.status === 'left-only' || s.status === 'right-only') && s.confirmed);
    if (mismatch.length >= Math.max(2, Math.ceil(0.1 * run.draws))) {
      return { ...base, verdict: 'invalid', hint: diagnoseRun(claim, run, probe), witness: witness(mismatch[0]!) };
    }
  }
  if (n < need) return tooFew();
  return { ...base, verdict: 'valid' };
}

function diagnoseRun(claim: Claim, run: Run, probe: Probe): Hint | null {
  // An agreement within the double tolerance may be a near miss: settle it before reading patterns.
  const samples = run.samples.map((s) => probe.refine(s));
  const factors = claim.factors.flatMap((f) => {
    const fn = probe.compile(f.value);
    return fn === null ? [] : [{ label: f.label, values: samples.map((s) => fn(s.x)) }];
  });
  return diagnose({ samples, vars: probe.vars, factors });
}

function makeWitness(claim: Claim, probe: Probe, s: Sample, extras: Extras): Witness {
  const values: (readonly [string, number])[] = [];
  const shown = claim.shown.length > 0 ? claim.shown : probe.vars.map((v) => ({ sym: v, label: symLatex(v), value: v as Expr }));
  for (const item of shown) {
    const i = probe.vars.indexOf(item.sym);
    if (i >= 0 && item.value === item.sym) {
      values.push([item.label, s.x[i]!]);
      continue;
    }
    const f = probe.compile(item.value);
    const v = f === null ? NaN : f(s.x);
    if (Number.isFinite(v)) values.push([item.label, v]);
  }
  return {
    values,
    randomMatrices: extras.randomMatrices,
    randomFunctions: extras.randomFunctions,
    left: Number.isFinite(s.left) ? s.left : null,
    right: Number.isFinite(s.right) ? s.right : null,
  };
}

/** The seed of one claim: the run's seed mixed with the claim's text, so a step's points do not depend on its neighbours. */
export const claimSeed = (seed: number, text: string): number => (Math.imul(seed | 0, 0x2545f491) ^ hashString(text)) | 0;
