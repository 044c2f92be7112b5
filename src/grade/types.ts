/**
 * The vocabulary of a graded submission. Everything here is plain data (numbers, strings,
 * arrays), so results cross worker threads unchanged and print as JSON directly.
 */
import type { RelOp } from '../core/expr.js';
import type { HintKind, Method, VerdictKind } from '../check/index.js';

/**
 * `valid`: follows, makes progress and earns the step points. `no-progress`: follows but goes
 * nowhere (see Progress), so earns nothing. `unjustified`: follows and makes progress, but jumps
 * further than the rubric's `max-jump`. `invalid`: does not follow. `unknown`: could not be
 * checked (no points, no penalty). `unreadable`: the line does not parse (costs like an invalid step).
 */
export type StepStatus = 'valid' | 'no-progress' | 'unjustified' | 'invalid' | 'unknown' | 'unreadable';

/**
 * What a step that follows does for the derivation (progress.ts): `progress` (it does work and
 * comes no further from the answer than the closest line so far), `rewrite` (no rule separates
 * it from the line before: a restatement or a reordering), `repeat` (it goes back to an earlier
 * line), `away` (it ends further from the answer than an earlier line), `unrelated` (work that
 * does not start from the task's start, measured against nothing).
 */
export type Progress = 'progress' | 'rewrite' | 'repeat' | 'away' | 'unrelated';

/**
 * How the step's left side was read: `as-written`; `from-task` (the first line is judged as a
 * step from the task's start); `derivative` (the left side restates the function to
 * differentiate, so the step is read as its derivative); `after-unreadable` (judged from the
 * last line that could be read).
 */
export type Reading = 'as-written' | 'from-task' | 'derivative' | 'after-unreadable';

/** The point where a wrong step's two sides differ, with both values (six significant digits). */
export interface WitnessData {
  /** Symbol (printed LaTeX) → value, in the order the symbols appear in the step. */
  readonly at: Readonly<Record<string, number>>;
  /** The value of what the step follows from, and of the step's line. */
  readonly left: number | null;
  readonly right: number | null;
}

export interface StepResult {
  /** Where the step's right side is written (1-based). */
  readonly line: number;
  readonly column: number;
  /** The left side as written (or the task's start), null for an unreadable line. */
  readonly from: string | null;
  readonly relation: RelOp;
  /** The right side as written (the whole line when unreadable). */
  readonly to: string;
  readonly reading: Reading;
  readonly status: StepStatus;
  readonly verdict: VerdictKind | null;
  readonly method: Method | null;
  readonly hint: HintKind | null;
  /** Rule applications that connect the two sides (see jump.ts); null when not measured. */
  readonly jump: number | null;
  /**
   * Rule applications from this line to the answer it works toward (the target, or after a slip
   * the submission's own final answer); null when not measured.
   */
  readonly distance: number | null;
  /** For a step that follows, what it does for the derivation; null otherwise. */
  readonly progress: Progress | null;
  /** Points this step earns or costs before the rubric's cap on step points. */
  readonly points: number;
  readonly feedback: string;
  readonly witness: WitnessData | null;
}

export interface FormResult {
  readonly id: string;
  readonly label: string;
  readonly ok: boolean;
}

export interface FinalResult {
  readonly line: number;
  readonly written: string;
  /**
   * The final line's value against the target's: `equal`, `different`, `unknown` (could not
   * check) or `unreadable` (the last line could not be read: nothing is compared, no form checked).
   */
  readonly value: 'equal' | 'different' | 'unknown' | 'unreadable';
  readonly reachedTarget: boolean;
  readonly forms: readonly FormResult[];
  /** Not the target, but it follows from the student's own work after a slip (rubric `follow-through`). */
  readonly followThrough: boolean;
  /**
   * The work does not start from the task's start: its first line neither restates the start nor
   * follows from it, and the checker names no slip that links them. No follow-through then.
   */
  readonly differentQuestion: boolean;
}

export interface Breakdown {
  /** Step points after the cap. */
  readonly steps: number;
  /** Points taken off for invalid and unreadable steps (a positive number). */
  readonly penalty: number;
  readonly target: number;
  readonly form: number;
}

export interface Counts {
  readonly steps: number;
  /** Steps that follow: valid, unjustified and no-progress ones. */
  readonly valid: number;
  /** Invalid steps, including unreadable lines. */
  readonly invalid: number;
  readonly unknown: number;
  readonly unjustified: number;
  /** Valid steps that go nowhere (earn nothing). */
  readonly noProgress: number;
}

export type SubmissionErrorCode = 'unreadable-file' | 'malformed-file' | 'not-text' | 'too-large' | 'too-many-lines' | 'empty' | 'no-math' | 'nothing-readable' | 'internal';

export interface SubmissionError { readonly code: SubmissionErrorCode; readonly message: string }

export interface GradeResult {
  readonly submission: string;
  readonly format: 'markdown' | 'text' | null;
  readonly score: number;
  readonly max: number;
  /** Set when the submission could not be graded at all; its score is then 0. */
  readonly error: SubmissionError | null;
  readonly steps: readonly StepResult[];
  readonly final: FinalResult | null;
  readonly breakdown: Breakdown;
  readonly counts: Counts;
  /** The feedback a student reads, one line each: steps in line order, then the final answer, then the total. */
  readonly feedback: readonly string[];
}

/**
 * One submission handed to the grader: its text, why it could not be read, or the file to read
 * it from (read by the thread that grades it, so a batch never holds a class's texts at once).
 */
export type SubmissionInput = LoadedSubmission | { readonly name: string; readonly file: string };

/** A submission's text, or why it could not be read. */
export type LoadedSubmission =
  | { readonly name: string; readonly text: string }
  | { readonly name: string; readonly error: SubmissionError };
