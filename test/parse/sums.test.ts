/**
 * Sums and products over an index, as the parser reads them: the node each written form
 * lowers to, how far a sum reaches, the printing that reads back as the same node, and the
 * positioned errors for a malformed sum.
 */
import { describe, expect, it } from 'vitest';
import { ONE, TWO, add, apply, bigop, mul, neg, num, pow, recip, rel, sub, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { parse } from '../../src/parse/index.js';
import '../helpers/matchers.js';

const [a, b, i, j, k, m, n, y, K] = ['a', 'b', 'i', 'j', 'k', 'm', 'n', 'y', 'K'].map((s) => sym(s)) as Sym[] as [Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym];
const at = (name: string, index: string, accent?: string): Sym => sym(name, { sub: index, ...(accent === undefined ? {} : { accent }) });
const Σ = (index: Sym, lo: Expr | null, hi: Expr | null, body: Expr): Expr => bigop('sum', index, lo, hi, body);
const Π = (index: Sym, lo: Expr | null, hi: Expr | null, body: Expr): Expr => bigop('prod', index, lo, hi, body);
const exp = (e: Expr): Expr => apply('exp', [e]);

const READINGS: readonly [string, Expr][] = [
  // the index and the range
  ['\\sum_{k=1}^{K} e^{z_k}', Σ(k, ONE, K, exp(at('z', 'k')))],
  ['\\sum^{K}_{k=1} e^{z_k}', Σ(k, ONE, K, exp(at('z', 'k')))],
  ['\\sum_k e^{z_k}', Σ(k, null, null, exp(at('z', 'k')))],
  ['\\sum_{k} e^{z_k}', Σ(k, null, null, exp(at('z', 'k')))],
  ['\\sum_{k=0}^{K-1} x_k', Σ(k, num(0), sub(K, ONE), at('x', 'k'))],
  ['\\sum_{k=1} x_k', Σ(k, ONE, null, at('x', 'k'))],
  ['\\sum\\limits_{k=1}^{K} x_k', Σ(k, ONE, K, at('x', 'k'))],
  ['∑_k x_k', Σ(k, null, null, at('x', 'k'))],
  ['\\sum_{i} y_i \\log p_i', Σ(i, null, null, mul(at('y', 'i'), apply('ln', [at('p', 'i')])))],
  ['\\frac{1}{n}\\sum_{i=1}^{n} x_i', mul(Σ(i, ONE, n, at('x', 'i')), recip(n))],
  ['\\sum_j \\delta_{ij} p_j', Σ(j, null, null, mul(apply('kronecker', [i, j]), at('p', 'j')))],
  // two indices, nested
  ['\\sum_{i=1}^{n}\\sum_{j=1}^{m} W_{ij}', Σ(i, ONE, n, Σ(j, ONE, m, at('W', 'ij')))],
  ['\\sum_{i,j} W_{ij}', Σ(i, null, null, Σ(j, null, null, at('W', 'ij')))],
  ['\\sum_{i,j=1}^{n} W_{ij}', Σ(i, ONE, n, Σ(j, ONE, n, at('W', 'ij')))],
  // products, largest and smallest terms
  ['\\prod_{i=1}^{n} x_i', Π(i, ONE, n, at('x', 'i'))],
  ['\\prod_i \\sigma(z_i)', Π(i, null, null, apply('sigmoid', [at('z', 'i')]))],
  ['\\max_k z_k', bigop('max', k, null, null, at('z', 'k'))],
  ['\\min_{j} x_j', bigop('min', j, null, null, at('x', 'j'))],
  // written out with dots: the pattern after the dots, from 1
  ['x_1 + x_2 + \\cdots + x_n', Σ(i, ONE, n, at('x', 'i'))],
  ['x_1 + x_2 + \\dots + x_n', Σ(i, ONE, n, at('x', 'i'))],
  ['x_1 + \\ldots + x_n', Σ(i, ONE, n, at('x', 'i'))],
  ['x_1 + \\cdots + x_n + b', add(Σ(i, ONE, n, at('x', 'i')), b)],
  ['(\\hat{y}_1 - y_1)^2 + (\\hat{y}_2 - y_2)^2 + \\cdots + (\\hat{y}_n - y_n)^2', Σ(i, ONE, n, pow(sub(at('y', 'i', 'hat'), at('y', 'i')), TWO))],
  // how far a sum reaches: the rest of its term, products written or not, up to + or −
  ['\\sum_k x_k y_k', Σ(k, null, null, mul(at('x', 'k'), at('y', 'k')))],
  ['\\sum_k x_k \\cdot y_k', Σ(k, null, null, mul(at('x', 'k'), at('y', 'k')))],
  ['\\sum_k x_k \\times y_k', Σ(k, null, null, mul(at('x', 'k'), at('y', 'k')))],
  ['\\sum_k x_k / n', Σ(k, null, null, mul(at('x', 'k'), recip(n)))],
  ['\\sum_k \\frac{x_k}{n}', Σ(k, null, null, mul(at('x', 'k'), recip(n)))],
  ['\\sum_k x_k \\sum_j y_j', Σ(k, null, null, mul(at('x', 'k'), Σ(j, null, null, at('y', 'j'))))],
  ['a \\cdot \\sum_k x_k \\cdot b_k', mul(a, Σ(k, null, null, mul(at('x', 'k'), at('b', 'k'))))],
  ['\\sum_k x_k + 1', add(Σ(k, null, null, at('x', 'k')), ONE)],
  ['\\sum_k x_k - y', add(Σ(k, null, null, at('x', 'k')), neg(y))],
  ['\\sum_k (x_k + 1)', Σ(k, null, null, add(at('x', 'k'), ONE))],
  ['2\\sum_k x_k', mul(TWO, Σ(k, null, null, at('x', 'k')))],
  ['\\sum_k y_k = 1', rel(['='], [Σ(k, null, null, at('y', 'k')), ONE])],
  // every term but one: the sum less that term
  ['\\sum_{k \\neq j} x_k', add(Σ(k, null, null, at('x', 'k')), neg(at('x', 'j')))],
  ['\\sum_{k \\ne 1} x_k y_k', add(Σ(k, null, null, mul(at('x', 'k'), at('y', 'k'))), neg(mul(at('x', '1'), at('y', '1'))))],
];

describe('sums and products: what each form lowers to', () => {
  it.each(READINGS)('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });
});

describe('a sum prints so that it reads back as the same node', () => {
  it.each(READINGS)('%s', (input) => {
    expect(input).toReadBack();
  });
});

describe('malformed sums are positioned errors', () => {
  it.each([
    ['\\sum_{} x_k', 1, 1, 'bad-sum'],
    ['\\sum^{n} x_i', 1, 1, 'bad-sum'],
    ['\\sum x_k', 1, 1, 'bad-sum'],
    ['\\prod_{k \\neq j} x_k', 1, 10, 'bad-sum'],
    ['\\sum_{k<n} x_k', 1, 8, 'bad-sum'],
    ['\\sum', 1, 1, 'operator-without-operand'],
    ['\\sum_{k=1}^{K}', 1, 1, 'operator-without-operand'],
    ['1 + \\sum_k', 1, 5, 'operator-without-operand'],
    ['\\sum_k x_k = \\sum_j', 1, 14, 'operator-without-operand'],
    ['x_1 + x_2 + \\cdots', 1, 1, 'bad-ellipsis'],
    ['x_1 + x_2 + \\cdots + y_n', 1, 1, 'bad-ellipsis'],
    ['x_1 \\cdot x_2 \\cdots x_n', 1, 11, 'bad-ellipsis'], // at the run with the dots
    ['\\sum_e x', 1, 6, 'bad-sum'],
    ['x_1 x_2 \\cdots x_n', 1, 1, 'bad-ellipsis'],
  ] as const)('%s fails at %i:%i (%s)', (input, line, column, code) => {
    expect(input).toFailToParseAt(line, column, code);
  });

  it('names what a sum needs', () => {
    const r = parse('\\sum^{n} x_i');
    expect(!r.ok && r.error.message).toBe('\\sum needs its index written under it: \\sum_{k=1}^{K}');
  });
});
