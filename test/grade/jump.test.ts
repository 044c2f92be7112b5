/**
 * How far a step jumps: rule applications between its two sides, bookkeeping free, shared work
 * cancelled (jump.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/parse/index.js';
import { distance, FREE_RULES, traceOf } from '../../src/grade/jump.js';
import { task } from './support.js';

const scope = () => task('sigmoid').scope;
const jump = (a: string, b: string): number | null => distance(traceOf(parseOrThrow(a), scope()), traceOf(parseOrThrow(b), scope()));

describe('jump between two lines', () => {
  it.each([
    ['the same expression', '\\frac{1}{1+e^{-z}}', '\\frac{1}{1+e^{-z}}', 0],
    ['canonical rewriting is free', '(1+e^{-z})^{-2}e^{-z}', '\\frac{e^{-z}}{(1+e^{-z})^2}', 0],
    ['one power rule, the inner derivative left for later', '\\frac{d}{dz}(1+e^{-z})^{-1}', '-(1+e^{-z})^{-2}\\frac{d}{dz}(1+e^{-z})', 1],
    ['the inner derivative', '-(1+e^{-z})^{-2}\\frac{d}{dz}(1+e^{-z})', '-(1+e^{-z})^{-2}(-e^{-z})', 1],
    ['the whole derivative at once', '\\frac{d}{dz}\\frac{1}{1+e^{-z}}', '\\frac{e^{-z}}{(1+e^{-z})^2}', 2],
    ['back to σ: two rewrites (fold into σ, then 1 − σ)', '\\frac{e^{-z}}{(1+e^{-z})^2}', '\\sigma(z)(1-\\sigma(z))', 2],
    ['from the task straight to the answer', '\\frac{d}{dz}\\frac{1}{1+e^{-z}}', '\\sigma(z)(1-\\sigma(z))', 4],
    ['symmetric', '\\sigma(z)(1-\\sigma(z))', '\\frac{d}{dz}\\frac{1}{1+e^{-z}}', 4],
  ])('%s: %s → %s is %d', (_, a, b, n) => {
    expect(jump(a, b)).toBe(n);
  });

  it('normal forms that differ are bridged by the rewrites that bring their difference to 0', () => {
    const t = task('bce').scope;
    const j = distance(traceOf(parseOrThrow('\\frac{-y(1-a)+a(1-y)}{a(1-a)}'), t), traceOf(parseOrThrow('\\frac{a-y}{a(1-a)}'), t));
    expect(j).toBe(1);
  });

  it('lines the simplifier cannot connect are not measured', () => {
    expect(jump('\\sin^2 z + \\cos^2 z', '\\frac{e^{-z}}{(1+e^{-z})^2}')).toBeNull();
  });

  it('bookkeeping rules are free', () => {
    expect([...FREE_RULES].sort()).toEqual(['d-constant', 'd-constant-multiple', 'd-definition', 'd-substitute', 'd-sum', 'd-variable']);
    expect(jump('\\frac{d}{dz}(3z + 2)', '3')).toBe(0);
  });
});
