/**
 * Parse errors: a stable code plus parameters; the English text comes from one table.
 * Positions are 1-based line and column and a 0-based offset into the parsed text.
 */

export type ParseErrorCode =
  | 'empty' | 'too-long' | 'too-many-tokens' | 'too-deep' | 'unknown-command' | 'unexpected-character'
  | 'unexpected-token' | 'unexpected-end' | 'ambiguous' | 'mismatched-environment' | 'bad-derivative'
  | 'operator-without-operand' | 'bad-script' | 'comma-list' | 'bad-layer' | 'not-a-function' | 'stray-partial'
  | 'bad-arity' | 'several-statements' | 'relation-without-operand' | 'too-many-bars' | 'number-out-of-range' | 'bad-sum' | 'bad-ellipsis' | 'bad-fraction'
  | 'unsupported-command' | 'command-argument' | 'unknown-environment' | 'refused-environment' | 'bad-matrix' | 'inverse-function';

type Params = Readonly<Record<string, string | number>>;

const MESSAGES: Record<ParseErrorCode, (p: Params) => string> = {
  'empty': () => 'empty input: expected an expression',
  'too-long': (p) => `input is ${p.length} characters long; the limit is ${p.limit}`,
  'too-many-tokens': (p) => `input has more than ${p.limit} tokens`,
  'too-deep': (p) => `expression is nested more than ${p.limit} levels deep`,
  'unknown-command': (p) => `unknown command ${p.command}`,
  'unsupported-command': (p) => `${p.command} is not read: ${p.why}`,
  'command-argument': (p) => `cannot read the argument of ${p.command}: write ${p.form}`,
  'unknown-environment': (p) => `unknown environment \\begin{${p.env}}`,
  'inverse-function': (p) => `${p.name}^{-1} is the inverse function, which deriv does not have; write a reciprocal as \\frac{1}{…}`,
  'refused-environment': (p) => `\\begin{${p.env}} is not read: ${p.why}`,
  'bad-matrix': (p) => `${p.why}`,
  'unexpected-character': (p) => `unexpected character ${JSON.stringify(p.char)}`,
  'unexpected-token': (p) => `unexpected ${p.found}${p.expected ? `; expected ${p.expected}` : ''}`,
  'unexpected-end': (p) => `unexpected end of input${p.expected ? `; expected ${p.expected}` : ''}`,
  'ambiguous': (p) => `ambiguous expression (${p.count} readings); ${p.advice ?? 'add parentheses'}`,
  'mismatched-environment': (p) => `\\begin{${p.begin}} is closed by \\end{${p.end}}`,
  'bad-derivative': (p) => `cannot read this as a derivative: ${p.why}`,
  'operator-without-operand': (p) => `the operator ${p.op} has nothing to apply to`,
  'bad-script': (p) => `${p.why}`,
  'comma-list': () => 'a list with commas is only allowed as the arguments of a function',
  'bad-layer': (p) => `layer index [${p.text}] must be a number or a symbol`,
  'not-a-function': (p) => `${p.name} is not a function here`,
  'stray-partial': () => '\\partial may only appear inside \\frac{\\partial …}{\\partial …}',
  'bad-arity': (p) => `${p.name} takes ${p.expected} argument(s), got ${p.got}`,
  'several-statements': (p) => `expected one expression or one chain of relations, found ${p.count} lines`,
  'relation-without-operand': (p) => `a relation needs an expression on its ${p.side}`,
  'number-out-of-range': (p) => `${p.text} is out of range: exponents go up to ±${p.limit}`,
  'bad-sum': (p) => `${p.why}`,
  'bad-ellipsis': (p) => `${p.why}`,
  'bad-fraction': (p) => `\\frac without braces takes one digit for each part, so it cannot split ${p.text}; write \\frac{…}{…}`,
  'too-many-bars': (p) => `more than ${p.limit} bare | bars; write absolute values as \\left| … \\right|`,
};

export class ParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    readonly params: Params,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(MESSAGES[code](params));
    this.name = 'ParseError';
  }
}

export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export function toDiagnostic(e: ParseError): Diagnostic {
  return { code: e.code, message: e.message, offset: e.offset, line: e.line, column: e.column };
}

/**
 * The compiler-style rendering: `file:line:col: error: message`, the source line, and a caret
 * under the column. `lineOffset`/`columnOffset` shift positions when the text was cut out of a
 * larger file.
 */
export function formatDiagnostic(source: string, d: { line: number; column: number; message: string }, file = 'input'): string {
  const lines = source.split(/\r?\n/);
  const text = lines[d.line - 1] ?? '';
  const gutter = String(d.line);
  const pad = ' '.repeat(gutter.length);
  const caretCol = Math.max(0, Math.min(d.column - 1, text.length));
  const shown = text.length > 200 ? text.slice(Math.max(0, caretCol - 100), caretCol + 100) : text;
  const shift = text.length > 200 ? Math.max(0, caretCol - 100) : 0;
  return [
    `${file}:${d.line}:${d.column}: error: ${d.message}`,
    `${gutter} | ${shown}`,
    `${pad} | ${' '.repeat(caretCol - shift)}^`,
  ].join('\n');
}
