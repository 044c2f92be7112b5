/**
 * Grading one submission: every step judged, the final answer compared with the target and
 * checked for form, points totalled by the rubric, and feedback written.
 *
 * Error carried forward: a step is judged from what the student wrote on its left, never from
 * where a correct derivation would be, so after a slip the later steps still earn their points
 * when they follow from the slip. One slip costs one step.
 *
 * The start. The first expression may restate the task: the derivative itself (`d/dz …`,
 * `σ'(z)`), or — in a differentiation task — the function to differentiate. After the function,
 * lines equal to it are rewrites of it; the first line that is not is read as its derivative
 * (students write `f = f'` meaning "f, whose derivative is f'"). A first expression that
 * restates nothing is a step from the task's start.
 *
 * Follow-through: when the final answer misses the target, the rubric's `follow-through` points
 * replace the target points if the miss is explained by slips: the final line is in every
 * required form, there is a slip, and at least one step follows the last slip, all valid.
 */
import { assertNever, deriv, type Expr, type RelOp } from '../core/expr.js';
import { FORMS, hasDerivative, isDerivativeNode } from './forms.js';
import type { Judge, JudgedStep } from './judge.js';
import { FINAL_FEEDBACK, formFeedback, HINT_FEEDBACK, plain, short, STEP_FEEDBACK } from './messages.js';
import { readSubmission, submissionError, type Derivation, type Written } from './submission.js';
import type { Task } from './task.js';
import type {
  Breakdown, Counts, FinalResult, GradeResult, Reading, StepResult, StepStatus, SubmissionError, SubmissionInput,
} from './types.js';

/** Grades one submission. Never throws: a failure of the grader itself becomes the row's error. */
export function gradeSubmission(input: SubmissionInput, task: Task, judge: Judge): GradeResult {
  if ('error' in input) return failed(input.name, null, input.error, task);
  const read = readSubmission(input.name, input.text, task);
  if (!read.ok) return failed(input.name, null, read.error, task);
  try {
    return gradeDerivation(input.name, read.value, task, judge);
  } catch (err) {
    return failed(input.name, read.value.format, submissionError('internal', { detail: (err as Error).message }), task);
  }
}

const ZERO_BREAKDOWN: Breakdown = { steps: 0, penalty: 0, target: 0, form: 0 };
const ZERO_COUNTS: Counts = { steps: 0, valid: 0, invalid: 0, unknown: 0, unjustified: 0 };

function failed(name: string, format: GradeResult['format'], error: SubmissionError, task: Task): GradeResult {
  return {
    submission: name, format, score: 0, max: task.max, error, steps: [], final: null,
    breakdown: ZERO_BREAKDOWN, counts: ZERO_COUNTS, feedback: [`not graded: ${error.message}`, `score 0/${fmt(task.max)}`],
  };
}

/** Scores are sums of rubric numbers; rounding keeps 0.1 + 0.2 from printing as 0.30000000000000004. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const fmt = (x: number): string => String(round(x));

interface Judged {
  readonly from: string;
  readonly fromExpr: Expr;
  readonly before: string;
  readonly reading: Reading;
}

function gradeDerivation(name: string, d: Derivation, task: Task, judge: Judge): GradeResult {
  const { rubric, start } = task;
  const first = d.first!;
  const notes: { line: number; text: string }[] = [];
  const steps: StepResult[] = [];

  const judgeStep = (j: Judged, e: { op: RelOp; rhs: Written }): void => {
    const v = judge.step(j.fromExpr, e.op, e.rhs.expr, e.rhs.scope);
    let status: StepStatus;
    let jump: number | null = null;
    let feedback: string;
    if (v.verdict === 'valid') {
      jump = e.op === '=' ? judge.jump(j.fromExpr, e.rhs.expr, e.rhs.scope) : null;
      const cap = rubric.maxJump;
      status = cap !== null && jump !== null && jump > cap ? 'unjustified' : 'valid';
      feedback = status === 'valid' ? STEP_FEEDBACK.valid({}) : STEP_FEEDBACK.unjustified({ jump: String(jump), cap: String(cap) });
    } else if (v.verdict === 'invalid' && j.reading !== 'after-unreadable') {
      status = 'invalid';
      feedback = invalidFeedback(v, j.before, j.reading === 'derivative' || j.reading === 'from-task' || hasDerivative(j.fromExpr));
    } else {
      status = 'unknown';
      feedback = v.verdict === 'unknown' ? STEP_FEEDBACK.unknown({ reason: v.reason ?? 'no reason given' }) : STEP_FEEDBACK['after-unreadable']({});
    }
    steps.push({
      line: e.rhs.line, column: e.rhs.column, from: j.from, relation: e.op, to: e.rhs.text, reading: j.reading,
      status, verdict: v.verdict, method: v.method, hint: status === 'invalid' ? v.hint : null, jump,
      points: pointsFor(status, task), feedback: `line ${e.rhs.line}: ${feedback}`, witness: status === 'invalid' ? v.witness : null,
    });
  };

  // The start.
  let mode: 'function' | 'value' = 'value';
  const restated = restatement(first, task, judge);
  if (restated === 'step') {
    judgeStep({ from: start.latex, fromExpr: start.value, before: "the task's start", reading: d.unreadableFirst ? 'after-unreadable' : 'from-task' }, { op: '=', rhs: first });
  } else {
    notes.push({ line: first.line, text: `line ${first.line}: ${STEP_FEEDBACK[restated]({})}` });
    if (restated === 'restated-function') mode = 'function';
  }

  let seenStep = false;
  for (const e of d.entries) {
    if (e.kind === 'unreadable') {
      steps.push({
        line: e.line, column: e.column, from: null, relation: '=', to: e.text, reading: 'as-written', status: 'unreadable',
        verdict: null, method: null, hint: null, jump: null, points: pointsFor('unreadable', task),
        feedback: `line ${e.line}: ${STEP_FEEDBACK.unreadable({ detail: `${e.detail}, column ${e.column}` })}`, witness: null,
      });
      continue;
    }
    if (e.chainStart && seenStep) mode = 'value';
    seenStep = true;
    const before = e.lhs.line === e.rhs.line ? 'the left side' : `line ${e.lhs.line}`;
    const reading: Reading = e.afterUnreadable ? 'after-unreadable' : 'as-written';
    if (mode === 'function' && start.kind === 'differentiate') {
      if (judge.step(e.lhs.expr, e.op, e.rhs.expr, e.rhs.scope).verdict !== 'valid') {
        mode = 'value';
        const fromExpr = deriv(e.lhs.expr, [start.wrt], false);
        judgeStep({ from: e.lhs.text, fromExpr, before: `the derivative of ${before}`, reading: e.afterUnreadable ? reading : 'derivative' }, e);
        continue;
      }
    }
    judgeStep({ from: e.lhs.text, fromExpr: e.lhs.expr, before, reading }, e);
  }

  const last = d.last ?? first;
  const final = finalAnswer(last, task, judge, steps);
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
    case 'unknown': return 0;
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

function finalAnswer(last: Written, task: Task, judge: Judge, steps: readonly StepResult[]): FinalResult {
  const v = judge.step(last.expr, '=', task.target.value, last.scope);
  const value = v.verdict === 'valid' ? 'equal' : v.verdict === 'invalid' ? 'different' : 'unknown';
  const derivativeLeft = task.start.kind === 'differentiate' && hasDerivative(last.expr);
  const reachedTarget = value === 'equal' && !derivativeLeft;
  const forms = judge.remember(`forms ${task.file} ${task.target.latex}`, last.expr, last.scope, () => {
    const resolved = judge.resolved(last.expr, last.scope);
    return task.target.forms.map((f) => ({ id: f.id, label: f.label, ok: FORMS[f.id].test({ written: last.expr, resolved }, f.params) }));
  });
  let followThrough = false;
  if (!reachedTarget && !derivativeLeft && task.rubric.followThrough > 0 && forms.every((f) => f.ok)) {
    let lastSlip = -1;
    steps.forEach((s, i) => { if (s.status === 'invalid' || s.status === 'unreadable') lastSlip = i; });
    const after = steps.slice(lastSlip + 1);
    followThrough = lastSlip >= 0 && after.length > 0 && after.every((s) => s.status === 'valid' || s.status === 'unjustified');
  }
  return { line: last.line, written: last.text, value, reachedTarget, forms, followThrough };
}

function countSteps(steps: readonly StepResult[]): Counts {
  const n = (...st: StepStatus[]): number => steps.filter((s) => st.includes(s.status)).length;
  return { steps: steps.length, valid: n('valid', 'unjustified'), invalid: n('invalid', 'unreadable'), unknown: n('unknown'), unjustified: n('unjustified') };
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
  const p = { line: String(f.line), target: plain(task.target.latex) };
  const code = f.reachedTarget ? 'reached'
    : task.start.kind === 'differentiate' && f.value === 'equal' ? 'derivative-left'
      : f.followThrough ? 'follow-through'
        : f.value === 'unknown' ? 'unchecked' : 'missed';
  return [FINAL_FEEDBACK[code](p), ...f.forms.map((x) => formFeedback(x.label, x.ok))];
}

function totalLine(total: number, b: Breakdown, c: Counts, task: Task): string {
  const r = task.rubric;
  const parts = [`steps ${fmt(b.steps)}/${fmt(r.maxStepPoints)} (${c.valid} valid${c.unjustified > 0 ? `, ${c.unjustified} of them skipping too much` : ''}, ${c.invalid} wrong${c.unknown > 0 ? `, ${c.unknown} not checked` : ''})`];
  if (b.penalty > 0) parts.push(`−${fmt(b.penalty)} for ${c.invalid} wrong step${c.invalid === 1 ? '' : 's'}`);
  parts.push(`target ${fmt(b.target)}/${fmt(r.target)}`);
  if (task.target.forms.length > 0) parts.push(`form ${fmt(b.form)}/${fmt(r.form)}`);
  return `score ${fmt(total)}/${fmt(task.max)}: ${parts.join(', ')}`;
}
