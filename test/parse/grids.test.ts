/**
 * Vectors and matrices written entry by entry, as the parser reads them: the literal each form
 * lowers to (the numbers of rows and columns as written, then the entries, `…` for the dots),
 * the printing that reads back as the same node, intervals that stay intervals, and the
 * positioned errors for a matrix or a run that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, ONE, TWO, mul, neg, num, sub, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { literal } from '../../src/core/grids.js';
import { parse } from '../../src/parse/index.js';
import { readClauses } from '../../src/parse/clauses.js';
import { toLatex } from '../../src/print/latex.js';
import '../helpers/matchers.js';

const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((s) => sym(s)) as [Sym, Sym, Sym, Sym];
const at = (name: string, index: string, accent?: string): Sym => sym(name, { sub: index, ...(accent === undefined ? {} : { accent }) });
const example = (name: string, k: string, accent = 'mathbf'): Sym => sym(name, { layer: `(${k})`, accent });
const ŷ = (k: string): Sym => at('y', k, 'hat');
const y = (k: string): Sym => at('y', k);

const READINGS: readonly [string, Expr][] = [
  // matrices: rows of entries, the environment's delimiters do not change the meaning
  ['\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}', literal(2, 2, [a, b, c, d])],
  ['\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}', literal(2, 2, [a, b, c, d])],
  ['\\begin{Bmatrix} a & b \\\\ c & d \\end{Bmatrix}', literal(2, 2, [a, b, c, d])],
  ['\\begin{matrix} a & b \\\\ c & d \\end{matrix}', literal(2, 2, [a, b, c, d])],
  ['\\begin{pmatrix} a & b \\\\ c & d \\\\ \\end{pmatrix}', literal(2, 2, [a, b, c, d])],
  ['\\begin{pmatrix} 1 & -a \\end{pmatrix}', literal(1, 2, [ONE, neg(a)])],
  // column vectors
  ['\\begin{bmatrix} x_1 \\\\ x_2 \\end{bmatrix}', literal(2, 1, [at('x', '1'), at('x', '2')])],
  ['2\\begin{pmatrix} a \\\\ b \\end{pmatrix}', mul(TWO, literal(2, 1, [a, b]))],
  // rows written with brackets and commas
  ['\\left[ a, b, c \\right]', literal(1, 3, [a, b, c])],
  ['[a, b, c]', literal(1, 3, [a, b, c])],
  ['\\lbrack a, b \\rbrack', literal(1, 2, [a, b])],
  // one entry in brackets is a grouping, not a vector
  ['[a]', a],
  // runs with dots: the written entries, the dots kept as …
  ['\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n - y_n \\end{pmatrix}', literal(3, 1, [sub(ŷ('1'), y('1')), ELLIPSIS, sub(ŷ('n'), y('n'))])],
  ['\\left[\\mathbf{x}^{(1)}, \\dots, \\mathbf{x}^{(m)}\\right]', literal(1, 3, [example('x', '1'), ELLIPSIS, example('x', 'm')])],
  ['[\\hat{y}^{(1)}, \\ldots, \\hat{y}^{(m)}]', literal(1, 3, [example('y', '1', 'hat'), ELLIPSIS, example('y', 'm', 'hat')])],
  ['[x_1, x_2, \\cdots, x_n]', literal(1, 4, [at('x', '1'), at('x', '2'), ELLIPSIS, at('x', 'n')])],
  ['[x_0, \\dots, x_K]', literal(1, 3, [at('x', '0'), ELLIPSIS, at('x', 'K')])],
  ['\\begin{pmatrix} x_1 & \\cdots & x_5 \\end{pmatrix}', literal(1, 3, [at('x', '1'), ELLIPSIS, at('x', '5')])],
  // an accent on a bold name: a bold vector whose entries keep the hat
  ['\\hat{\\mathbf{y}}', sym('y', { accent: 'hat mathbf' })],
  ['\\mathbf{\\hat{y}}', sym('y', { accent: 'hat mathbf' })],
  ['\\hat{\\mathbf{y}}^{(i)}', sym('y', { accent: 'hat mathbf', layer: '(i)' })],
];

describe('literals', () => {
  it.each(READINGS)('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it.each(READINGS)('%s prints as it reads back', (input) => {
    const first = parse(input);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const back = parse(toLatex(first.value));
    expect(back.ok && back.value).toBe(first.value);
  });

  it.each([
    ['\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}', '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}'],
    ['[a,b,c]', '\\left[a, b, c\\right]'],
    ['\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n - y_n \\end{pmatrix}', '\\begin{pmatrix} \\hat{y}_1-y_1 \\\\ \\vdots \\\\ \\hat{y}_n-y_n \\end{pmatrix}'],
    ['\\left[\\mathbf{x}^{(1)}, \\cdots, \\mathbf{x}^{(m)}\\right]', '\\left[\\mathbf{x}^{(1)}, \\dots, \\mathbf{x}^{(m)}\\right]'],
    ['\\mathbf{\\hat{y}}', '\\hat{\\mathbf{y}}'],
  ])('%s prints as %s', (input, printed) => {
    const r = parse(input);
    expect(r.ok && toLatex(r.value)).toBe(printed);
  });

  it('keeps an interval after \\in an interval', () => {
    // y ∈ [0, 1] is 0 ≤ y ≤ 1, a condition; never a row vector.
    const r = readClauses('y \\in [0, 1]');
    expect(r.ok && r.value.map((cl) => cl.kind)).toEqual(['statement']);
    const st = r.ok && r.value[0]!.kind === 'statement' ? r.value[0]!.statement : null;
    expect(st?.ops).toEqual(['≤', '≤']);
    expect(st?.args).toEqual([num(0), sym('y'), ONE]);
  });

  it('reads a row defined beside its shape', () => {
    const r = readClauses('X = \\left[\\mathbf{x}^{(1)}, \\dots, \\mathbf{x}^{(m)}\\right] \\in \\mathbb{R}^{n \\times m}');
    expect(r.ok && r.value.map((cl) => cl.kind)).toEqual(['statement', 'shape']);
  });
});

describe('literals that cannot be read', () => {
  it.each([
    // the run's last entry is not its first with 1 → n in one place
    ['\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n + y_n \\end{pmatrix}', 1, 36, 'cannot tell how the entries between \\hat{y}_1 - y_1 and \\hat{y}_n + y_n go'],
    ['[x_1, \\dots, y_n]', 1, 7, 'cannot tell how the entries between x_1 and y_n go'],
    ['[x_2, \\dots, x_n]', 1, 7, 'cannot tell how the entries between x_2 and x_n go'],
    ['[x_1, x_3, \\dots, x_n]', 1, 12, 'cannot tell how the entries between x_1 and x_n go'],
    ['[\\dots, x_n]', 1, 2, 'cannot tell'],
    ['[x_1, \\dots]', 1, 7, 'cannot tell'],
    // dots in two directions
    ['\\begin{pmatrix} a & \\cdots & b \\\\ \\vdots & \\ddots & \\vdots \\\\ c & \\cdots & d \\end{pmatrix}', 1, 35, 'dots are read once'],
  ])('%s is refused at %i:%i', (input, line, column, message) => {
    expect(input).toFailToParseAt(line, column, 'bad-ellipsis');
    const r = parse(input);
    expect(!r.ok && r.error.message).toContain(message);
  });

  it('refuses rows of different lengths where the short row starts', () => {
    expect('\\begin{pmatrix} a & b \\\\ c \\end{pmatrix}').toFailToParseAt(1, 26, 'bad-matrix');
  });

  it('refuses an environment closed by another', () => {
    expect('\\begin{pmatrix} a \\\\ b \\end{bmatrix}').toFailToParseAt(1, 24, 'mismatched-environment');
  });

  it('refuses a determinant with the reason', () => {
    const r = parse('\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}');
    expect(!r.ok && r.error.message).toBe('\\begin{vmatrix} is not read: it is a determinant (or a norm), which deriv does not have; a matrix is \\begin{pmatrix} or \\begin{bmatrix}');
  });
});
