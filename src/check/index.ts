/**
 * `deriv check`'s public face: a Markdown derivation in, a verdict for every step out.
 *
 *   Markdown ──extractMath──▶ math spans in sections and blocks
 *     ──readNotes──▶ roles (roles.ts) and steps with scopes
 *     ──prepareClaim──▶ claims (derivatives worked out, definitions substituted)
 *     ──judge──▶ verdicts (symbolic │ exact │ numeric) ──diagnose──▶ hints
 *
 * Limits keep untrusted input from running away: the file size, the number of steps, the time
 * per step (the judge stops sampling and says `unknown`), and the size of a side after
 * substitution (prepare.ts).
 */
import type { Expr, RelOp } from '../core/expr.js';
import { Budget } from '../core/budget.js';
import { provablyEqual } from '../simplify/index.js';
import { claimSeed, DEFAULT_POINTS, judge } from './judge.js';
import { extractMath } from './markdown.js';
import { verdictMessage, warningText } from './messages.js';
import { instancesOf, type Instance } from './instances.js';
import { prepareClaim, type WrittenSide } from './prepare.js';
import type { Assumptions } from './evaluate.js';
import { assumptionsOf, type Scope } from './scope.js';
import type { SpanReading } from './reader.js';
import { collectSteps, type Collected, type Definition, type Position, type Step } from './steps.js';
import type { HintKind, Method, Verdict, VerdictKind, Warning } from './verdict.js';

export const LIMITS = {
  /** Characters in one file. */
  maxFileSize: 1_000_000,
  /** Steps checked in one file; later steps are reported as one error. */
  maxSteps: 2_000,
  /** Milliseconds for one step: differentiating, simplifying and sampling it. */
  stepTimeMs: 2_000,
  /** Milliseconds for one file; steps after it runs out are `unknown`. */
  fileTimeMs: 30_000,
  /** Units of work (rule applications, rewrites, operands in canonical form) for one step, and for one file. */
  stepWork: 4_000_000,
  fileWork: 40_000_000,
} as const;

export interface CheckOptions {
  readonly seed?: number;
  readonly points?: number;
  readonly stepTimeMs?: number;
  /** Use the simplifier for the `symbolic` method (default true). */
  readonly symbolic?: boolean;
  /** The budget the step's own is part of (`checkSource` passes the file's). */
  readonly budget?: Budget;
}

export interface StepReport {
  readonly line: number;
  readonly column: number;
  readonly relation: RelOp;
  readonly lhs: string;
  readonly rhs: string;
  readonly verdict: VerdictKind;
  readonly method: Method;
  readonly points: number;
  readonly hint: HintKind | null;
  readonly message: string;
  readonly warnings: readonly string[];
  readonly witness: Readonly<Record<string, number>> | null;
  /** What the notes said that bears on a failure ("h was defined as \sigma(u) on line 15"), or null. */
  readonly context: string | null;
  /** Where the left side was written (for showing both source lines). */
  readonly lhsPos: Position;
  readonly detail: Verdict;
}

export interface FileError { readonly line: number; readonly column: number; readonly code: string; readonly message: string }

export interface FileReport {
  readonly file: string;
  readonly steps: readonly StepReport[];
  readonly definitions: readonly Definition[];
  readonly errors: readonly FileError[];
  /** Things read leniently or set aside: they do not fail the file. */
  readonly warnings: readonly FileError[];
  /** Every math span, with the role each of its clauses was given and why. */
  readonly spans: readonly SpanReading[];
  readonly summary: { readonly valid: number; readonly invalid: number; readonly unknown: number };
}

/** Limits for each simplification a symbolic check runs (three at most per step). */
const SIMPLIFY_LIMITS = { maxSteps: 1_000, maxMillis: 300 } as const;

/**
 * The simplifier's opinion on `left = right`: the same node before or after simplifying, or a
 * difference that simplifies to 0. Its limits leave it without an opinion; a throw is a bug.
 */
const symbolicEqual = (budget: Budget) => (left: Expr, right: Expr): boolean => provablyEqual(left, right, { ...SIMPLIFY_LIMITS, budget });

const withDomains = (a: Assumptions, domains: readonly Expr[]): Assumptions =>
  (domains.length === 0 ? a : { ...a, conditions: [...a.conditions, ...domains] });

/**
 * A vector or matrix step that is wrong entry by entry but right when products commute (the
 * simplifier's opinion, which takes them as numbers): the factors are in the wrong order.
 */
function commutedHint(step: Step, options: CheckOptions, budget: Budget): Verdict['hint'] {
  if (step.op !== '=' || options.symbolic === false) return null;
  const prepared = prepareClaim(step.op, step.lhs, step.rhs, step.scope, budget);
  return prepared.ok && symbolicEqual(budget)(prepared.claim.left, prepared.claim.right) ? { kind: 'non-commuting', params: {} } : null;
}

/** Each warning once (instances of one step repeat them). */
function uniqueWarnings(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = JSON.stringify(w);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/** Six significant digits: what a witness value in JSON carries. */
const round6 = (x: number): number => Number(x.toPrecision(6));

/** One scalar step judged: derivatives worked out and definitions substituted, then sampled. */
function judgeOnce(step: Step, lhs: WrittenSide, rhs: WrittenSide, scope: Scope, options: CheckOptions, points: number, budget: Budget, entrywise = false, nameDomains = true): Verdict {
  const seed = options.seed ?? 1;
  const prepared = prepareClaim(step.op, lhs, rhs, scope, budget);
  if (!prepared.ok) return { verdict: 'unknown', method: 'none', points: 0, hint: null, warnings: [], reason: { code: prepared.code, detail: prepared.detail }, witness: null };
  return judge(prepared.claim, {
    seed: claimSeed(seed, `${step.lhs.latex}\u0000${step.op}\u0000${step.rhs.latex}`),
    points,
    assumptions: withDomains(assumptionsOf(scope), prepared.domains),
    matrices: scope.matrices,
    entrywise,
    tolerance: scope.tolerance,
    budget,
    nameDomains,
    ...(options.symbolic === false ? {} : { symbolic: symbolicEqual(budget) }),
  });
}

/**
 * A step's verdict. With sums or indices it is judged at each instance (concrete sizes and
 * index values, see instances.ts): invalid when one instance is, valid when every instance
 * that could be judged is, and unknown when none could.
 */
function judgeStep(step: Step, options: CheckOptions, budget: Budget): Verdict {
  const points = options.points ?? DEFAULT_POINTS;
  const instances = instancesOf(step.lhs.expr, step.rhs.expr, step.scope);
  if (instances === null) return judgeOnce(step, step.lhs, step.rhs, step.scope, options, points, budget);
  if (instances.length === 0) return { verdict: 'unknown', method: 'none', points: 0, hint: null, warnings: [], reason: { code: 'not-checkable', detail: 'no index values meet the conditions in force' }, witness: null };
  // Shapes the notes declare that cannot fit, at every size: the step's error, not a doubt.
  const shape = instances[0]!.declaredMismatch;
  if (shape !== null && instances.every((inst) => inst.mismatch !== null)) {
    return { verdict: 'invalid', method: 'symbolic', points: 0, hint: { kind: 'shape', params: { why: shape } }, warnings: [], reason: null, witness: null };
  }
  const each = Math.max(4, Math.ceil(points / instances.length));
  // Every instance is sampled (with the 64-digit confirmation of a difference): the sums the
  // simplifier would expand grow with the size, so it is asked only when sampling could not
  // decide any instance. Whether a name's conventional domain carries the step is asked of the
  // first two instances (the warning is the step's, once).
  const sampled: CheckOptions = { ...options, symbolic: false };
  const judgeAt = (inst: Instance, i: number, o: CheckOptions): Verdict => (inst.mismatch !== null
    ? { verdict: 'unknown', method: 'none', points: 0, hint: null, warnings: [], reason: { code: 'matrix-shape', detail: inst.mismatch }, witness: null }
    : judgeOnce(step, { expr: inst.left, latex: step.lhs.latex }, { expr: inst.right, latex: step.rhs.latex }, inst.scope, o, each, budget, inst.tensor, i <= 1));
  // One wrong instance settles the step: the ones after it are not judged.
  const verdicts: { inst: Instance; v: Verdict }[] = [];
  for (const [i, inst] of instances.entries()) {
    const v = judgeAt(inst, i, sampled);
    verdicts.push({ inst, v });
    if (v.verdict === 'invalid') break;
  }
  const first = verdicts.findIndex(({ inst }) => inst.mismatch === null);
  if (options.symbolic !== false && first >= 0 && verdicts.every(({ v }) => v.verdict === 'unknown')) {
    verdicts[first] = { inst: verdicts[first]!.inst, v: judgeAt(verdicts[first]!.inst, first, options) };
  }
  const bad = verdicts.find(({ v }) => v.verdict === 'invalid');
  if (bad !== undefined) {
    const w = bad.v.witness;
    if (!bad.inst.tensor) return { ...bad.v, witness: w === null ? null : { ...w, values: [...bad.inst.label, ...w.values] } };
    // Entries are random numbers: the witness names the vectors and matrices with their sizes.
    const witness = w === null ? null : { ...w, values: bad.inst.label, randomMatrices: bad.inst.shapes };
    return { ...bad.v, witness, hint: bad.v.hint ?? commutedHint(step, options, budget) };
  }
  const judged = verdicts.filter(({ v }) => v.verdict === 'valid');
  if (judged.length === 0) return verdicts[0]!.v;
  const method = judged.every(({ v }) => v.method === 'symbolic') ? 'symbolic' : judged.some(({ v }) => v.method === 'numeric') ? 'numeric' : judged[0]!.v.method;
  return {
    ...judged[0]!.v, method, points: judged.reduce((n, { v }) => n + v.points, 0),
    warnings: uniqueWarnings(judged.flatMap(({ v }) => v.warnings)),
  };
}

export function checkStep(step: Step, options: CheckOptions = {}): StepReport {
  const budget = (options.budget ?? Budget.unlimited()).within('step', options.stepTimeMs ?? LIMITS.stepTimeMs, LIMITS.stepWork);
  const verdict = judgeStep(step, options, budget);
  const witness = verdict.witness === null ? null : Object.fromEntries(verdict.witness.values.map(([k, v]) => [k, round6(v)]));
  const context = verdict.verdict === 'invalid' ? step.context ?? null : null;
  return {
    line: step.rhs.pos.line,
    column: step.rhs.pos.column,
    relation: step.op,
    lhs: step.lhs.latex,
    rhs: step.rhs.latex,
    verdict: verdict.verdict,
    method: verdict.method,
    points: verdict.points,
    hint: verdict.hint?.kind ?? null,
    message: context === null ? verdictMessage(verdict) : `${verdictMessage(verdict)} (${context})`,
    warnings: verdict.warnings.map(warningText),
    witness,
    context,
    lhsPos: step.lhs.pos,
    detail: verdict,
  };
}

/** Check every step of one Markdown source. Never throws on user input. */
export function checkSource(source: string, file: string, options: CheckOptions = {}): FileReport {
  if (source.length > LIMITS.maxFileSize) {
    const error = { line: 1, column: 1, code: 'too-large', message: `file is ${source.length} characters long; the limit is ${LIMITS.maxFileSize}` };
    return report(file, [], { definitions: [], errors: [error], warnings: [], spans: [] });
  }
  const collected = collectSteps(extractMath(source));
  const budget = Budget.of('file', LIMITS.fileTimeMs, LIMITS.fileWork);
  const steps = collected.steps.slice(0, LIMITS.maxSteps).map((s) => checkStep(s, { budget, ...options }));
  const errors: FileError[] = [...collected.errors];
  if (collected.steps.length > LIMITS.maxSteps) {
    const first = collected.steps[LIMITS.maxSteps]!;
    errors.push({ line: first.rhs.pos.line, column: first.rhs.pos.column, code: 'too-many-steps', message: `more than ${LIMITS.maxSteps} steps: the rest of the file is not checked` });
  }
  return report(file, steps, { ...collected, errors });
}

const byPosition = <T extends { line: number; column: number }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => a.line - b.line || a.column - b.column);

interface Read {
  readonly definitions: Collected['definitions'];
  readonly errors: readonly FileError[];
  readonly warnings: readonly FileError[];
  readonly spans: Collected['spans'];
}

function report(file: string, steps: StepReport[], read: Read): FileReport {
  const count = (v: VerdictKind): number => steps.filter((s) => s.verdict === v).length;
  return {
    file, steps, definitions: read.definitions, errors: byPosition(read.errors), warnings: byPosition(read.warnings), spans: read.spans,
    summary: { valid: count('valid'), invalid: count('invalid'), unknown: count('unknown') },
  };
}

export { DEFAULT_POINTS } from './judge.js';
export type { HintKind, Method, Verdict, VerdictKind } from './verdict.js';
