/**
 * Grading one submission: every step judged, credited for the progress it makes (progress.ts),
 * the final answer compared with the target and checked for form, points totalled by the
 * rubric, and feedback written.
 *
 * Error carried forward: a step is judged from what the student wrote on its left, never from
 * where a correct derivation would be, so after a slip the later steps still earn their points
 * when they follow from the slip and make progress toward the student's own answer. One slip
 * costs one step.
 *
 * The start. The first expression may restate the task: the derivative itself (`d/dz …`,
 * `σ'(z)`), or — in a differentiation task — the function to differentiate. After the function,
 * lines equal to it are rewrites of it; the first line that is not is read as its derivative
 * (students write `f = f'` meaning "f, whose derivative is f'"). A first expression that
 * restates nothing is a step from the task's start.
 *
 * A different question: when the first line neither restates the task's start nor follows from
 * it, and the checker names no slip that links the two (a sign, a factor, a dropped term), the
 * work answers a different question: no follow-through, and no benefit of the doubt for steps
 * whose progress cannot be measured.
 *
 * Follow-through: when the final answer misses the target, the rubric's `follow-through` points
 * replace the target points if the miss is explained by slips: the work starts from the task's
 * start, the final line is in every required form, there is a slip, and every step after the
 * last slip follows, at least one of them making progress.
 */
import { assertNever, children, deriv, type Expr, type RelOp } from '../core/expr.js';
import { fnEntry, isFnName } from '../core/functions.js';
import { FORMS, hasDerivative, isDerivativeNode } from './forms.js';
import type { Judge, JudgedStep } from './judge.js';
import { FINAL_FEEDBACK, formFeedback, HINT_FEEDBACK, plain, PROGRESS_FEEDBACK, short, STEP_FEEDBACK } from './messages.js';
import { ProgressTracker, type Line } from './progress.js';
import { loadSubmission, readSubmission, submissionError, type Derivation, type Entry, type Written } from './submission.js';
import type { Task } from './task.js';
import type {
  Breakdown, Counts, FinalResult, GradeResult, Reading, StepResult, StepStatus, SubmissionError, SubmissionInput,
} from './types.js';

/**
 * Grades one submission. Never throws: a failure of the grader itself becomes the row's error
 * (code `internal`), so a bug shows in the grades instead of silently changing a mark.
 */
export function gradeSubmission(given: SubmissionInput, task: Task, judge: Judge): GradeResult {
  const input = 'file' in given ? loadSubmission(given.file, given.name) : given;
  if ('error' in input) return failed(input.name, null, input.error, task);
  let format: GradeResult['format'] = null;
  try {
    const read = readSubmission(input.name, input.text, task);
    if (!read.ok) return failed(input.name, null, read.error, task);
    format = read.value.format;
    return gradeDerivation(input.name, read.value, task, judge);
  } catch (err) {
    return failed(input.name, format, submissionError('internal', { detail: (err as Error).message }), task);
  }
}

const ZERO_BREAKDOWN: Breakdown = { steps: 0, penalty: 0, target: 0, form: 0 };
const ZERO_COUNTS: Counts = { steps: 0, valid: 0, invalid: 0, unknown: 0, unjustified: 0, noProgress: 0 };

function failed(name: string, format: GradeResult['format'], error: SubmissionError, task: Task): GradeResult {
  return {
    submission: name, format, score: 0, max: task.max, error, steps: [], final: null,
    breakdown: ZERO_BREAKDOWN, counts: ZERO_COUNTS, feedback: [`not graded: ${error.message}`, `score 0/${fmt(task.max)}`],
  };
}

/** Scores are sums of rubric numbers; rounding keeps 0.1 + 0.2 from printing as 0.30000000000000004. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const fmt = (x: number): string => String(round(x));

/** A step with its checker verdict, before its progress is known. */
interface Judged {
  readonly line: number;
  readonly column: number;
  readonly from: Line | null;
  readonly fromText: string | null;
  readonly relation: RelOp;
  readonly to: Line | null;
  readonly toText: string;
  readonly reading: Reading;
  /** Null for an unreadable line. */
  readonly verdict: JudgedStep | null;
  /** Unreadable lines: what went wrong. */
  readonly detail: string;
  /** How feedback names what the step follows from, and whether the step works out a derivative. */
  readonly before: string;
  readonly differentiating: boolean;
}

function gradeDerivation(name: string, d: Derivation, task: Task, judge: Judge): GradeResult {
  const { start } = task;
  const startLine: Line = { state: start.value, scope: task.scope, label: "the task's start" };
  const notes = d.comments.map((line) => ({ line, text: `line ${line}: ${STEP_FEEDBACK.comment({})}` }));
  const judged: Judged[] = [];
  const lines = new Map<Written, Line>();

  /**
   * What a written expression stands for. A restatement of the task's start that names the
   * function (σ'(z), d/dz σ(z), dσ/dz) is the start itself: the name hides the work the task asks
   * for. One that writes the function another way (d/dz e^z/(1+e^z)) stands for what is written.
   */
  const lineOf = (w: Written, state: Expr = w.expr): Line => {
    let l = lines.get(w);
    if (l === undefined) {
      const restates = state === start.value || (namesFunction(state) && isDerivativeNode(state) && judge.step(start.value, '=', state, w.scope).verdict === 'valid');
      l = { state: restates ? start.value : state, scope: w.scope, label: `line ${w.line}` };
      lines.set(w, l);
    }
    return l;
  };
  const judgeStep = (from: Line, fromExpr: Expr, fromText: string, to: Line, e: { op: RelOp; rhs: Written }, reading: Reading, before: string): void => {
    judged.push({
      line: e.rhs.line, column: e.rhs.column, from, fromText, relation: e.op, to, toText: e.rhs.text, reading,
      verdict: judge.step(fromExpr, e.op, e.rhs.expr, e.rhs.scope), detail: '', before,
      differentiating: reading === 'derivative' || reading === 'from-task' || hasDerivative(fromExpr),
    });
  };

  // The start.
  const first = d.first!;
  let mode: 'function' | 'value' = 'value';
  const restated = restatement(first, task, judge);
  if (restated === 'step') {
    judgeStep(startLine, start.value, start.latex, lineOf(first), { op: '=', rhs: first }, d.unreadableFirst ? 'after-unreadable' : 'from-task', "the task's start");
  } else {
    notes.push({ line: first.line, text: `line ${first.line}: ${STEP_FEEDBACK[restated]({})}` });
    lineOf(first, restated === 'restated-function' && start.kind === 'differentiate' ? deriv(first.expr, [start.wrt], false) : first.expr);
    if (restated === 'restated-function') mode = 'function';
  }

  let seenStep = false;
  for (const e of d.entries) {
    if (e.kind === 'unreadable') {
      judged.push({
        line: e.line, column: e.column, from: null, fromText: null, relation: '=', to: null, toText: e.text, reading: 'as-written',
        verdict: null, detail: e.detail, before: '', differentiating: false,
      });
      continue;
    }
    if (e.chainStart && seenStep) mode = 'value';
    seenStep = true;
    const before = e.lhs.line === e.rhs.line ? 'the left side' : `line ${e.lhs.line}`;
    const reading: Reading = e.afterUnreadable ? 'after-unreadable' : 'as-written';
    const from = lineOf(e.lhs);
    if (mode === 'function' && start.kind === 'differentiate') {
      if (judge.step(e.lhs.expr, e.op, e.rhs.expr, e.rhs.scope).verdict === 'valid') {
        // Another rewrite of the function: it stands for the function's derivative.
        judgeStep(from, e.lhs.expr, e.lhs.text, lineOf(e.rhs, deriv(e.rhs.expr, [start.wrt], false)), e, reading, before);
        continue;
      }
      mode = 'value';
      const fromExpr = deriv(e.lhs.expr, [start.wrt], false);
      judgeStep(from, fromExpr, e.lhs.text, lineOf(e.rhs), e, e.afterUnreadable ? reading : 'derivative', `the derivative of ${before}`);
      continue;
    }
    judgeStep(from, e.lhs.expr, e.lhs.text, lineOf(e.rhs), e, reading, before);
  }

  // A different question: the first line does not follow from the start, and nothing links them.
  const opening = judged[0];
  const differentQuestion = opening?.reading === 'from-task' && opening.verdict?.verdict === 'invalid' && opening.verdict.hint === null;

  const lastEntry: Entry | undefined = d.entries[d.entries.length - 1];
  const lastUnreadable = lastEntry?.kind === 'unreadable' ? lastEntry : null;
  const last = d.last ?? first;
  const finalLine = lastUnreadable === null ? lines.get(last) ?? lineOf(last) : null;
  const tracker = new ProgressTracker(judge, task.target.value, finalLine, !differentQuestion, startLine);
  const steps = judged.map((j) => scoreStep(j, tracker, task, judge));

  const final = finalAnswer(lastUnreadable, last, task, judge, steps, differentQuestion);
  const counts = countSteps(steps);
  const breakdown = score(steps, final, counts, task);
  const total = round(Math.min(task.max, Math.max(0, breakdown.steps - breakdown.penalty + breakdown.target + breakdown.form)));

  const feedback = [
    ...[...notes, ...steps.map((s) => ({ line: s.line, text: s.feedback }))].sort((a, b) => a.line - b.line).map((x) => x.text),
    ...finalFeedback(final, task),
    totalLine(total, breakdown, counts, task),
  ];
  return { submission: name, format: d.format, score: total, max: task.max, error: null, steps, final, breakdown, counts, feedback };
}

/** A judged step's status, points and feedback, once its progress is known. Reaches its line. */
function scoreStep(j: Judged, tracker: ProgressTracker, task: Task, judge: Judge): StepResult {
  const v = j.verdict;
  const common = { line: j.line, column: j.column, from: j.fromText, relation: j.relation, to: j.toText, reading: j.reading };
  if (v === null || j.from === null || j.to === null) {
    return {
      ...common, status: 'unreadable', verdict: null, method: null, hint: null, jump: null, distance: null, progress: null,
      points: pointsFor('unreadable', task), feedback: `line ${j.line}: ${STEP_FEEDBACK.unreadable({ detail: `${j.detail}, column ${j.column}` })}`, witness: null,
    };
  }
  // A Markdown block that starts a chain of its own brings a line no step has reached yet.
  tracker.reach(j.from);
  let status: StepStatus;
  let jump: number | null = null;
  let progress: StepResult['progress'] = null;
  let feedback: string;
  if (v.verdict === 'valid') {
    jump = j.relation === '=' ? judge.jump(j.from.state, j.to.state, j.to.scope) : null;
    const c = tracker.classify(j.from, j.to, jump);
    progress = c.progress;
    const cap = task.rubric.maxJump;
    if (c.progress !== 'progress') {
      status = 'no-progress';
      feedback = PROGRESS_FEEDBACK[c.progress]({
        before: j.before, earlier: c.earlier?.label ?? '', best: String(c.best), distance: String(tracker.measure(j.to)?.distance),
      });
    } else if (cap !== null && jump !== null && jump > cap) {
      status = 'unjustified';
      feedback = STEP_FEEDBACK.unjustified({ jump: String(jump), cap: String(cap) });
    } else {
      status = 'valid';
      feedback = STEP_FEEDBACK.valid({});
    }
  } else if (v.verdict === 'invalid' && j.reading !== 'after-unreadable') {
    status = 'invalid';
    feedback = invalidFeedback(v, j.before, j.differentiating);
  } else {
    status = 'unknown';
    feedback = v.verdict === 'unknown' ? STEP_FEEDBACK.unknown({ reason: v.reason ?? 'no reason given' }) : STEP_FEEDBACK['after-unreadable']({});
  }
  const distance = tracker.measure(j.to)?.distance ?? null;
  tracker.reach(j.to);
  return {
    ...common, status, verdict: v.verdict, method: v.method, hint: status === 'invalid' ? v.hint : null, jump, distance, progress,
    points: pointsFor(status, task), feedback: `line ${j.line}: ${feedback}`, witness: status === 'invalid' ? v.witness : null,
  };
}

/** Whether an expression names a function the table defines through others (σ, tanh, softplus…), primes one, or is a bare σ. */
function namesFunction(e: Expr): boolean {
  if (e.kind === 'apply') return e.primes > 0 || (typeof e.fn === 'string' && isFnName(e.fn) && fnEntry(e.fn).definition !== undefined) || e.args.some(namesFunction);
  if (e.kind === 'sym') return e.name === 'sigma' && e.sub === undefined && e.layer === undefined && e.accent === undefined;
  return children(e).some(namesFunction);
}

/** What the first expression is: a restatement of the task, or the first step from it. */
function restatement(first: Written, task: Task, judge: Judge): 'restated' | 'restated-function' | 'step' {
  const s = task.start;
  if (first.expr === s.value) return 'restated';
  if (s.kind === 'differentiate') {
    if (isDerivativeNode(first.expr) && judge.step(s.value, '=', first.expr, first.scope).verdict === 'valid') return 'restated';
    if (!hasDerivative(first.expr) && (first.expr === s.fn || judge.step(s.fn, '=', first.expr, first.scope).verdict === 'valid')) return 'restated-function';
    return 'step';
  }
  // An expression task: the same expression up to the canonical form (no rule needed to connect them).
  return judge.jump(s.value, first.expr, first.scope) === 0 ? 'restated' : 'step';
}

function pointsFor(status: StepStatus, task: Task): number {
  switch (status) {
    case 'valid': return task.rubric.validStep;
    case 'unjustified': return task.rubric.unjustifiedStep;
    case 'invalid': case 'unreadable': return -task.rubric.invalidStep;
    case 'unknown': case 'no-progress': return 0;
    default: return assertNever(status);
  }
}

function invalidFeedback(v: JudgedStep, before: string, differentiating: boolean): string {
  const params = { ...v.hintParams, factor: plain(v.hintParams.factor ?? ''), before, doing: differentiating ? 'differentiating' : 'algebra' };
  const text = v.hint === null ? STEP_FEEDBACK.invalid(params) : HINT_FEEDBACK[v.hint](params);
  const w = v.witness;
  if (w === null || w.left === null || w.right === null) return text;
  const at = Object.entries(w.at).map(([k, x]) => `${plain(k)} = ${short(x)}`).join(', ');
  return `${text} (${at === '' ? '' : `at ${at}: `}${before} is ${short(w.left)}, this is ${short(w.right)})`;
}

const isSlip = (s: StepResult): boolean => s.status === 'invalid' || s.status === 'unreadable';
const doesWork = (s: StepResult): boolean => s.status === 'valid' || s.status === 'unjustified';

function finalAnswer(
  unreadable: { line: number; text: string } | null, last: Written, task: Task, judge: Judge, steps: readonly StepResult[], differentQuestion: boolean,
): FinalResult {
  if (unreadable !== null) {
    return { line: unreadable.line, written: unreadable.text, value: 'unreadable', reachedTarget: false, forms: [], followThrough: false, differentQuestion };
  }
  const v = judge.step(last.expr, '=', task.target.value, last.scope);
  const value = v.verdict === 'valid' ? 'equal' : v.verdict === 'invalid' ? 'different' : 'unknown';
  const derivativeLeft = task.start.kind === 'differentiate' && hasDerivative(last.expr);
  const reachedTarget = value === 'equal' && !derivativeLeft;
  const forms = judge.remember(`forms ${task.file} ${task.target.latex}`, last.expr, last.scope, () => {
    const resolved = judge.resolved(last.expr, last.scope);
    return task.target.forms.map((f) => ({ id: f.id, label: f.label, ok: FORMS[f.id].test({ written: last.expr, resolved }, f.params) }));
  });
  let followThrough = false;
  if (!reachedTarget && !derivativeLeft && !differentQuestion && task.rubric.followThrough > 0 && forms.every((f) => f.ok)) {
    let lastSlip = -1;
    steps.forEach((s, i) => { if (isSlip(s)) lastSlip = i; });
    const after = steps.slice(lastSlip + 1);
    followThrough = lastSlip >= 0 && after.length > 0 && after.every((s) => s.verdict === 'valid') && after.some(doesWork);
  }
  return { line: last.line, written: last.text, value, reachedTarget, forms, followThrough, differentQuestion };
}

function countSteps(steps: readonly StepResult[]): Counts {
  const n = (...st: StepStatus[]): number => steps.filter((s) => st.includes(s.status)).length;
  return {
    steps: steps.length, valid: n('valid', 'unjustified', 'no-progress'), invalid: n('invalid', 'unreadable'), unknown: n('unknown'),
    unjustified: n('unjustified'), noProgress: n('no-progress'),
  };
}

function score(steps: readonly StepResult[], final: FinalResult, counts: Counts, task: Task): Breakdown {
  const r = task.rubric;
  const earned = steps.reduce((sum, s) => sum + Math.max(0, s.points), 0);
  const credited = final.reachedTarget || final.followThrough;
  return {
    steps: round(Math.min(r.maxStepPoints, earned)),
    penalty: round(counts.invalid * r.invalidStep),
    target: final.reachedTarget ? r.target : final.followThrough ? r.followThrough : 0,
    form: credited && task.target.forms.length > 0 && final.forms.every((f) => f.ok) ? r.form : 0,
  };
}

function finalFeedback(f: FinalResult, task: Task): string[] {
  const p = { line: String(f.line), target: plain(task.target.latex), start: plain(task.start.latex) };
  const code = f.value === 'unreadable' ? 'unreadable'
    : f.reachedTarget ? 'reached'
      : task.start.kind === 'differentiate' && f.value === 'equal' ? 'derivative-left'
        : f.followThrough ? 'follow-through'
          : f.differentQuestion ? 'different-question'
            : f.value === 'unknown' ? 'unchecked' : 'missed';
  return [FINAL_FEEDBACK[code](p), ...f.forms.map((x) => formFeedback(x.label, x.ok))];
}

function totalLine(total: number, b: Breakdown, c: Counts, task: Task): string {
  const r = task.rubric;
  const counted = [
    `${c.valid - c.unjustified - c.noProgress} correct`,
    ...(c.unjustified > 0 ? [`${c.unjustified} skipping too much`] : []),
    ...(c.noProgress > 0 ? [`${c.noProgress} going nowhere`] : []),
    `${c.invalid} wrong`,
    ...(c.unknown > 0 ? [`${c.unknown} not checked`] : []),
  ];
  const parts = [`steps ${fmt(b.steps)}/${fmt(r.maxStepPoints)} (${counted.join(', ')})`];
  if (b.penalty > 0) parts.push(`−${fmt(b.penalty)} for ${c.invalid} wrong step${c.invalid === 1 ? '' : 's'}`);
  parts.push(`target ${fmt(b.target)}/${fmt(r.target)}`);
  if (task.target.forms.length > 0) parts.push(`form ${fmt(b.form)}/${fmt(r.form)}`);
  return `score ${fmt(total)}/${fmt(task.max)}: ${parts.join(', ')}`;
}
