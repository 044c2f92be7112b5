/**
 * Plain-text submissions: one expression per line, written the way students type math in a
 * text box (`1/(1+e^{-z})`, `sigma(z)*(1-sigma(z))`, `d/dz σ(z)`, `= ...`). Each line is
 * rewritten into the LaTeX the parser reads, by a table of named rewrites, keeping for every
 * output character the column it came from so errors point at what the student typed.
 */

import { FUNCTION_WORDS, GREEK } from '../core/functions.js';
interface Rewrite {
  readonly id: string;
  /** Only where a word starts: not after a letter or a backslash (inside `\ln` or `yln`). */
  readonly wordStart: boolean;
  /**
   * A derivative operator: it applies to the rest of the line, up to the next `=` (`d/dz 1/(1+e^{-z})`
   * is the derivative of the whole fraction, not of 1), so the rest is wrapped in parentheses.
   */
  readonly operator?: boolean;
  readonly from: RegExp;
  readonly to: (m: RegExpExecArray) => string;
}

/** Words that name functions or Greek letters, written without a backslash. */
export const PLAIN_WORDS: readonly string[] = ['sigmoid', 'sigma', 'tanh', 'sinh', 'cosh', 'sech', 'ln', 'log', 'exp', 'sqrt', 'alpha', 'beta', 'lambda', 'theta'];

/** Words that are math in plain text, lowercased: the function table's, Greek letters' names and the words above. */
export const MATH_WORDS: ReadonlySet<string> = new Set([...FUNCTION_WORDS, ...Object.keys(GREEK), ...PLAIN_WORDS].map((w) => w.toLowerCase()));

export const PLAIN_REWRITES: readonly Rewrite[] = [
  { id: 'power-stars', wordStart: false, from: /\*\*/y, to: () => '^' },
  // `=> dy/dx = …`: "so". At the start of a line it only leads into the statement; between two, it separates them.
  { id: 'implies-arrow', wordStart: false, from: /(?:=>|⇒)\s*/y, to: (m) => (m.index === 0 ? '' : '\\Rightarrow ') },
  { id: 'derivative-operator', wordStart: true, operator: true, from: /d\/d([a-zA-Z])(?![a-zA-Z])/y, to: (m) => `\\frac{d}{d${m[1]}}` },
  { id: 'partial-operator', wordStart: true, operator: true, from: /∂\/∂([a-zA-Z])(?![a-zA-Z])/y, to: (m) => `\\frac{\\partial}{\\partial ${m[1]}}` },
  { id: 'derivative-quotient', wordStart: true, from: /d([a-zA-Zσ])\/d([a-zA-Z])(?![a-zA-Z])/y, to: (m) => `\\frac{d${m[1]}}{d${m[2]}}` },
  { id: 'partial-quotient', wordStart: true, from: /∂([a-zA-Zσ])\/∂([a-zA-Z])(?![a-zA-Z])/y, to: (m) => `\\frac{\\partial ${m[1]}}{\\partial ${m[2]}}` },
  { id: 'named-word', wordStart: true, from: new RegExp(`(${PLAIN_WORDS.join('|')})(?![a-zA-Z])`, 'y'), to: (m) => (m[1] === 'sigmoid' ? '\\sigma' : `\\${m[1]}`) },
  // `ELU'(x)`, `ReLU(z)`, `Softplus(x)`: a function's name in capitals is the function.
  { id: 'function-word-case', wordStart: true, from: new RegExp(`(?=[a-z]*[A-Z])(${FUNCTION_WORDS.join('|')})(?![a-zA-Z_])`, 'iy'), to: (m) => m[1]!.toLowerCase() },
];

export interface Rewritten {
  readonly text: string;
  /** For each character of `text` (and one past the end), the index in the original it came from. */
  readonly origin: readonly number[];
}

/**
 * `relu'(x) = 1 if x > 0 else 0`, as a program writes it: the value after the last `=` before
 * `if` is the first piece, the condition after `if` its condition, the value after `else` the
 * rest (`else` may itself go on with `… if … else …`). Found by scanning, in time linear in the
 * line (a regular expression with three lazy parts backtracks for minutes on a long line).
 */
interface Conditional { readonly head: string; readonly value: number; readonly cond: number; readonly rest: number; readonly ifAt: number; readonly elseAt: number }

function conditional(line: string): Conditional | null {
  const ifWord = /\sif\s+/g.exec(line);
  if (ifWord === null) return null;
  const elseWord = /\s+else\s+/g;
  elseWord.lastIndex = ifWord.index + ifWord[0].length;
  const found = elseWord.exec(line);
  const eq = line.lastIndexOf('=', ifWord.index);
  if (found === null || eq < 0) return null;
  const value = eq + 1 + (line.slice(eq + 1).length - line.slice(eq + 1).trimStart().length);
  const cond = ifWord.index + ifWord[0].length;
  const rest = found.index + found[0].length;
  if (value >= ifWord.index || cond >= found.index || rest >= line.trimEnd().length) return null;
  return { head: line.slice(0, value), value, cond, rest, ifAt: ifWord.index, elseAt: found.index };
}

/** Whether a line writes a value by cases with `if` and `else`, a program's way. */
export const isConditional = (line: string): boolean => conditional(line) !== null;

/** The pieces of a conditional line as `\begin{cases}`, each part rewritten and placed where it was written. */
function rewriteConditional(line: string, c: Conditional): Rewritten {
  let out = '';
  const origin: number[] = [];
  const put = (text: string, at: number): void => {
    out += text;
    for (let k = 0; k < text.length; k++) origin.push(at);
  };
  const part = (from: number, to: number): void => {
    const r = rewritePlain(line.slice(from, to));
    out += r.text;
    for (let k = 0; k < r.text.length; k++) origin.push(from + r.origin[k]!);
  };
  part(0, c.value);
  put('\\begin{cases} ', c.value);
  part(c.value, c.ifAt);
  put(' & ', c.cond);
  part(c.cond, c.elseAt);
  put(' \\\\ ', c.rest);
  part(c.rest, line.trimEnd().length);
  put(' & \\text{otherwise} \\end{cases}', line.length);
  origin.push(line.length);
  return { text: out, origin };
}

/**
 * Applies the rewrites left to right at word starts (never inside a LaTeX command or a longer
 * word), so `\sigma` and `ln` in `\ln` are left alone.
 */
export function rewritePlain(line: string): Rewritten {
  const cases = conditional(line);
  if (cases !== null) return rewriteConditional(line, cases);
  let out = '';
  const origin: number[] = [];
  let open = 0;
  const close = (at: number): void => {
    for (; open > 0; open--) {
      out += '\\right)';
      for (let k = 0; k < '\\right)'.length; k++) origin.push(at);
    }
  };
  let i = 0;
  while (i < line.length) {
    if (line[i] === '=') close(i);
    const prev = i === 0 ? '' : line[i - 1]!;
    const atWord = !/[a-zA-Z\\]/.test(prev);
    let done = false;
    for (const r of PLAIN_REWRITES) {
      if (r.wordStart && !atWord) continue;
      r.from.lastIndex = i;
      const m = r.from.exec(line);
      if (m === null) continue;
      const rep = r.operator ? `${r.to(m)}\\left(` : r.to(m);
      if (r.operator) open++;
      out += rep;
      for (let k = 0; k < rep.length; k++) origin.push(i);
      i += m[0].length;
      done = true;
      break;
    }
    if (done) continue;
    out += line[i]!;
    origin.push(i);
    i++;
  }
  close(line.length);
  origin.push(line.length);
  return { text: out, origin };
}

/** Lines that are comments in a plain-text submission. */
export const isCommentLine = (trimmed: string): boolean => /^(#|%|\/\/)/.test(trimmed);
