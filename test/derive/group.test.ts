/**
 * How the differentiator's trace becomes lines: bookkeeping (sum, constant multiple, d/dz z)
 * never gets a line of its own, a derivative of something linear is worked out where it
 * appears, and "chain rule" is said when a rule leaves an inner derivative for later or brings
 * in a factor.
 */
import { describe, expect, it } from 'vitest';
import { deriv, sym } from '../../src/core/expr.js';
import { derive, whyText, whySentence, type Why } from '../../src/derive/index.js';
import { groupTrace } from '../../src/derive/group.js';
import { differentiate } from '../../src/diff/index.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';

/** The derivation of `expr` as `[line, justification]` pairs. */
function lines(expr: string, wrt: string): [string, string][] {
  const r = derive({ subject: expr, wrt });
  if (!r.ok) throw new Error(`${expr}: ${r.error.code}`);
  return r.derivation.rows.map((row) => [row.latex, whyText(row.why)]);
}

describe('lines of a derivation', () => {
  it.each<[string, string, [string, string][]]>([
    ['e^{-z}', 'z', [['-e^{-z}', 'derivative of $e^{-z}$']]],
    ['3z^2+2z', 'z', [['2+6z', 'sum rule and power rule']]],
    ['(2x+1)^5', 'x', [['10\\left(1+2x\\right)^4', 'chain rule and power rule']]],
    ['\\sin(z^2)', 'z', [
      ['\\cos(z^2)\\frac{d}{dz}\\left(z^2\\right)', 'chain rule and derivative of $\\sin(z^2)$'],
      ['2z \\cos(z^2)', 'power rule'],
    ]],
    ['x^3\\sin x', 'x', [
      ['\\frac{d}{dx}\\left(x^3\\right)\\cdot \\sin(x)+x^3\\frac{d}{dx}\\left(\\sin(x)\\right)', 'product rule'],
      ['3x^2\\sin(x)+x^3\\cos(x)', 'power rule and derivative of $\\sin(x)$'],
    ]],
    ['\\ln(\\ln x)', 'x', [
      ['\\frac{\\frac{d}{dx}\\left(\\ln(x)\\right)}{\\ln(x)}', 'chain rule and derivative of $\\ln(\\ln(x))$'],
      ['\\frac{1}{x \\ln(x)}', 'derivative of $\\ln(x)$'],
    ]],
  ])('d/d%1$s of %s', (expr, wrt, expected) => {
    expect(lines(expr, wrt)).toEqual(expected);
  });

  it('a derivative of a linear inner function is worked out where it appears: d/dw₁(w₁x₁ + b) is x₁ at once', () => {
    expect(lines('\\sigma(w_1 x_1 + b)', 'w_1')).toEqual([
      ['x_1 \\sigma(w_1 x_1+b)\\left(1-\\sigma(w_1 x_1+b)\\right)', 'chain rule and derivative of $\\sigma(w_1 x_1+b)$'],
    ]);
  });
});

describe('groupTrace', () => {
  it('marks the lines that still hold a derivative', () => {
    const e = parseOrThrow('\\left(1+e^{-z}\\right)^{-1}');
    const z = sym('z');
    const grouped = groupTrace(deriv(e, [z], false), differentiate(e, z).steps);
    expect(grouped.map((l) => [toLatex(l.expr), l.open])).toEqual([
      ['-\\frac{\\frac{d}{dz}\\left(1+e^{-z}\\right)}{\\left(1+e^{-z}\\right)^2}', true],
      ['\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}', false],
    ]);
  });

  it('gives no lines for a derivative the trace does not contain', () => {
    expect(groupTrace(deriv(sym('x'), [sym('x')], false), [])).toEqual([]);
  });
});

describe('justifications', () => {
  const w = (...parts: Why['parts']): Why => ({ parts });
  it.each<[Why, string]>([
    [w({ code: 'chain-rule' }, { code: 'power-rule' }), 'chain rule and power rule'],
    [w({ code: 'derivative-of', subject: 'e^z' }, { code: 'derivative-of', subject: 'e^{-z}' }), 'derivatives of $e^z$ and $e^{-z}$'],
    [w({ code: 'recognise', subject: '\\sigma(z)' }, { code: 'recognise', subject: '1-\\sigma(z)' }), 'recognise $\\sigma(z)$ and $1-\\sigma(z)$'],
    [w({ code: 'chain-through', subject: 'a' }, { code: 'chain-through', subject: 'z' }), 'chain rule through $a$ and $z$'],
    [w({ code: 'constant-multiple' }, { code: 'product-rule' }, { code: 'derivative-of', subject: 'x' }), 'constant multiple rule, product rule and derivative of $x$'],
  ])('%j reads "%s"', (why, text) => {
    expect(whyText(why)).toBe(text);
  });

  it('is a sentence in Markdown prose', () => {
    expect(whySentence({ parts: [{ code: 'split-fraction' }] })).toBe('Split the fraction.');
  });
});
