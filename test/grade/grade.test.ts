/**
 * The grader on the fixture submissions of test/fixtures/grade: scores and the feedback a
 * student reads, line by line.
 */
import { describe, expect, it } from 'vitest';
import { grade, gradeFixture } from './support.js';

describe('fixture submissions: score out of 9 (sigmoid: 2 per valid step up to 4, target 3, form 2)', () => {
  it.each([
    ['correct.md', 'sigmoid', 9, null],
    ['issue-example.txt', 'sigmoid', 9, null],
    ['slip.txt', 'sigmoid', 7, null],
    ['wrong-form.txt', 'sigmoid', 5, null],
    ['answer-only.txt', 'sigmoid', 5, null],
    ['unreadable-line.txt', 'sigmoid', 8, null],
    ['garbage.txt', 'sigmoid', 0, 'nothing-readable'],
    ['empty.txt', 'sigmoid', 0, 'empty'],
    ['huge.txt', 'sigmoid', 0, 'too-many-lines'],
    ['bce-correct.txt', 'bce', 9, null],
    ['bce-sign.txt', 'bce', 7, null],
    ['tanh-correct.txt', 'tanh', 9, null],
    // The README's worked example and its padded twin.
    ['worked.txt', 'sigmoid', 9, null],
    ['padded.txt', 'sigmoid', 5, null],
  ] as const)('%s (%s) scores %d', (file, taskName, score, error) => {
    const r = gradeFixture(file, taskName);
    expect(r.error?.code ?? null).toBe(error);
    expect(r.score).toBe(score);
    expect(r.max).toBe(9);
  });
});

describe('feedback', () => {
  it('a correct Markdown derivation: every step correct, the target and both forms', () => {
    expect(gradeFixture('correct.md').feedback).toEqual([
      'line 5: restates the task',
      'line 5: correct, but it only rewrites the left side (no rule separates them): no points',
      'line 7: correct',
      'line 9: correct',
      'line 11: correct, but it only rewrites line 9 (no rule separates them): no points',
      'line 15: correct, but it only rewrites line 11 (no rule separates them): no points',
      'line 17: correct',
      'final answer (line 17): correct, it equals σ(z)(1−σ(z))',
      'form: in terms of σ(z) only — yes',
      'form: no e^(…) left — yes',
      'score 9/9: steps 4/4 (3 correct, 3 going nowhere, 0 wrong), target 3/3, form 2/2',
    ]);
  });

  it('one slip, carried forward: it costs once, the later steps count, follow-through replaces the target', () => {
    const r = gradeFixture('slip.txt');
    expect(r.feedback).toEqual([
      'line 1: restates the function to differentiate',
      'line 2: correct',
      'line 3: the sign flipped — this line is minus line 2: a minus sign was lost or added (check the signs when you open brackets or move terms) (at z = 3.52: line 2 is 0.02792, this is −0.02792)',
      'line 4: correct, but it only rewrites line 3 (no rule separates them): no points',
      'line 5: correct',
      'final answer (line 5): not equal to σ(z)(1−σ(z)), but it follows correctly from your own work after the slip (follow-through credit)',
      'form: in terms of σ(z) only — yes',
      'form: no e^(…) left — yes',
      'score 7/9: steps 4/4 (2 correct, 1 going nowhere, 1 wrong), −1 for 1 wrong step, target 2/3, form 2/2',
    ]);
    expect(r.steps.map((s) => s.status)).toEqual(['valid', 'invalid', 'no-progress', 'valid']);
    expect(r.final).toMatchObject({ value: 'different', reachedTarget: false, followThrough: true });
  });

  it('the README\'s worked example: each step\'s jump, distance and progress', () => {
    const r = gradeFixture('worked.txt');
    expect(r.steps.map((s) => [s.line, s.jump, s.distance, s.progress, s.points])).toEqual([
      [2, 2, 2, 'progress', 2], [3, 0, 2, 'rewrite', 0], [4, 2, 0, 'progress', 2], [5, 1, 1, 'away', 0],
    ]);
    expect(r.feedback[4]).toBe('line 5: correct, but it moves away from the answer (1 rule application from it; line 4 was 0): no points');
  });

  it('a slip in differentiating gets advice about derivatives', () => {
    const r = grade('s.txt', '1/(1+e^{-z})\n= -(1+e^{-z})^{-2} e^{-z}\n= -σ(z)(1-σ(z))\n');
    expect(r.feedback[1]).toMatch(/^line 2: the sign flipped — this line is minus the derivative of line 1: a minus sign was lost in differentiating \(the derivative of 1−u is −u′, and that of e\^\(−z\) is −e\^\(−z\)\)/);
    expect(r.steps[1]!.status).toBe('valid');
  });

  it('the BCE chain-rule slip: flagged at the derivative, the algebra after it counts', () => {
    const r = gradeFixture('bce-sign.txt', 'bce');
    // Line 3 only opens the brackets of line 2: no rule separates them, so it earns nothing.
    expect(r.steps.map((s) => `${s.line} ${s.status}`)).toEqual(['2 invalid', '3 no-progress', '4 valid', '5 valid']);
    expect(r.feedback[1]).toMatch(/^line 2: this does not follow from the derivative of line 1 \(at y = 0\.34, a = 0\.22: /);
    expect(r.final?.followThrough).toBe(true);
  });

  it('the right value in the wrong form: target points, no form points', () => {
    const r = gradeFixture('wrong-form.txt');
    expect(r.feedback.slice(-4)).toEqual([
      'final answer (line 3): correct, it equals σ(z)(1−σ(z))',
      'form: in terms of σ(z) only — no',
      'form: no e^(…) left — no',
      'score 5/9: steps 2/4 (1 correct, 1 going nowhere, 0 wrong), target 3/3, form 0/2',
    ]);
  });

  it('the answer alone is valid but unjustified: it skips more than max-jump allows', () => {
    const r = gradeFixture('answer-only.txt');
    expect(r.steps).toMatchObject([{ line: 1, reading: 'from-task', status: 'unjustified', jump: 4, points: 0 }]);
    expect(r.feedback[0]).toBe('line 1: correct, but it skips too much at once (4 rule applications; at most 3 in one step): show the steps in between');
  });

  it('an unreadable line costs a step; the next is judged from the last line that could be read', () => {
    const r = gradeFixture('unreadable-line.txt');
    expect(r.steps.map((s) => `${s.line} ${s.status} ${s.reading}`)).toEqual([
      '2 valid derivative', '3 unreadable as-written', '4 no-progress after-unreadable', '5 valid as-written',
    ]);
    expect(r.feedback[2]).toBe('line 3: could not read this line (unexpected end of input; expected `}`, a function, `(`, a number, a name, column 29); it counts as a wrong step');
  });

  it('a step after an unreadable line that does not follow is not charged', () => {
    const r = grade('u.txt', '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\n= \\frac{\n= 3z\n= 3z\n');
    expect(r.steps.map((s) => s.status)).toEqual(['valid', 'unreadable', 'unknown', 'no-progress']);
    expect(r.feedback[3]).toBe('line 4: not checked: it follows a line that could not be read');
  });

  it('a final answer that still has a derivative in it does not reach the target', () => {
    const r = grade('d.txt', '\\frac{d}{dz}\\frac{1}{1+e^{-z}}\n= \\frac{d}{dz}(1+e^{-z})^{-1}\n');
    expect(r.final).toMatchObject({ value: 'equal', reachedTarget: false });
    expect(r.feedback).toContain('final answer (line 2): it still has a derivative to work out');
  });

  it('not graded: the reason and a zero', () => {
    // Line 1 is prose (a comment); line 2 is the first that could not be read.
    expect(gradeFixture('garbage.txt').feedback).toEqual(['not graded: no line could be read (first problem: line 2: unexpected end of input; expected a function, `(`, a number, a name, `{`)', 'score 0/9']);
    expect(gradeFixture('empty.txt').feedback).toEqual(['not graded: the submission is empty', 'score 0/9']);
    expect(gradeFixture('huge.txt').feedback[0]).toBe('not graded: the submission has 1000 lines of math; the limit is 400');
  });
});

describe('the start', () => {
  it.each([
    ['the function, then its derivative', '1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2', ['restated-function'], ['derivative'], ['valid']],
    ['the derivative written out', 'd/dz 1/(1+e^{-z})\n= e^{-z}/(1+e^{-z})^2', ['restated'], ['as-written'], ['valid']],
    // σ'(z) is the task's start: from it to the answer is the whole work (4 rules), as from d/dz 1/(1+e^{-z}).
    ["σ'(z)", "σ'(z)\n= σ(z)(1-σ(z))", ['restated'], ['as-written'], ['unjustified']],
    ['no restatement: the first line is a step from the task', 'e^{-z}/(1+e^{-z})^2\n= σ(z)(1-σ(z))', [], ['from-task', 'as-written'], ['valid', 'valid']],
    // Rewriting the function is not progress on its derivative; the derivative line is.
    ['rewrites of the function before differentiating', '1/(1+e^{-z})\n= (1+e^{-z})^{-1}\n= -(1+e^{-z})^{-2}(-e^{-z})', ['restated-function'], ['as-written', 'derivative'], ['no-progress', 'valid']],
  ])('%s', (_, text, notes, readings, statuses) => {
    const r = grade('start.txt', `${text}\n`);
    const restated = r.feedback.filter((l) => l.includes('restates')).map((l) => (l.includes('function') ? 'restated-function' : 'restated'));
    expect(restated).toEqual(notes);
    expect(r.steps.map((s) => s.reading)).toEqual(readings);
    expect(r.steps.map((s) => s.status)).toEqual(statuses);
  });
});

describe('plain text', () => {
  it('the leading = is optional, comments and blank lines are skipped, line numbers are the file\'s', () => {
    const r = grade('p.txt', '# my answer\n1/(1+e^{-z})\n\n(1+e^{-z})^{-2} e^{-z}\n% done\n= σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => [s.line, s.status])).toEqual([[4, 'valid'], [6, 'valid']]);
    expect(r.score).toBe(9);
  });

  it('a chain on one line gives several steps', () => {
    const r = grade('c.txt', '1/(1+e^{-z}) = e^{-z}/(1+e^{-z})^2 = σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => `${s.from} → ${s.to} ${s.status}`)).toEqual([
      '1/(1+e^{-z}) → e^{-z}/(1+e^{-z})^2 valid',
      'e^{-z}/(1+e^{-z})^2 → σ(z)(1-σ(z)) valid',
    ]);
  });

  it('words for functions and d/dz for the derivative of the rest of the line', () => {
    const r = grade('w.txt', 'd/dz 1/(1+exp(-z))\n= exp(-z)/(1+exp(-z))^2\n= sigma(z)*(1-sigma(z))\n');
    expect(r.steps.map((s) => s.status)).toEqual(['valid', 'valid']);
    expect(r.score).toBe(9);
  });
});
