/**
 * Task files: the examples in proofs/tasks load, and every mistake in a task file is reported
 * with its line and column, all at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, formatTaskErrors, loadTask } from '../../src/grade/index.js';
import { toLatex } from '../../src/print/latex.js';
import { root } from './support.js';

const errorsOf = (yaml: string): string[] => {
  const r = loadTask(yaml, 't.yaml');
  if (r.ok) return [];
  return r.errors.map((e) => `${e.line}:${e.column} ${e.code}: ${e.message}`);
};

describe('proofs/tasks', () => {
  const dir = path.join(root, 'proofs/tasks');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s loads', (f) => {
    const r = loadTask(readFileSync(path.join(dir, f), 'utf8'), f);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('sigmoid.yaml: the start, the target, the forms and the rubric', () => {
    const r = loadTask(readFileSync(path.join(dir, 'sigmoid.yaml'), 'utf8'), 'sigmoid.yaml');
    if (!r.ok) throw new Error('does not load');
    const t = r.value;
    expect(t.start.kind).toBe('differentiate');
    expect(toLatex(t.start.value)).toBe('\\frac{d}{dz}\\left(\\frac{1}{1+e^{-z}}\\right)');
    expect(toLatex(t.target.value)).toBe('\\sigma(z)\\left(1-\\sigma(z)\\right)');
    expect(t.target.forms.map((f) => [f.id, f.label])).toEqual([['in-terms-of', 'in terms of σ(z) only'], ['no-exp', 'no e^(…) left']]);
    expect(t.rubric).toEqual({ validStep: 2, maxStepPoints: 4, invalidStep: 1, unjustifiedStep: 0, maxJump: 3, target: 3, form: 2, followThrough: 2 });
    expect(t.max).toBe(9);
  });
});

describe('a minimal task takes the default rubric', () => {
  it('start + target', () => {
    const r = loadTask('start: x^2 + 2x + 1\ntarget:\n  value: (x+1)^2\n', 't.yaml');
    expect(r.ok && r.value.rubric).toEqual(DEFAULT_RUBRIC);
    expect(r.ok && r.value.max).toBe(DEFAULT_RUBRIC.maxStepPoints + DEFAULT_RUBRIC.target);
  });
});

describe('errors, each at its place', () => {
  it.each([
    ['YAML syntax', 'start: x\ntarget: [\n', ['3:1 yaml: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['not a mapping', '- x\n- y\n', ['1:1 not-a-mapping: the task file must be a mapping of keys to values']],
    ['unknown key', 'start: x\ntarget:\n  value: x\nrubrik: {}\n', ['4:1 unknown-key: unknown key `rubrik` in the task file (expected one of: title, differentiate, with-respect-to, start, target, define, assume, matrix, tolerance, rubric, seed)']],
    ['no start', 'target:\n  value: x\n', ['1:1 start: give exactly one of `differentiate` (with `with-respect-to`) or `start`']],
    ['both starts', 'start: x\ndifferentiate: x\nwith-respect-to: x\ntarget:\n  value: x\n', ['2:16 start: give exactly one of `differentiate` (with `with-respect-to`) or `start`']],
    ['no variable', 'differentiate: x^2\ntarget:\n  value: 2x\n', ['1:1 missing-key: a `differentiate` task needs `with-respect-to`']],
    ['variable not a symbol', 'differentiate: x^2\nwith-respect-to: 2x\ntarget:\n  value: 2x\n', ['2:18 not-a-symbol: `with-respect-to` must be a single variable such as z, got 2x']],
    ['LaTeX that does not parse, at the column where it stops', 'start: x\ntarget:\n  value: \\frac{1}{2\n', ['3:20 latex: `target.value` does not parse: unexpected end of input; expected `}`, a function, `(`, a number, a name']],
    ['no target', 'start: x\n', ['1:1 missing-key: the task file needs `target`']],
    ['unknown form', 'start: x\ntarget:\n  value: x\n  form: [no-sigma]\n', ['4:10 unknown-form: unknown form `no-sigma` (known forms: in-terms-of, no-exp, no-derivatives, single-fraction)']],
    ['a form without its parameters', 'start: x\ntarget:\n  value: x\n  form:\n    - in-terms-of\n', ['5:7 form-params: form `in-terms-of` needs a list of expressions, e.g. `in-terms-of: [\\sigma(z)]`']],
    ['a rubric value of the wrong type', 'start: x\ntarget:\n  value: x\nrubric:\n  target: lots\n', ['5:11 wrong-type: `rubric.target` must be a number ≥ 0']],
    ['a negative rubric value', 'start: x\ntarget:\n  value: x\nrubric:\n  invalid-step: -1\n', ['5:17 out-of-range: `rubric.invalid-step` must be a number ≥ 0, got -1']],
    ['max-jump must be whole', 'start: x\ntarget:\n  value: x\nrubric:\n  max-jump: 2.5\n', ['5:13 out-of-range: `rubric.max-jump` must be a whole number ≥ 0 (or null), got 2.5']],
    ['a bad definition', 'define:\n  - 3 = x\nstart: x\ntarget:\n  value: x\n', ['2:1 definition: define: expected `symbol = value` or `f(x) = value`, got 3 = x']],
  ])('%s', (_, yaml, expected) => {
    const got = errorsOf(yaml);
    expect(got.length).toBe(expected.length);
    got.forEach((g, i) => expect(g.startsWith(expected[i]!)).toBe(true));
  });

  it('every error at once, in file order', () => {
    const got = errorsOf('start: \\frac{\ntarget:\n  value: x\n  form: [nope]\nrubric:\n  target: -2\n');
    expect(got.map((g) => g.split(' ')[0])).toEqual(['1:14', '4:10', '6:11']);
  });

  it.each([
    ['a YAML syntax error does not hide the rest of the file', 'start: x\nstart: y\ntarget:\n  value: x\nrubrik: 1\n', ['2:1 yaml', '5:1 unknown-key']],
    ['entries on a broken line are not read further; the others are', 'start: x\ntarget:\n  value: x\n   form: y\nrubric:\n  target: -1\n', ['3:10 yaml', '3:10 yaml', '6:11 out-of-range']],
    ['a missing target value does not hide the forms', 'start: x\ntarget:\n  form: [nope]\nrubric: {target: -1}\n', ['2:1 missing-key', '3:10 unknown-form', '4:18 out-of-range']],
    ['two starts: each is still read', 'start: \\frac{\ndifferentiate: x\nwith-respect-to: 2\ntarget:\n  value: \\frac{\n', ['1:14 latex', '2:16 start', '3:18 not-a-symbol', '5:16 latex']],
  ])('%s', (_, yaml, expected) => {
    // `line:column code` of each error.
    expect(errorsOf(yaml).map((g) => g.split(':').slice(0, 2).join(':'))).toEqual(expected);
  });

  it('print like a compiler', () => {
    const r = loadTask('start: x\ntarget:\n  value: x\nrubrik: {}\n', 'tasks/t.yaml');
    expect(r.ok ? '' : formatTaskErrors('tasks/t.yaml', r.errors)).toMatch(/^tasks\/t\.yaml:4:1: error: unknown key `rubrik`/);
  });
});
