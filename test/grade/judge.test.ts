/**
 * The grader's judge: the checker's verdicts, with the grader's traces standing in for the
 * checker's simplifier under the checker's own rule (judge.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/parse/index.js';
import { Judge } from '../../src/grade/index.js';
import { task } from './support.js';

const step = (a: string, b: string) => new Judge(1).step(parseOrThrow(a), '=', parseOrThrow(b), task('sigmoid').scope);

describe('verdicts', () => {
  it('a sampled agreement that the simplifier confirms is symbolic', () => {
    expect(step('\\frac{e^{-z}}{(1+e^{-z})^2}', '\\sigma(z)(1-\\sigma(z))')).toMatchObject({ verdict: 'valid', method: 'symbolic' });
  });

  it('no informative point: unknown, whatever the simplifier says', () => {
    expect(step('\\ln(-1-z^2)', '\\ln(-1-z^2)')).toMatchObject({ verdict: 'unknown', method: 'none' });
  });

  it('a sampled difference outranks the simplifier', () => {
    expect(step('\\sigma(z)', '-\\sigma(z)')).toMatchObject({ verdict: 'invalid', hint: 'sign' });
  });
});
