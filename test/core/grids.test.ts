/**
 * Runs written with dots: the pattern found from the entries around the dots, and the run
 * written out at a size. Every expected pattern is written by hand.
 */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, num, sub, sym, type Expr } from '../../src/core/expr.js';
import { literal, literalOf, literalRun, runPattern, writeOutRun } from '../../src/core/grids.js';
import { parseOrThrow } from '../../src/parse/index.js';

const p = (latex: string): Expr => parseOrThrow(latex);

describe('runPattern', () => {
  it.each([
    // before the dots, last; then the pattern in i, where it starts, where it ends
    [['x_1'], 'x_n', 'x_i', 1, 'n'],
    [['x_1', 'x_2'], 'x_n', 'x_i', 1, 'n'],
    [['x_0'], 'x_K', 'x_i', 0, 'K'],
    [['x_1'], 'x_5', 'x_i', 1, '5'],
    [['\\hat{y}_1 - y_1'], '\\hat{y}_n - y_n', '\\hat{y}_i - y_i', 1, 'n'],
    [['\\mathbf{x}^{(1)}'], '\\mathbf{x}^{(m)}', '\\mathbf{x}^{(i)}', 1, 'm'],
    [['(\\hat{y}_1 - y_1)^2'], '(\\hat{y}_n - y_n)^2', '(\\hat{y}_i - y_i)^2', 1, 'n'],
    // i is taken: the next free letter
    [['W_{i,1}'], 'W_{i,n}', 'W_{ik}', 1, 'n'],
  ])('%j … %s is %s from %i to %s', (before, last, pattern, lo, hi) => {
    const run = runPattern(before.map(p), p(last));
    expect(run).not.toBeNull();
    expect(run!.pattern).toBe(p(pattern));
    expect(run!.lo).toBe(lo);
    expect(run!.hi).toBe(p(hi));
  });

  it.each([
    [['x_1'], 'y_n'],
    [['x_2'], 'x_n'],
    [['\\hat{y}_1 - y_1'], '\\hat{y}_n + y_n'],
    [['x_1', 'x_3'], 'x_n'],
    [['x_1'], 'x'],
    [[], 'x_n'],
    [['x_1', 'x_2', 'x_3'], 'x_2'],
  ])('%j … %s has no pattern', (before, last) => {
    expect(runPattern(before.map(p), p(last))).toBeNull();
  });
});

describe('writeOutRun', () => {
  it('writes a column out at a size, keeping it a column', () => {
    const l = literalOf(literal(3, 1, [sub(p('\\hat{y}_1'), p('y_1')), ELLIPSIS, sub(p('\\hat{y}_n'), p('y_n'))]))!;
    const out = writeOutRun(l, literalRun(l)!, 3);
    expect(out).toBe(literal(3, 1, [p('\\hat{y}_1 - y_1'), p('\\hat{y}_2 - y_2'), p('\\hat{y}_3 - y_3')]));
  });

  it('writes a row out from 0', () => {
    const l = literalOf(literal(1, 3, [p('x_0'), ELLIPSIS, p('x_K')]))!;
    expect(writeOutRun(l, literalRun(l)!, 2)).toBe(literal(1, 2, [p('x_0'), p('x_1')]));
  });

  it('refuses a grid whose entries do not fill it', () => {
    expect(() => literal(2, 2, [sym('a')])).toThrow();
    expect(literalOf(num(2))).toBeNull();
  });
});
