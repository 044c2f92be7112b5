/** Reading submissions: formats, plain-text spelling, Markdown with the task's definitions, limits. */
import { describe, expect, it } from 'vitest';
import { toLatex } from '../../src/print/latex.js';
import { parseStatements } from '../../src/parse/index.js';
import { formatOf, readSubmission, SUBMISSION_LIMITS } from '../../src/grade/index.js';
import { rewritePlain } from '../../src/parse/plaintext.js';
import { task } from './support.js';

describe('format', () => {
  it.each([
    ['alice.md', 'anything', 'markdown'],
    ['bob.txt', '$$x$$', 'text'],
    ['stdin', '$$\\frac{1}{2}$$', 'markdown'],
    ['stdin', '1/(1+e^{-z})\n= σ(z)', 'text'],
    ['carol', '\\[ x \\]', 'markdown'],
  ])('%s with %j is %s', (name, text, format) => {
    expect(formatOf(name, text)).toBe(format);
  });
});

describe('plain-text spelling becomes LaTeX', () => {
  const latex = (line: string): string => {
    const r = parseStatements(rewritePlain(line).text);
    if (!r.ok) throw new Error(r.error.message);
    return r.value[0]!.args.map(toLatex).join(' = ');
  };
  it.each([
    ['sigma(z)*(1-sigma(z))', '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    ['sigmoid(z)', '\\sigma(z)'],
    ['exp(-z)/(1+exp(-z))**2', '\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}'],
    ['y ln(a)', 'y \\ln(a)'],
    ['d/dz 1/(1+e^{-z})', '\\frac{d}{dz}\\left(\\frac{1}{1+e^{-z}}\\right)'],
    ['d/dx x^2 = 2x', '\\frac{d}{dx}\\left(x^2\\right) = 2x'],
    ['dL/da', '\\frac{dL}{da}'],
    ['\\ln(a) + \\sigma(z)', '\\ln(a)+\\sigma(z)'],
    ['1-tanh(z)^2', '1-\\tanh^2(z)'],
    // `=>` before a statement says "so": the statement is what is read.
    ['=> dy/dx = 2x', '\\frac{dy}{dx} = 2x'],
  ])('%s → %s', (line, expected) => {
    expect(latex(line)).toBe(expected);
  });

  it('keeps the column each character came from', () => {
    const rw = rewritePlain('2 + sigma(z');
    expect(rw.origin[rw.text.indexOf('(')]).toBe(9);
  });

  it('writes a program\'s `a if c else b` as cases, each part at its column', () => {
    const line = "g'(x) = sigma(x) if x > 0 else 0";
    const rw = rewritePlain(line);
    expect(rw.text).toBe("g'(x) = \\begin{cases} \\sigma(x) & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}");
    expect(rw.origin).toHaveLength(rw.text.length + 1);
    expect(line[rw.origin[rw.text.indexOf('\\sigma')]!]).toBe('s');
    expect(line[rw.origin[rw.text.indexOf('x > 0')]!]).toBe('x');
    expect(rw.origin[rw.text.indexOf('x > 0')]).toBe(line.indexOf('x > 0'));
    // A long line of `if`s is scanned once (a backtracking pattern took minutes here): the first
    // `if` after the last `=` before it splits the value, the first `else` after it the rest.
    const long = `a = b if ${'x = y if '.repeat(3000)}z else c`;
    expect(rewritePlain(long).text.startsWith('a = \\begin{cases} b & x = y if x = y if')).toBe(true);
    expect(rewritePlain(`a = ${'b if '.repeat(5000)}`).text).toBe(`a = ${'b if '.repeat(5000)}`);
    expect(latex('f(x) = 1 if x > 0 else 0')).toBe('f(x) = \\begin{cases}1 & \\text{if } x>0 \\\\ 0 & \\text{otherwise}\\end{cases}');
  });
});

describe('reading', () => {
  it('Markdown is read as deriv check reads it, with the task\'s definitions in force', () => {
    const r = readSubmission('a.md', '$$\\frac{\\partial L}{\\partial a} = -\\left[\\frac{y}{a} - \\frac{1-y}{1-a}\\right]$$\n', task('bce'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.format).toBe('markdown');
    expect(r.value.entries).toHaveLength(1);
    expect(r.value.first?.scope.defs.size).toBe(1);
  });

  it('an unreadable line stays in place', () => {
    const r = readSubmission('a.txt', 'x\n= \\frac{\n= x\n', task('sigmoid'));
    expect(r.ok && r.value.entries.map((e) => (e.kind === 'step' ? `step ${e.rhs.line}${e.afterUnreadable ? ' after' : ''}` : `unreadable ${e.line}:${e.column}`))).toEqual(['unreadable 2:9', 'step 3 after']);
  });

  it.each([
    ['empty', '', 'empty'],
    ['blank', '\n  \n\t\n', 'empty'],
    ['binary', 'PK\u0000\u0003', 'not-text'],
    ['too large', 'x\n'.repeat(SUBMISSION_LIMITS.maxBytes), 'too-large'],
    ['too many lines', 'x\n'.repeat(SUBMISSION_LIMITS.maxLines + 1), 'too-many-lines'],
    ['prose only', '# Notes\n\nI did the derivative in my head.\n', 'no-math'],
    ['only garbage', '}{\n', 'nothing-readable'],
  ])('%s: %s', (_, text, code) => {
    const name = code === 'no-math' ? 'notes.md' : 'a.txt';
    const r = readSubmission(name, text, task('sigmoid'));
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});
