/** The evaluators the judge rests on: exact rationals and high-precision BigNumber. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { sym } from '../../src/core/expr.js';
import { evaluateExact, exactDecimal, isRationalFunction } from '../../src/numeric/exact.js';
import { evaluatePrecise, preciseEqual, type Precise } from '../../src/numeric/precise.js';
import { parseOrThrow } from '../../src/parse/index.js';

const x = sym('x');
const at = (v: number): Map<never, number> => new Map([[x, v]]) as Map<never, number>;

describe('rational functions', () => {
  it.each([
    ['\\frac{x^2 + 1}{x - 3}', true],
    ['(x + y)^{-2}', true],
    ['x^{1/2}', false],
    ['e^{x}', false],
    ['\\pi x', false],
    ['x^{100}', false],
    ['\\sigma(x)', false],
  ])('%s → %s', (latex, rational) => {
    expect(isRationalFunction(parseOrThrow(latex))).toBe(rational);
  });

  it('are evaluated exactly', () => {
    const v = evaluateExact(parseOrThrow('\\frac{1}{3} + x^2'), new Map([[x, new Fraction(1, 10)]]));
    expect((v as Fraction).equals(new Fraction(103, 300))).toBe(true);
  });

  it('a zero denominator is undefined, not an error', () => {
    expect(evaluateExact(parseOrThrow('\\frac{1}{x - 1}'), new Map([[x, new Fraction(1)]]))).toBe('undefined');
  });

  it('numbers that grow too large give up instead of running away', () => {
    expect(evaluateExact(parseOrThrow('((x^{64})^{64})^{64}'), new Map([[x, new Fraction(12345, 7)]]))).toBe('too-large');
  });

  it('sampled doubles stand for the short decimals they print as', () => {
    expect(exactDecimal(0.31).equals(new Fraction(31, 100))).toBe(true);
    expect(exactDecimal(-12.5).equals(new Fraction(-25, 2))).toBe(true);
    expect(exactDecimal(1e-7).equals(new Fraction(1, 10_000_000))).toBe(true);
    // Beyond 10^{21} a double prints in exponent notation (toFixed would too).
    expect(exactDecimal(1.5e21).equals(new Fraction(15n * 10n ** 20n, 1n))).toBe(true);
    expect(exactDecimal(-1e300).equals(new Fraction(-(10n ** 300n), 1n))).toBe(true);
  });
});

describe('high-precision re-evaluation', () => {
  const precise = (latex: string, v: number): Precise => evaluatePrecise(parseOrThrow(latex), at(v)) as Precise;

  it('separates values that doubles cannot', () => {
    const a = precise('\\sin^2 x + \\cos^2 x', 0.001);
    const b = precise('1 + 10^{-15} x', 0.001);
    expect(preciseEqual(a, b)).toBe(false);
    expect(preciseEqual(a, precise('1', 0.001))).toBe(true);
  });

  it('survives cancellation between huge terms', () => {
    expect(preciseEqual(precise('(e^{x}+1)^2 - e^{2x} - 2e^{x}', 40), precise('1', 40))).toBe(true);
  });

  it('survives overflow of doubles', () => {
    expect(preciseEqual(precise('\\frac{e^{x}}{e^{x} + 1}', 800), precise('\\sigma(x)', 800))).toBe(true);
  });

  it('reports undefined points and functions without a BigNumber form', () => {
    expect(evaluatePrecise(parseOrThrow('\\ln x'), at(-1))).toBe('undefined');
    expect(evaluatePrecise(parseOrThrow('\\sqrt{x}'), at(-1))).toBe('undefined');
    expect(evaluatePrecise(parseOrThrow('\\frac{1}{x}'), at(0))).toBe('undefined');
    expect(evaluatePrecise(parseOrThrow('\\operatorname{erf}(x)'), at(1))).toBe('unsupported');
    expect(evaluatePrecise(parseOrThrow('f(x)'), at(1))).toBe('unsupported');
  });

  it('agrees with the double implementations of the table', () => {
    for (const [latex, v, want] of [
      ['\\sigma(x)', 0.3, 1 / (1 + Math.exp(-0.3))], ['\\tanh x', -1.2, Math.tanh(-1.2)],
      ['\\operatorname{softplus}(x)', 2, Math.log1p(Math.exp(2))], ['\\operatorname{ELU}(x)', -1, Math.expm1(-1) * 1],
      ['\\operatorname{ReLU}(x)', -2, 0], ['\\log_2 x', 8, 3],
    ] as const) {
      const p = evaluatePrecise(parseOrThrow(latex), new Map([[x, v], [sym('alpha'), 1]]) as Map<never, number>) as Precise;
      expect(p.value.toNumber()).toBeCloseTo(want, 12);
    }
  });
});
