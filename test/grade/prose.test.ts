/**
 * Prose in plain-text submissions: a comment, not a step. Decided by whether the words the parser
 * would read as products of letters are English words (prose.ts).
 */
import { describe, expect, it } from 'vitest';
import { readLine } from '../../src/grade/prose.js';
import { grade } from './support.js';

const NONE = new Set<string>();

describe('a line of prose', () => {
  it.each([
    'the derivative is sigma times something i think',
    "I don't know how to do this }{",
    'i think so',
    'done',
    'next step is easy',
    'therefore',
  ])('%j is a comment', (line) => {
    expect(readLine(line, NONE)).toEqual({ kind: 'prose' });
  });
});

describe('math, with words around it', () => {
  it.each([
    ['so the answer is sigma(z)(1-sigma(z))', 'sigma(z)(1-sigma(z))', 17],
    ['hence sigma(z)(1-sigma(z))', 'sigma(z)(1-sigma(z))', 6],
    ['σ(z)(1−σ(z)) is the answer', 'σ(z)(1−σ(z))', 0],
    ['= σ(z)(1-σ(z)) by the chain rule', '= σ(z)(1-σ(z))', 0],
    ['e^{-z}/(1+e^{-z})^2 (split the fraction)', 'e^{-z}/(1+e^{-z})^2', 0],
  ])('%j reads %j', (line, text, offset) => {
    expect(readLine(line, NONE)).toEqual({ kind: 'math', text, offset });
  });
});

describe('math that looks like words is math', () => {
  it.each([
    'y = ax', // `ax` is an English word, but two letters alone are too often a product
    'xyz',
    'abc + d',
    'd/dz 1/(1+exp(-z))',
    'exp(-z)/(1+exp(-z))**2',
    'sigmoid(z)*(1-sigmoid(z))',
    '-(y ln a + (1-y) ln(1-a))',
    '1 - tanh(z)^2',
    'relu(x) + softplus(x)',
    'max(0, x)',
    '\\frac{d}{dz}\\sigma(z)',
  ])('%j', (line) => {
    expect(readLine(line, NONE)).toEqual({ kind: 'math', text: line, offset: 0 });
  });

  it('a name the task defines is not a word', () => {
    expect(readLine('cost(a) + done', new Set(['cost', 'done']))).toEqual({ kind: 'math', text: 'cost(a) + done', offset: 0 });
  });
});

describe('in a graded submission', () => {
  it('a prose line is a comment: noted, not graded, the score unchanged', () => {
    const r = grade('p.txt', '1/(1+e^{-z})\nthen I use the chain rule\n= (1+e^{-z})^{-2} e^{-z}\n= σ(z)(1-σ(z))\n');
    expect(r.feedback.slice(0, 4)).toEqual([
      'line 1: restates the function to differentiate',
      'line 2: words, read as a comment',
      'line 3: correct',
      'line 4: correct',
    ]);
    expect(r.steps.map((s) => s.line)).toEqual([3, 4]);
    expect(r.score).toBe(9);
  });

  it('words before the answer are commentary; the answer is read, at its own column', () => {
    const r = grade('p.txt', '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\nso the answer is σ(z)(1-σ(z))\n');
    expect(r.steps.map((s) => [s.line, s.column, s.to, s.status])).toEqual([[2, 3, '(1+e^{-z})^{-2} e^{-z}', 'valid'], [3, 18, 'σ(z)(1-σ(z))', 'valid']]);
    expect(r.final?.reachedTarget).toBe(true);
  });

  it('a submission of prose only is not graded, and no form is checked', () => {
    const r = grade('p.txt', 'the derivative is sigma times something i think\n');
    expect(r.error?.code).toBe('no-math');
    expect(r.feedback.some((l) => l.startsWith('form:'))).toBe(false);
  });
});
