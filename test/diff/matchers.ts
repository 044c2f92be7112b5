/**
 * `expect(latex).toDifferentiateTo(expected, wrt)`: the raw derivative (before any
 * simplification) is exactly `expected`: the same tree as `expected` parses to, or (for trees
 * the parser would read differently) the same canonical LaTeX. Comparing trees keeps these
 * specifications about the differentiator, not about the printer's spacing.
 */
import { expect } from 'vitest';
import type { Sym } from '../../src/core/expr.js';
import { differentiate, type DiffOptions } from '../../src/diff/index.js';
import { parse, parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';

interface DiffMatchers<R = unknown> {
  toDifferentiateTo(expected: string, wrt?: string, options?: DiffOptions): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends DiffMatchers<T> {}
}

expect.extend({
  toDifferentiateTo(received: string, expected: string, wrt = 'x', options: DiffOptions = {}) {
    const tree = differentiate(parseOrThrow(received), parseOrThrow(wrt) as Sym, options).expr;
    const actual = toLatex(tree);
    const parsed = parse(expected);
    return {
      pass: actual === expected || (parsed.ok && parsed.value === tree),
      message: () => `d/d${wrt} ${received}\n  expected ${expected}\n  received ${actual}`,
      actual,
      expected,
    };
  },
});
