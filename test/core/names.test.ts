import { describe, expect, it } from 'vitest';
import { sym } from '../../src/core/expr.js';
import { closestFunction, unknownFunctionNames } from '../../src/core/names.js';
import { parseOrThrow } from '../../src/parse/index.js';

describe('function names the table does not know', () => {
  it.each([
    ['swsh', 'swish'],
    ['relux', 'relu'],
    ['sigmod', 'sigmoid'],
    ['Softpuls', 'softplus'],
    ['foo', null],
    ['attention', null],
  ])('the closest name to %s is %s', (word, fn) => {
    expect(closestFunction(word)).toBe(fn);
  });

  it('are words applied as functions; single letters, Greek names and defined functions are not reported', () => {
    const e = parseOrThrow('\\operatorname{swsh}(x) + \\operatorname{foo}(x) + f(x) + \\phi(x) + \\operatorname{swsh}(2x) + \\operatorname{loss}(x)');
    expect(unknownFunctionNames(e, new Set([sym('loss')]))).toEqual([
      { name: 'swsh', closest: '\\operatorname{swish}' },
      { name: 'foo', closest: null },
    ]);
  });
});
