import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/parse/index.js';
import { sym, type RelOp } from '../../src/core/expr.js';
import { judge } from '../../src/check/judge.js';
import { claimOf, judgeLatex, OPTIONS } from './support.js';

describe('near misses are invalid', () => {
  it.each([
    ['\\sin^2 x + \\cos^2 x', '1 + 10^{-9} x'],
    ['\\sqrt{x^2}', 'x'],
    ['\\frac{\\ln x}{\\ln 2}', '\\ln x'],
    ['\\sigma(z)', '\\frac{1}{1+e^{-z}} + 10^{-8}'],
    ['(x+1)^2', 'x^2 + 2x'],
    ['\\frac{e^{-z}}{(1+e^{-z})^2}', '\\sigma(z)(1+\\sigma(z))'],
    ['\\tanh z', '2\\sigma(z) - 1'],
    ['\\frac{x^3 - 1}{x - 1}', 'x^2 + x'],
  ])('%s ≠ %s', (l, r) => {
    expect(judgeLatex(l, '=', r).verdict).toBe('invalid');
  });
});

describe('identities with heavy cancellation are valid', () => {
  it.each([
    ['\\sin^2 x + \\cos^2 x', '1'],
    ['(e^{z}+1)^2 - e^{2z} - 2e^{z}', '1'],
    ['(e^{z}+e^{-z})^2 - (e^{z}-e^{-z})^2', '4'],
    ['\\frac{e^{-z}}{(1+e^{-z})^2}', '\\sigma(z)(1-\\sigma(z))'],
    ['\\tanh z', '2\\sigma(2z) - 1'],
    ['\\ln(e^{x} + e^{2x}) - x', '\\ln(1 + e^{x})'],
    ['(x + 10^{8})^2 - x^2', '2 \\cdot 10^{8} x + 10^{16}'],
    ['\\cosh^2 x - \\sinh^2 x', '1'],
  ])('%s = %s', (l, r) => {
    expect(judgeLatex(l, '=', r).verdict).toBe('valid');
  });
});

describe('methods and evidence', () => {
  it('rational functions are checked exactly', () => {
    const v = judgeLatex('-\\frac{y}{a} + \\frac{1-y}{1-a}', '=', '\\frac{a-y}{a(1-a)}');
    expect(v).toMatchObject({ verdict: 'valid', method: 'exact', points: 24 });
  });

  it('an exact counterexample is a witness with the values written', () => {
    const v = judgeLatex('(x+1)^2', '=', 'x^2 + 2x');
    expect(v).toMatchObject({ verdict: 'invalid', method: 'exact', hint: { kind: 'constant-offset', params: { offset: '1' } } });
    const [[name, x]] = v.witness!.values as [[string, number]];
    expect(name).toBe('x');
    expect(v.witness!.left).toBeCloseTo((x + 1) ** 2, 9);
  });

  it('everything else is sampled at the requested number of informative points', () => {
    expect(judgeLatex('\\sigma(z)', '=', '\\frac{1}{1+e^{-z}}', { points: 40 })).toMatchObject({ verdict: 'valid', method: 'numeric', points: 40 });
  });

  it('a step with nothing to sample is evaluated once', () => {
    expect(judgeLatex('\\sigma(0)', '=', '\\frac{1}{2}')).toMatchObject({ verdict: 'valid', points: 1 });
  });

  it('the simplifier can only add a label, never overrule a differing point', () => {
    const yes = (): boolean => true;
    expect(judgeLatex('x', '=', 'x + 1', { symbolic: yes })).toMatchObject({ verdict: 'invalid', warnings: [{ code: 'symbolic-disagrees' }] });
    expect(judgeLatex('2x', '=', 'x + x', { symbolic: yes })).toMatchObject({ verdict: 'valid', method: 'symbolic' });
  });
});

describe('undefined points', () => {
  it('are redrawn, and too few informative points give unknown with the reason', () => {
    const v = judgeLatex('\\sqrt{-1 - x^2}', '=', '\\sqrt{-1 - x^2}');
    expect(v).toMatchObject({ verdict: 'unknown', method: 'none', reason: { code: 'too-few-points' } });
    expect(v.reason!.detail).toMatch(/only 0 of 480 points/);
  });

  it('never count as agreement even when both sides are undefined', () => {
    // ln of a negative number is undefined on both sides for x < 0; the positive half decides.
    expect(judgeLatex('\\ln(-x)', '=', '\\ln(x)').verdict).not.toBe('valid');
  });

  it('a side defined where the other is not is a domain diagnosis', () => {
    expect(judgeLatex('\\ln(x^2)', '=', '2\\ln x')).toMatchObject({ verdict: 'invalid', hint: { kind: 'domain', params: { side: 'left' } } });
  });

  it('overflow in doubles is settled at high precision, not taken for a domain difference', () => {
    expect(judgeLatex('\\frac{e^{400 x}}{e^{400 x}}', '=', '1').verdict).toBe('valid');
  });
});

describe('relations other than =', () => {
  const cases: [string, RelOp, string, string][] = [
    ['\\frac{1}{1+e^{-10}}', '≈', '0.99995', 'valid'],
    ['\\frac{1}{1+e^{-10}}', '≈', '0.99', 'invalid'],
    ['\\sigma(2)', '≈', '0.85', 'invalid'],
    ['x^2 + 1', '>', '0', 'valid'],
    ['e^{x}', '>', '0', 'valid'],
    ['x', '>', '0', 'invalid'],
    ['x^2', '≥', '2x - 1', 'valid'],
    ['\\sigma(z)', '<', '1', 'valid'],
    ['x + 1', '≠', 'x', 'valid'],
    ['2x', '≠', 'x + x', 'invalid'],
    ['\\operatorname{ReLU}(a + b)', '≠', '\\operatorname{ReLU}(a) + \\operatorname{ReLU}(b)', 'valid'],
  ];
  it.each(cases)('%s %s %s is %s', (l, op, r, verdict) => {
    expect(judgeLatex(l, op, r).verdict).toBe(verdict);
  });

  it('≈ without digits uses the tolerance', () => {
    expect(judgeLatex('\\sigma(10)', '≈', '1').verdict).toBe('valid');
    expect(judgeLatex('\\sigma(3)', '≈', '1').verdict).toBe('invalid');
    expect(judgeLatex('\\sigma(3)', '≈', '1', { tolerance: 0.1 }).verdict).toBe('valid');
  });
});

describe('approximate equality written with =', () => {
  it('is valid with a warning when within the written digits', () => {
    const c = claimOf('\\frac{1}{1+e^{-10}}', '=', '0.99995', { implied: { rel: 5e-6, abs: 0 } });
    expect(judge(c, OPTIONS)).toMatchObject({ verdict: 'valid', warnings: [{ code: 'approximate' }] });
  });

  it('is invalid beyond them', () => {
    const c = claimOf('\\frac{1}{1+e^{-10}}', '=', '0.9999', { implied: { rel: 5e-5, abs: 0 } });
    expect(judge(c, OPTIONS).verdict).toBe('invalid');
  });

  it('never applies to a step with symbols to sample unless digits are written', () => {
    expect(judgeLatex('\\sin^2 x + \\cos^2 x', '=', '1 + 10^{-6}').verdict).toBe('invalid');
  });
});

describe('matrices and unknown functions', () => {
  const W1 = parseOrThrow('W^{[1]}');
  const W2 = parseOrThrow('W^{[2]}');
  const matrices = new Set([W1, W2]) as unknown as ReadonlySet<never>;

  it('declared matrices do not commute', () => {
    expect(judgeLatex('W^{[2]} W^{[1]} x', '=', 'W^{[1]} W^{[2]} x', { matrices }).verdict).toBe('invalid');
    expect(judgeLatex('W^{[2]}(W^{[1]} x + b) + c', '=', 'W^{[2]} W^{[1]} x + W^{[2]} b + c', { matrices }).verdict).toBe('valid');
  });

  it('capital letters that are only multiplied and added are matrices by convention', () => {
    expect(judgeLatex('A B x', '=', 'B A x').verdict).toBe('invalid');
    expect(judgeLatex('A(x + y)', '=', 'A x + A y').verdict).toBe('valid');
  });

  it('a shape mismatch is unknown with the reason', () => {
    expect(judgeLatex('W^{[1]} x', '=', 'W^{[1]}', { matrices })).toMatchObject({ verdict: 'unknown', reason: { code: 'matrix-shape' } });
  });

  it('unknown functions are random smooth functions, consistent within a step', () => {
    expect(judgeLatex("f'(g(x)) g'(x)", '=', "g'(x) f'(g(x))").verdict).toBe('valid');
    expect(judgeLatex("f'(g(x))", '=', "f'(x)").verdict).toBe('invalid');
    expect(judgeLatex('f(x) + g(x)', '=', 'g(x) + f(x)').verdict).toBe('valid');
  });
});

describe('reproducibility', () => {
  it('the same seed gives the same witness; another seed may not', () => {
    const a = judgeLatex('\\sqrt{x^2}', '=', 'x', { seed: 7 });
    const b = judgeLatex('\\sqrt{x^2}', '=', 'x', { seed: 7 });
    expect(a).toEqual(b);
  });
});

describe('agreements inside the double tolerance', () => {
  it('are settled at high precision where they decide the verdict', () => {
    expect(judgeLatex('\\sigma(z + 30)', '<', '1').verdict).toBe('valid');
    expect(judgeLatex('x + 10^{-12}', '≠', 'x').verdict).toBe('valid');
  });
});

describe('domains implied only by names', () => {
  it('are reported when the step needs them', () => {
    expect(judgeLatex('\\sqrt{a^2}', '=', 'a')).toMatchObject({ verdict: 'valid', warnings: [{ code: 'name-domain', params: { assumed: '0 < a < 1', count: '1' } }] });
    expect(judgeLatex('\\ln(\\alpha y)', '=', '\\ln \\alpha + \\ln y')).toMatchObject({
      verdict: 'valid', warnings: [{ code: 'name-domain', params: { assumed: '0 < \\alpha < 3, 0 < y < 1', count: '2' } }],
    });
  });

  it('are not reported when the step holds without them, or an assumption states them', () => {
    expect(judgeLatex('\\sqrt{a^2}', '=', '|a|').warnings).toEqual([]);
    const assumptions = { domains: new Map([[sym('a'), { lo: 0, hi: Infinity, loOpen: true, hiOpen: true }]]), conditions: [], sums: [] };
    expect(judgeLatex('\\sqrt{a^2}', '=', 'a', { assumptions })).toMatchObject({ verdict: 'valid', warnings: [] });
  });
});

describe('numbers beyond the double range', () => {
  it.each([
    ['1e400', '=', '1', 'invalid'],
    ['10^{309}', '=', '5', 'invalid'],
    ['e^{1000}', '=', '1', 'invalid'],
    ['-10^{400}', '=', '10^{400}', 'invalid'],
    ['10^{400}', '=', '10^{400} + 1', 'invalid'],
    ['e^{1000}', '=', 'e^{999} e', 'valid'],
    ['e^{1000}', '≈', 'e^{999.9999999}', 'valid'],
    ['e^{1000}', '≈', 'e^{999}', 'invalid'],
    ['e^{1000}', '>', 'e^{999}', 'valid'],
  ] as const)('%s %s %s is %s', (l, op, r, verdict) => {
    expect(judgeLatex(l, op, r).verdict).toBe(verdict);
  });

  it('give no hint read off infinities', () => {
    expect(judgeLatex('10^{400}', '=', '10^{401}')).toMatchObject({ verdict: 'invalid', hint: null });
  });

  it('never pass as approximately equal', () => {
    expect(judgeLatex('e^{1000}', '=', '1', { tolerance: 0.5 }).verdict).toBe('invalid');
  });
});
