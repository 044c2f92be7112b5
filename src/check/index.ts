/**
 * `deriv check`'s public face: a Markdown derivation in, a verdict for every step out.
 *
 *   Markdown ──extractMath──▶ segments ──collectSteps──▶ steps with scopes
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
import { prepareClaim } from './prepare.js';
import { assumptionsOf } from './scope.js';
import { collectSteps, type Definition, type Position, type Step } from './steps.js';
import type { HintKind, Method, Verdict, VerdictKind } from './verdict.js';

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
  /** Where the left side was written (for showing both source lines). */
  readonly lhsPos: Position;
  readonly detail: Verdict;
}

export interface FileError { readonly line: number; readonly column: number; readonly message: string }

export interface FileReport {
  readonly file: string;
  readonly steps: readonly StepReport[];
  readonly definitions: readonly Definition[];
  readonly errors: readonly FileError[];
  readonly summary: { readonly valid: number; readonly invalid: number; readonly unknown: number };
}

/** Limits for each simplification a symbolic check runs (three at most per step). */
const SIMPLIFY_LIMITS = { maxSteps: 1_000, maxMillis: 300 } as const;

/**
 * The simplifier's opinion on `left = right`: the same node before or after simplifying, or a
 * difference that simplifies to 0. Its limits leave it without an opinion; a throw is a bug.
 */
const symbolicEqual = (budget: Budget) => (left: Expr, right: Expr): boolean => provablyEqual(left, right, { ...SIMPLIFY_LIMITS, budget });

/** Six significant digits: what a witness value in JSON carries. */
const round6 = (x: number): number => Number(x.toPrecision(6));

export function checkStep(step: Step, options: CheckOptions = {}): StepReport {
  const seed = options.seed ?? 1;
  const budget = (options.budget ?? Budget.unlimited()).within('step', options.stepTimeMs ?? LIMITS.stepTimeMs, LIMITS.stepWork);
  const prepared = prepareClaim(step.op, step.lhs, step.rhs, step.scope, budget);
  const verdict: Verdict = prepared.ok
    ? judge(prepared.claim, {
      seed: claimSeed(seed, `${step.lhs.latex}\u0000${step.op}\u0000${step.rhs.latex}`),
      points: options.points ?? DEFAULT_POINTS,
      assumptions: assumptionsOf(step.scope),
      matrices: step.scope.matrices,
      tolerance: step.scope.tolerance,
      budget,
      ...(options.symbolic === false ? {} : { symbolic: symbolicEqual(budget) }),
    })
    : { verdict: 'unknown', method: 'none', points: 0, hint: null, warnings: [], reason: { code: prepared.code, detail: prepared.detail }, witness: null };
  const witness = verdict.witness === null ? null : Object.fromEntries(verdict.witness.values.map(([k, v]) => [k, round6(v)]));
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
    message: verdictMessage(verdict),
    warnings: verdict.warnings.map(warningText),
    witness,
    lhsPos: step.lhs.pos,
    detail: verdict,
  };
}

/** Check every step of one Markdown source. Never throws on user input. */
export function checkSource(source: string, file: string, options: CheckOptions = {}): FileReport {
  if (source.length > LIMITS.maxFileSize) {
    return report(file, [], [], [{ line: 1, column: 1, message: `file is ${source.length} characters long; the limit is ${LIMITS.maxFileSize}` }]);
  }
  const doc = extractMath(source);
  const collected = collectSteps(doc);
  const errors: FileError[] = collected.errors.map((e) => ({ line: e.line, column: e.column, message: e.message }));
  const budget = Budget.of('file', LIMITS.fileTimeMs, LIMITS.fileWork);
  const steps = collected.steps.slice(0, LIMITS.maxSteps).map((s) => checkStep(s, { budget, ...options }));
  if (collected.steps.length > LIMITS.maxSteps) {
    const first = collected.steps[LIMITS.maxSteps]!;
    errors.push({ line: first.rhs.pos.line, column: first.rhs.pos.column, message: `more than ${LIMITS.maxSteps} steps: the rest of the file is not checked` });
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return report(file, steps, collected.definitions, errors);
}

function report(file: string, steps: StepReport[], definitions: readonly Definition[], errors: FileError[]): FileReport {
  const count = (v: VerdictKind): number => steps.filter((s) => s.verdict === v).length;
  return { file, steps, definitions, errors, summary: { valid: count('valid'), invalid: count('invalid'), unknown: count('unknown') } };
}

export { DEFAULT_POINTS } from './judge.js';
export type { HintKind, Method, Verdict, VerdictKind } from './verdict.js';
