/**
 * The grader's judge: the checker's verdicts, with the grader's traces standing in for the
 * checker's simplifier under the checker's own rule (judge.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/parse/index.js';
import { gradeSubmission, Judge } from '../../src/grade/index.js';
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

describe('a bug is not a mark', () => {
  it('a judge that throws makes the submission an internal error with its row, not a silently changed score', () => {
    class Broken extends Judge {
      override jump(): number | null {
        throw new Error('simplifier bug');
      }
    }
    const t = task('sigmoid');
    const r = gradeSubmission({ name: 'a.txt', text: '1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2\n' }, t, new Broken(1));
    expect(r.error).toEqual({ code: 'internal', message: 'internal error while grading: simplifier bug' });
    expect(r.score).toBe(0);
  });
});

describe('normal forms', () => {
  it('are worked out once for lines that mean the same tree under other names', () => {
    // u = 1 + e^{-z} and v = 1 + e^{-z}: 1/u and 1/v resolve to the same tree, simplified once.
    const judge = new Judge(1);
    const text = '---\ndefine:\n  - u = 1+e^{-z}\n  - v = 1+e^{-z}\n---\n\n$$\\frac{d}{dz}\\frac{1}{u}$$\n\n$$= \\frac{d}{dz}\\frac{1}{v}$$\n';
    expect(gradeSubmission({ name: 'n.md', text }, task('sigmoid'), judge).error).toBeNull();
    expect(judge.stats.normalLookups).toBeGreaterThan(judge.stats.normalHits);
    expect(judge.stats.normalHits).toBeGreaterThan(0);
  });
});
