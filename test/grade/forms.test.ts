/** Required forms of a final answer: each named predicate on the lines it must accept and refuse. */
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../src/parse/index.js';
import { prepareSide } from '../../src/check/compare.js';
import { FORMS, type FormId } from '../../src/grade/index.js';
import { task } from './support.js';

function holds(id: FormId, latex: string, params: string[] = []): boolean {
  const scope = task('sigmoid').scope;
  const written = parseOrThrow(latex);
  return FORMS[id].test({ written, resolved: prepareSide(written, scope) }, params.map((p) => parseOrThrow(p)));
}

describe('forms', () => {
  it.each([
    ['in-terms-of', '\\sigma(z)(1-\\sigma(z))', ['\\sigma(z)'], true],
    ['in-terms-of', '\\sigma - \\sigma^2', ['\\sigma(z)'], true],
    ['in-terms-of', 'y\\sigma(z)', ['\\sigma(z)'], true],
    ['in-terms-of', '\\frac{e^{-z}}{(1+e^{-z})^2}', ['\\sigma(z)'], false],
    ['in-terms-of', '\\sigma(z)(1-\\sigma(z)) + 0z', ['\\sigma(z)'], true],
    ['in-terms-of', '\\sigma(z) - z', ['\\sigma(z)'], false],
    ['in-terms-of', '1-\\tanh^2(z)', ['\\tanh(z)'], true],
    ['no-exp', '\\sigma(z)(1-\\sigma(z))', [], true],
    ['no-exp', '\\frac{1}{1+\\exp(-z)}', [], false],
    ['no-derivatives', '\\sigma(z)(1-\\sigma(z))', [], true],
    ['no-derivatives', "\\sigma'(z)", [], false],
    ['no-derivatives', '\\frac{d}{dz}\\sigma(z)', [], false],
    ['single-fraction', '\\frac{a-y}{a(1-a)}', [], true],
    ['single-fraction', '-\\frac{y}{a} + \\frac{1-y}{1-a}', [], false],
    ['single-fraction', '\\frac{1 - \\frac{y}{a}}{1-a}', [], false],
    ['single-fraction', 'a - y', [], true],
  ] as const)('%s %s %j → %s', (id, latex, params, expected) => {
    expect(holds(id, latex, [...params])).toBe(expected);
  });
});
