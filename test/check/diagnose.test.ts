import { describe, expect, it } from 'vitest';
import { DETECTORS, nameConstant } from '../../src/check/diagnose.js';
import { SAMPLE_HINTS } from '../../src/check/verdict.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { claimOf, judgeLatex, OPTIONS } from './support.js';
import { judge } from '../../src/check/judge.js';

describe('each wrong step gets the hint its samples show', () => {
  it.each([
    ['\\frac{y}{a} - \\frac{1-y}{1-a}', '-\\frac{y}{a} + \\frac{1-y}{1-a}', 'sign', {}],
    ['3x^2', '2x^2', 'constant-factor', { factor: '3/2' }],
    ['\\sigma(z)(1-\\sigma(z))', '4\\sigma(z)(1-\\sigma(z))', 'constant-factor', { factor: '1/4' }],
    ['\\frac{1}{x \\ln 2}', '\\frac{1}{x}', 'log-base', { factor: '1/\\ln 2', base: '2' }],
    ['\\frac{1}{x \\ln 10}', '\\frac{1}{x}', 'log-base', { factor: '1/\\ln 10', base: '10' }],
    ['\\log_2 x', '\\ln x', 'log-base', { factor: '1/\\ln 2' }],
    ['\\ln x', '\\log_2 x', 'log-base', { factor: '\\ln 2' }],
    ['1 - \\tanh^2 z', '-\\tanh^2 z', 'constant-offset', { offset: '1' }],
    ['(x+1)^2', 'x^2 + 2x', 'constant-offset', { offset: '1' }],
    ['\\sqrt{x^2}', 'x', 'partial-domain', { region: 'x > 0' }],
    ['\\sqrt{x^2}', '-x', 'partial-domain', { region: 'x < 0' }],
    ['\\operatorname{ReLU}(z)', 'z', 'partial-domain', { region: 'z > 0' }],
    ['\\ln(x^2)', '2\\ln x', 'domain', { side: 'left' }],
  ])('%s = %s: %s', (l, r, kind, params) => {
    const v = judgeLatex(l, '=', r);
    expect(v.verdict).toBe('invalid');
    expect(v.hint).toMatchObject({ kind, params });
  });

  it('a dropped chain-rule factor is named when the step offers it', () => {
    const c = claimOf('2x\\cos(x^2)', '=', '\\cos(x^2)', { factors: [{ label: '2x', value: parseOrThrow('2x') }] });
    expect(judge(c, OPTIONS).hint).toEqual({ kind: 'missing-factor', params: { factor: '2x', side: 'right' } });
  });

  it('a difference with no pattern gets no hint', () => {
    expect(judgeLatex('\\sin x', '=', 'x^2').hint).toBeNull();
  });

  it('a near miss is not a partial domain: agreements inside the double tolerance are settled first', () => {
    expect(judgeLatex('\\sin^2 x + \\cos^2 x', '=', '1 + 10^{-9} x').hint).toBeNull();
  });
});

describe('the detector table', () => {
  it('has exactly one named detector for each hint read off the samples', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...SAMPLE_HINTS].sort());
  });
});

describe('constants are named as a reader would write them', () => {
  it.each([
    [2, '2'], [-1, '-1'], [0.5, '1/2'], [1.5, '3/2'], [-0.25, '-1/4'],
    [Math.LN2, '\\ln 2'], [1 / Math.LN2, '1/\\ln 2'], [Math.PI, '\\pi'], [0.1234567, '0.1235'],
  ])('%s → %s', (k, name) => {
    expect(nameConstant(k)).toBe(name);
  });
});
