/**
 * Mistakes in the input are values, with a stable code and a position (1-based line and
 * column) pointing at the culprit, and an English message from one table.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parse } from '../../src/parse/index.js';
import '../helpers/matchers.js';

describe('positioned errors', () => {
  it.each<[string, number, number, string]>([
    // unbalanced groups point at the end, where the closer is missing
    ['\\frac{1}{2', 1, 11, 'unexpected-end'],
    ['\\frac{1}{1+e^{-z}', 1, 18, 'unexpected-end'],
    ['(a+b', 1, 5, 'unexpected-end'],
    ['\\sigma(z', 1, 9, 'unexpected-end'],
    ['\\left( a', 1, 9, 'unexpected-end'],
    // a stray closer points at itself
    ['a+b)', 1, 4, 'unexpected-token'],
    ['a}', 1, 2, 'unexpected-token'],
    ['\\foo + x', 1, 1, 'unknown-command'],
    ['x + \\foo', 1, 5, 'unknown-command'],
    ['a\nb +\n  \\foo', 3, 3, 'unknown-command'],
    ['a # b', 1, 3, 'unexpected-character'],
    ['1..2', 1, 2, 'unexpected-character'],
    ['', 1, 1, 'empty'],
    ['   ', 1, 1, 'empty'],
    ['a +', 1, 4, 'unexpected-end'],
    ['x^', 1, 3, 'unexpected-end'],
    ['= a', 1, 1, 'relation-without-operand'],
    ['a = ', 1, 5, 'relation-without-operand'],
    ['a \\\\ b', 1, 6, 'several-statements'],
    ['|a|b|c|', 1, 1, 'ambiguous'],
    ['\\begin{aligned} a &= b \\end{cases}', 1, 24, 'mismatched-environment'],
    ['\\frac{\\partial L}{\\partial}', 1, 19, 'bad-derivative'],
    ['\\frac{d^2y}{dx}', 1, 1, 'bad-derivative'],
    ['\\frac{\\partial}{\\partial x}', 1, 1, 'operator-without-operand'],
    ['\\partial L', 1, 1, 'stray-partial'],
    ['\\max(x)', 1, 1, 'bad-arity'],
    ['(a, b)', 1, 1, 'comma-list'],
    ['\\hat{x+y}', 1, 1, 'bad-script'],
    ['1e999', 1, 1, 'number-out-of-range'],
    // `\frac` without braces takes one character per part: a number that is not all digits cannot be split
    ['\\frac 1e5', 1, 7, 'bad-fraction'],
    ['\\frac 2.5', 1, 7, 'bad-fraction'],
    ['x + \\frac .5', 1, 11, 'bad-fraction'],
    // derivative orders above the shared limit are refused before anything is built
    ['\\frac{\\partial a}{\\partial z^{10000000}}', 1, 30, 'bad-derivative'],
    ['\\frac{\\partial a}{\\partial z^{1e308}}', 1, 30, 'bad-derivative'],
    ['\\frac{d^{21}}{dx^{21}} x', 1, 18, 'bad-derivative'],
  ])('%j fails at %i:%i with %s', (input, line, column, code) => {
    expect(input).toFailToParseAt(line, column, code);
  });
});

describe('fractions without braces read as TeX reads them', () => {
  it.each([
    ['\\frac 12', '\\frac{1}{2}'],
    ['\\frac 123', '\\frac{3}{2}'],
  ])('%s is %s', (input, same) => {
    const a = parse(input);
    const b = parse(same);
    expect(a.ok && b.ok && a.value === b.value).toBe(true);
  });

  it('say what to write instead', () => {
    const r = parse('\\frac 1e5');
    expect(!r.ok && r.error.message).toBe('\\frac without braces takes one digit for each part, so it cannot split 1e5; write \\frac{…}{…}');
  });

  it('orders up to the limit are read', () => {
    const r = parse('\\frac{d^{20}}{dx^{20}} x');
    expect(r.ok && r.value.kind === 'deriv' && r.value.wrt.length).toBe(20);
    const m = parse('\\frac{\\partial a}{\\partial z^{10000000}}');
    expect(!m.ok && m.error.message).toBe('cannot read this as a derivative: the order 10000000 is above the limit of 20');
  });
});

describe('messages', () => {
  it('name the missing closer first', () => {
    const r = parse('\\frac{1}{2');
    expect(!r.ok && r.error.message).toMatch(/^unexpected end of input; expected `\}`/);
    const p = parse('(a+b');
    expect(!p.ok && p.error.message).toMatch(/expected `\)`/);
  });

  it('render like a compiler: file:line:col, the source line, a caret under the column', () => {
    const source = 'y \\ln a + (1-y)\\ln(1-a';
    const r = parse(source);
    if (r.ok) throw new Error('expected an error');
    expect(formatDiagnostic(source, r.error)).toMatchInlineSnapshot(`
      "input:1:23: error: unexpected end of input; expected \`)\`, a function, \`(\`, a number, a name
      1 | y \\ln a + (1-y)\\ln(1-a
        |                       ^"
    `);
  });

  it('show a window of a long line around the column', () => {
    const source = `${'a+'.repeat(200)}\\foo`;
    const r = parse(source);
    if (r.ok) throw new Error('expected an error');
    const [, line, caret] = formatDiagnostic(source, r.error, 'proof.md').split('\n');
    expect(line!.length).toBeLessThan(220);
    expect(caret!.indexOf('^') - 4).toBe(line!.slice(4).indexOf('\\foo'));
  });
});
