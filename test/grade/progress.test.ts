/**
 * Credit for progress, not for lines (progress.ts): gaming attempts never score more than the
 * honest derivation they imitate, the same work gets the same mark in any notation, and
 * follow-through needs work that starts from the task's start.
 *
 * Marks on the sigmoid task (proofs/tasks/sigmoid.yaml): 2 points per step that makes progress,
 * at most 4; max-jump 3; target 3; forms 2. From the task's start to σ(z)(1−σ(z)) is 4 rule
 * applications (power rule, exponential rule, fold into σ, 1 − σ), so the bare answer is an
 * unjustified jump: 0 + 3 + 2 = 5.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mul, type Expr } from '../../src/core/expr.js';
import { mapChildren } from '../../src/core/walk.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { grade } from './support.js';

const BARE_ANSWER = 5;

describe('gaming attempts never score more than the honest bare answer (5/9)', () => {
  it('the bare answer itself', () => {
    expect(grade('a.txt', 'σ(z)(1-σ(z))\n').score).toBe(BARE_ANSWER);
  });

  it.each([
    ['padding with rewrites of the task (the issue\'s example)',
      'd/dz 1/(1+e^{-z})\n= d/dz (1+e^{-z})^{-1}\n= d/dz 1/(1+e^{-z})\n= d/dz (1+e^{-z})^{-1}\n= sigma(z)(1-sigma(z))', 5,
      ['no-progress', 'no-progress', 'no-progress', 'unjustified']],
    ['a cycle after the answer (the issue\'s example)',
      'd/dz 1/(1+e^{-z}) = σ(z)(1−σ(z)) = σ(z) − σ(z)^2 = σ(z)(1−σ(z))', 5,
      ['unjustified', 'no-progress', 'no-progress']],
    ['copying the task\'s start, then jumping to the answer',
      'd/dz 1/(1+e^{-z})\n= σ(z)(1-σ(z))', 5, ['unjustified']],
    ['copying the function, then jumping to the answer',
      '1/(1+e^{-z})\n= σ(z)(1-σ(z))', 5, ['unjustified']],
    ['the task restated in every notation, then the answer',
      "σ'(z)\n= d/dz σ(z)\n= d/dz 1/(e^{-z}+1)\n= σ(z)(1-σ(z))", 5, ['no-progress', 'no-progress', 'unjustified']],
    ['the answer, then walking back to an earlier stage and forward again',
      'd/dz 1/(1+e^{-z})\n= σ(z)(1-σ(z))\n= e^{-z}/(1+e^{-z})^2\n= σ(z)(1-σ(z))', 5, ['unjustified', 'no-progress', 'no-progress']],
    ['reordering the answer\'s factors, again and again',
      'd/dz 1/(1+e^{-z})\n= σ(z)(1-σ(z))\n= (1-σ(z))σ(z)\n= σ(z)(1-σ(z))', 5, ['unjustified', 'no-progress', 'no-progress']],
  ])('%s: %d', (_, text, score, statuses) => {
    const r = grade('g.txt', `${text}\n`);
    expect(r.steps.map((s) => s.status)).toEqual(statuses);
    expect(r.score).toBe(score);
    expect(r.score).toBeLessThanOrEqual(BARE_ANSWER);
  });

  it('answering a different task scores nothing: a tanh derivation on the sigmoid task', () => {
    const r = grade('g.txt', '(e^z - e^{-z})/(e^z + e^{-z})\n= 1 - (e^z - e^{-z})^2/(e^z + e^{-z})^2\n= 1 - tanh(z)^2\n');
    expect(r.score).toBe(0);
    expect(r.final).toMatchObject({ followThrough: false, differentQuestion: true });
  });

  it('random padding around the jump never earns more than the jump alone', () => {
    const starts = ['d/dz 1/(1+e^{-z})', 'd/dz (1+e^{-z})^{-1}', "σ'(z)", 'd/dz σ(z)', 'd/dz 1/(e^{-z}+1)', '1/(1+e^{-z})', '(1+e^{-z})^{-1}'];
    const answers = ['σ(z)(1-σ(z))', '(1-σ(z))σ(z)', 'σ(z) - σ(z)^2', 'σ(z) - σ(z)σ(z)', 'e^{-z}/(1+e^{-z})^2', '(1+e^{-z})^{-2} e^{-z}'];
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...starts), { minLength: 1, maxLength: 4 }),
      fc.array(fc.constantFrom(...answers), { maxLength: 4 }),
      (before, after) => {
        // Function rewrites come first (a function line after a derivative line is a different reading).
        const lines = [...before.filter((l) => !l.startsWith('d') && !l.includes("'")), ...before.filter((l) => l.startsWith('d') || l.includes("'")), 'σ(z)(1-σ(z))', ...after, 'σ(z)(1-σ(z))'];
        expect(grade('p.txt', `${lines.join('\n')}\n`).score).toBeLessThanOrEqual(BARE_ANSWER);
      },
    ), { seed: 12, numRuns: 40 });
  });
});

describe('the honest derivation', () => {
  it('two steps within max-jump: full marks', () => {
    const r = grade('h.txt', 'd/dz 1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2\n= σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => [s.status, s.jump, s.distance])).toEqual([['valid', 2, 2], ['valid', 2, 0]]);
    expect(r.score).toBe(9);
  });

  it('a detour earns nothing, the way back nothing either, the real step its points', () => {
    const r = grade('h.txt', 'd/dz 1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2\n= d/dz (1+e^{-z})^{-1}\n= e^{-z}(1+e^{-z})^{-2}\n= σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => `${s.status} ${s.progress}`)).toEqual(['valid progress', 'no-progress repeat', 'no-progress repeat', 'valid progress']);
    expect(r.feedback[2]).toBe("line 3: correct, but it goes back to the task's start: no points");
    expect(r.score).toBe(9);
  });

  it('a step away from the answer says how far', () => {
    const r = grade('h.txt', 'd/dz 1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2\n= σ(z)(1-σ(z))\n= σ(z) - σ(z)^2\n');
    expect(r.feedback[3]).toBe('line 4: correct, but it moves away from the answer (1 rule application from it; line 3 was 0): no points');
  });
});

describe('the same work, the same mark, whatever the notation', () => {
  it.each([
    ["σ'(z)", "σ'(z) = σ(z)(1-σ(z))"],
    ['d/dz σ(z)', 'd/dz σ(z) = σ(z)(1-σ(z))'],
    ['d/dz 1/(1+e^{-z})', 'd/dz 1/(1+e^{-z}) = σ(z)(1-σ(z))'],
    ['\\frac{d\\sigma}{dz}', '\\frac{d\\sigma}{dz} = \\sigma(z)(1-\\sigma(z))'],
    ['the function', '1/(1+e^{-z}) = σ(z)(1-σ(z))'],
  ])('the bare answer after %s: 5/9', (_, text) => {
    expect(grade('n.txt', `${text}\n`).score).toBe(BARE_ANSWER);
  });

  it('LaTeX in Markdown and plain text: the same marks, step by step', () => {
    const latex = grade('n.md', '$$\\frac{d}{dz}\\frac{1}{1+e^{-z}} = -\\left(1+e^{-z}\\right)^{-2}\\cdot\\left(-e^{-z}\\right)$$\n\n$$= \\frac{e^{-z}}{(1+e^{-z})^2}$$\n\n$$= \\sigma(z)\\left(1-\\sigma(z)\\right)$$\n');
    const plain = grade('n.txt', 'd/dz 1/(1+exp(-z))\n= -(1+exp(-z))**(-2) * (-exp(-z))\n= exp(-z)/(1+exp(-z))**2\n= sigma(z)*(1-sigma(z))\n');
    const marks = (r: typeof latex) => ({ score: r.score, steps: r.steps.map((s) => [s.status, s.jump, s.distance, s.points]) });
    expect(marks(plain)).toEqual(marks(latex));
    expect(latex.score).toBe(9);
  });

  /** The same tree with every product's factors in another order. */
  const commute = (e: Expr, order: readonly number[]): Expr => {
    const inner = mapChildren(e, (c) => commute(c, order));
    if (inner.kind !== 'mul') return inner;
    const fs = [...inner.factors];
    const keyed = fs.map((f, i) => [order[i % order.length]!, f] as const).sort((a, b) => a[0] - b[0]);
    return mul(...keyed.map(([, f]) => f));
  };

  it.each([
    ['sigmoid', ['\\frac{d}{dz}\\frac{1}{1+e^{-z}}', '-(1+e^{-z})^{-2}\\cdot\\frac{d}{dz}(1+e^{-z})', '-(1+e^{-z})^{-2}\\cdot(-e^{-z})', '\\frac{1}{1+e^{-z}}\\left(1-\\frac{1}{1+e^{-z}}\\right)', '\\sigma(z)(1-\\sigma(z))']],
    ['bce', ['-\\left(y\\ln a+(1-y)\\ln(1-a)\\right)', '-\\left(\\frac{y}{a}-\\frac{1-y}{1-a}\\right)', '\\frac{-y(1-a)+a(1-y)}{a(1-a)}', '\\frac{a-y}{a(1-a)}']],
  ])('reordering the factors of every line never changes a mark (%s)', (taskName, lines) => {
    const write = (order: readonly number[]): string => lines.map((l, i) => `${i === 0 ? '' : '= '}${toLatex(commute(parseOrThrow(l), order))}`).join('\n');
    const base = grade('c.txt', `${write([0])}\n`, taskName);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }), (order) => {
      const r = grade('c.txt', `${write(order)}\n`, taskName);
      expect(r.score).toBe(base.score);
      expect(r.steps.map((s) => [s.status, s.points])).toEqual(base.steps.map((s) => [s.status, s.points]));
    }), { seed: 7, numRuns: 15 });
  });
});

describe('follow-through needs work that starts from the task\'s start', () => {
  it('a correct sigmoid derivation on the BCE task answers a different question: no follow-through, 0', () => {
    const r = grade('s.txt', '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\n= σ(z)(1-σ(z))\n', 'bce');
    expect(r.final).toMatchObject({ followThrough: false, differentQuestion: true });
    expect(r.feedback).toContain('final answer (line 3): not equal to (a−y)/(a(1−a)), and this answers a different question: the first line does not follow from the task\'s start d/da (L), nor from a slip in it, so there is no follow-through credit');
    expect(r.score).toBe(0);
  });

  it('a slip in the first line that the checker names (a sign) still starts from the task: follow-through', () => {
    // −1 for the slip, 2 for the step after it, follow-through 2, forms 2.
    const r = grade('s.txt', '-e^{-z}/(1+e^{-z})^2\n= -σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => [s.status, s.hint])).toEqual([['invalid', 'sign'], ['valid', null]]);
    expect(r.final).toMatchObject({ followThrough: true, differentQuestion: false });
    expect(r.score).toBe(5);
  });

  it('after the slip, lines that only restate it earn nothing and give no follow-through', () => {
    const r = grade('s.txt', '1/(1+e^{-z})\n= -e^{-z}/(1+e^{-z})^2\n= -e^{-z}(1+e^{-z})^{-2}\n');
    expect(r.steps.map((s) => s.status)).toEqual(['invalid', 'no-progress']);
    expect(r.final?.followThrough).toBe(false);
  });
});

describe('the final answer must be read', () => {
  it('an unreadable last line is the final answer: not compared, no form shown', () => {
    const r = grade('u.txt', '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\n= σ(z)(1-σ(z)\n');
    expect(r.final).toMatchObject({ line: 3, value: 'unreadable', reachedTarget: false, forms: [] });
    expect(r.feedback.slice(-2)).toEqual([
      'final answer (line 3): could not be read, so it is not compared with σ(z)(1−σ(z))',
      'score 1/9: steps 2/4 (1 correct, 1 wrong), −1 for 1 wrong step, target 0/3, form 0/2',
    ]);
  });
});
