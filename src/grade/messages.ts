/**
 * The English of the grader, in one place, keyed by stable codes: task-file errors, submission
 * errors, and the feedback a student reads for each step, the final answer and the total.
 * Feedback is plain words first; the numbers that back it come after.
 */
import type { HintKind } from '../check/index.js';
import type { Progress, SubmissionErrorCode } from './types.js';

type Params = Readonly<Record<string, string>>;

export type TaskErrorCode =
  | 'yaml' | 'not-a-mapping' | 'unknown-key' | 'missing-key' | 'wrong-type' | 'out-of-range'
  | 'latex' | 'not-a-symbol' | 'unknown-form' | 'form-params' | 'start' | 'definition' | 'unreadable';

export const TASK_ERROR_TEXT: Record<TaskErrorCode, (p: Params) => string> = {
  'yaml': (p) => `not valid YAML: ${p.detail}`,
  'not-a-mapping': (p) => `${p.where} must be a mapping of keys to values`,
  'unknown-key': (p) => `unknown key \`${p.key}\` in ${p.where} (expected one of: ${p.expected})`,
  'missing-key': (p) => `${p.where} needs \`${p.key}\``,
  'wrong-type': (p) => `\`${p.key}\` must be ${p.expected}`,
  'out-of-range': (p) => `\`${p.key}\` must be ${p.expected}, got ${p.got}`,
  'latex': (p) => `\`${p.key}\` does not parse: ${p.detail}`,
  'not-a-symbol': (p) => `\`${p.key}\` must be a single variable such as z, got ${p.got}`,
  'unknown-form': (p) => `unknown form \`${p.form}\` (known forms: ${p.known})`,
  'form-params': (p) => `form \`${p.form}\` ${p.detail}`,
  'start': () => 'give exactly one of `differentiate` (with `with-respect-to`) or `start`',
  'definition': (p) => p.detail ?? 'bad definition',
  'unreadable': (p) => `cannot read the task file: ${p.detail}`,
};

export const SUBMISSION_ERROR_TEXT: Record<SubmissionErrorCode, (p: Params) => string> = {
  'unreadable-file': (p) => `cannot read the file (${p.detail})`,
  'malformed-file': (p) => `cannot read the file (${p.detail})`,
  'not-text': () => 'not a text file (binary content or invalid UTF-8)',
  'too-large': (p) => `the submission is ${p.size} bytes; the limit is ${p.limit}`,
  'too-many-lines': (p) => `the submission has ${p.lines} lines of math; the limit is ${p.limit}`,
  'empty': () => 'the submission is empty',
  'no-math': () => 'no math found: write one expression per line, or display math ($$ … $$) in Markdown',
  'nothing-readable': (p) => `no line could be read (first problem: line ${p.line}: ${p.detail})`,
  'internal': (p) => `internal error while grading: ${p.detail}`,
};

/**
 * What a checker hint means for a student. `before` names what the step follows from ("line 2",
 * "the task's start", "the left side"); `doing` is `differentiating` when the step works out a
 * derivative, else `algebra`, so the advice fits the step; the other parameters are the hint's own.
 */
export const HINT_FEEDBACK: Record<HintKind, (p: Params) => string> = {
  'sign': (p) => `the sign flipped — this line is minus ${p.before}: ${p.doing === 'differentiating'
    ? 'a minus sign was lost in differentiating (the derivative of 1−u is −u′, and that of e^(−z) is −e^(−z))'
    : 'a minus sign was lost or added (check the signs when you open brackets or move terms)'}`,
  'constant-factor': (p) => `a constant factor went wrong — ${p.before} is ${p.factor} times this line: ${p.doing === 'differentiating'
    ? 'check the number the power rule brings down'
    : 'check the numbers you multiplied or cancelled'}`,
  'log-base': (p) => `a logarithm changed base — ${p.before} and this differ by a factor ${p.factor}: ln and log₂ are different functions`,
  'constant-offset': (p) => `off by a constant — ${p.before} minus this line is ${p.offset}: ${p.doing === 'differentiating'
    ? 'a constant term was not differentiated to 0, or a term was dropped'
    : 'a term was dropped or added'}`,
  'non-commuting': (p) => `a product of matrices changed order — this line would equal ${p.before} only if the matrices commuted: keep the order of the factors`,
  'shape': (p) => `the shapes do not fit (${p.why}): check which factor is transposed and the order of the product`,
  'missing-factor': (p) => (p.side === 'right'
    ? `a chain-rule factor is missing — multiply by the derivative of the inside: ${p.factor}`
    : `an extra factor appeared that ${p.before} does not have: ${p.factor}`),
  'partial-domain': (p) => (p.region !== undefined
    ? `this holds only where ${p.region}, not for every value`
    : `this holds at only ${p.agree} of ${p.of} test points, not for every value`),
  'domain': (p) => `this and ${p.before} are defined for different values (one is defined where the other is not): check divisions and logarithms`,
};

export type StepFeedbackCode = 'valid' | 'unjustified' | 'invalid' | 'unknown' | 'unreadable' | 'after-unreadable' | 'restated' | 'restated-function' | 'comment';

export const STEP_FEEDBACK: Record<StepFeedbackCode, (p: Params) => string> = {
  'valid': () => 'correct',
  'unjustified': (p) => `correct, but it skips too much at once (${p.jump} rule applications; at most ${p.cap} in one step): show the steps in between`,
  'invalid': (p) => `this does not follow from ${p.before}`,
  'unknown': (p) => `could not be checked (${p.reason}); no points either way`,
  'unreadable': (p) => `could not read this line (${p.detail}); it counts as a wrong step`,
  'after-unreadable': () => 'not checked: it follows a line that could not be read',
  'restated': () => 'restates the task',
  'restated-function': () => 'restates the function to differentiate',
  'comment': () => 'words, read as a comment',
};

/** Why a step that follows earns nothing (progress.ts); `before` names the line it follows from. */
export const PROGRESS_FEEDBACK: Record<Exclude<Progress, 'progress'>, (p: Params) => string> = {
  'rewrite': (p) => `correct, but it only rewrites ${p.before} (no rule separates them): no points`,
  'repeat': (p) => `correct, but it goes back to ${p.earlier}: no points`,
  'away': (p) => `correct, but it moves away from the answer (${p.distance} rule application${p.distance === '1' ? '' : 's'} from it; ${p.earlier} was ${p.best}): no points`,
  'unrelated': () => 'correct, but it does not work toward the task\'s answer: no points',
};

export type FinalFeedbackCode = 'reached' | 'missed' | 'follow-through' | 'unchecked' | 'derivative-left' | 'unreadable' | 'different-question';

export const FINAL_FEEDBACK: Record<FinalFeedbackCode, (p: Params) => string> = {
  'reached': (p) => `final answer (line ${p.line}): correct, it equals ${p.target}`,
  'missed': (p) => `final answer (line ${p.line}): not equal to ${p.target}`,
  'follow-through': (p) => `final answer (line ${p.line}): not equal to ${p.target}, but it follows correctly from your own work after the slip (follow-through credit)`,
  'unchecked': (p) => `final answer (line ${p.line}): could not be compared with ${p.target}`,
  'derivative-left': (p) => `final answer (line ${p.line}): it still has a derivative to work out`,
  'unreadable': (p) => `final answer (line ${p.line}): could not be read, so it is not compared with ${p.target}`,
  'different-question': (p) => `final answer (line ${p.line}): not equal to ${p.target}, and this answers a different question: the first line does not follow from the task's start ${p.start}, nor from a slip in it, so there is no follow-through credit`,
};

export const formFeedback = (label: string, ok: boolean): string => `form: ${label} — ${ok ? 'yes' : 'no'}`;

/** Numbers as a reader wants them: four significant digits, a real minus sign. */
export const short = (x: number | null): string => (x === null ? 'undefined' : String(Number(x.toPrecision(4))).replace(/^-/, '−'));

/**
 * LaTeX as a student reads it in plain text: the common commands become symbols. Only for
 * showing task expressions in feedback; nothing is parsed from the result.
 */
const PLAIN: readonly (readonly [RegExp, string])[] = [
  [/\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![a-zA-Z])/g, ''],
  [/\\(?:,|;|!|quad|qquad)/g, ' '],
  [/\\cdot/g, '·'],
  [/\\times/g, '×'],
  [/\\sigma/g, 'σ'],
  [/\\alpha/g, 'α'],
  [/\\partial/g, '∂'],
  [/\\(tanh|sinh|cosh|sech|ln|log|exp|max|min)(?![a-zA-Z])/g, '$1'],
  [/\\frac\{d\}\{d\s*([a-zA-Z])\}/g, 'd/d$1 '],
  [/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1)/($2)'],
  [/\^\{([^{}]*)\}/g, '^($1)'],
  [/\{([^{}]*)\}/g, '$1'],
  [/\s*([+=])\s*/g, ' $1 '],
  [/-/g, '−'],
];

const plainMemo = new Map<string, string>();

export function plain(latex: string): string {
  const hit = plainMemo.get(latex);
  if (hit !== undefined) return hit;
  const out = toPlain(latex);
  if (plainMemo.size >= 10_000) plainMemo.clear();
  plainMemo.set(latex, out);
  return out;
}

function toPlain(latex: string): string {
  let out = latex;
  for (const [from, to] of PLAIN) out = out.replace(from, to);
  // `(a)/(b)` for single tokens reads better as a/b.
  return out.replace(/\((\w)\)\/\((\w)\)/g, '$1/$2').replace(/\s+/g, ' ').trim();
}
