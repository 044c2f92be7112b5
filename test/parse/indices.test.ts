/**
 * Indexed and decorated names, vector operations and derivatives by such names, as the parser
 * reads the notation of ML notes: the node each form lowers to, and the printing that reads
 * back as the same node.
 */
import { describe, expect, it } from 'vitest';
import { TWO, apply, deriv, mul, num, pow, sym, type Expr, type Sym } from '../../src/core/expr.js';
import '../helpers/matchers.js';

type Deco = Parameters<typeof sym>[1];
const s = (name: string, deco: Deco = {}): Sym => sym(name, deco);
const [i, j, k, L, T, W, x, z] = ['i', 'j', 'k', 'L', 'T', 'W', 'x', 'z'].map((n) => sym(n)) as [Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym];
const bold = (name: string): Sym => sym(name, { accent: 'mathbf' });

const READINGS: readonly [string, Expr][] = [
  // indices: a subscript names an entry
  ['z_i', s('z', { sub: 'i' })],
  ['W_{ij}', s('W', { sub: 'ij' })],
  ['W_{i,j}', s('W', { sub: 'i,j' })],
  ['w_{jk}', s('w', { sub: 'jk' })],
  // layers and examples: superscripts that are indices, never powers
  ['z^{[2]}', s('z', { layer: '2' })],
  ['W^{[l]}', s('W', { layer: 'l' })],
  ['x^{(i)}', s('x', { layer: '(i)' })],
  ['a_j^{(l)}', s('a', { sub: 'j', layer: '(l)' })],
  ['a^{(l)}_j', s('a', { sub: 'j', layer: '(l)' })],
  ['z_j^{l}', s('z', { sub: 'j', layer: '{l}' })],
  ['w_{jk}^{l}', s('w', { sub: 'jk', layer: '{l}' })],
  ['a_k^{l-1}', s('a', { sub: 'k', layer: '{l-1}' })],
  ['\\delta_j^{L}', s('delta', { sub: 'j', layer: '{L}' })],
  ['\\delta^{(l)}', s('delta', { layer: '(l)' })],
  // …but without a subscript, l is an exponent like any other
  ['z^{l}', pow(z, s('l'))],
  ['x^L', pow(x, L)],
  // the Kronecker delta takes two indices; with one it is a name (δ_j in backprop)
  ['\\delta_{ij}', apply('kronecker', [i, j])],
  ['\\delta_{k,j}', apply('kronecker', [k, j])],
  ['\\delta_{2j}', apply('kronecker', [num(2), j])],
  ['\\delta_j', s('delta', { sub: 'j' })],
  // decorated names
  ['\\mathbf{z}', bold('z')],
  ['\\mathbf z', bold('z')],
  ['\\boldsymbol{\\delta}', s('delta', { accent: 'boldsymbol' })],
  ['\\vec{x}', s('x', { accent: 'vec' })],
  ['\\hat{y}_i', s('y', { sub: 'i', accent: 'hat' })],
  ['\\bar{x}', s('x', { accent: 'bar' })],
  ['\\mathbf{W}^{[2]}', s('W', { layer: '2', accent: 'mathbf' })],
  ['\\mathbf{0}', s('0', { accent: 'mathbf' })],
  ['\\mathbf{1}', s('1', { accent: 'mathbf' })],
  // transposes: \top is the transpose; a letter T is left to the checker, which reads it on a vector or matrix
  ['W^\\top', apply('transpose', [W])],
  ['W^{\\top}', apply('transpose', [W])],
  ['\\mathbf{x}^\\intercal', apply('transpose', [bold('x')])],
  ['(W^{(l+1)})^\\top', apply('transpose', [s('W', { layer: '(l+1)' })])],
  ['W^T', pow(W, T)],
  ['\\mathbf{x}^{\\mathsf{T}}', pow(bold('x'), T)],
  // components of a vector-valued function
  ['f(\\mathbf z)_i', apply('component', [apply(s('f'), [bold('z')]), i])],
  ['\\operatorname{softmax}(\\mathbf{z})_i', apply('component', [apply('softmax', [bold('z')]), i])],
  ['\\text{softmax}(\\mathbf{z})_j', apply('component', [apply('softmax', [bold('z')]), j])],
  // vector operations
  ['\\mathbf{a} \\odot \\mathbf{b}', apply('hadamard', [bold('a'), bold('b')])],
  ['\\mathbf{u} \\otimes \\mathbf{v}', apply('outer', [bold('u'), bold('v')])],
  ['\\|\\mathbf{x}\\|', apply('norm', [bold('x')])],
  ['\\|\\mathbf{x}\\|^2', pow(apply('norm', [bold('x')]), TWO)],
  ['\\left\\| \\mathbf{x} \\right\\|', apply('norm', [bold('x')])],
  ['\\lVert \\mathbf{x} \\rVert', apply('norm', [bold('x')])],
  ['\\operatorname{diag}(\\mathbf{p})', apply('diag', [bold('p')])],
  ['W \\mathbf{x}', mul(W, bold('x'))],
  // derivatives with respect to any name
  ['\\nabla_{\\mathbf w} L', deriv(L, [bold('w')], true)],
  ['\\nabla_{\\theta} J', deriv(s('J'), [s('theta')], true)],
  ['\\frac{\\partial L}{\\partial W^{[2]}}', deriv(L, [s('W', { layer: '2' })], true)],
  ['\\frac{\\partial E}{\\partial net_{o1}}', deriv(s('E'), [s('net', { sub: 'o1' })], true)],
  ['\\frac{\\partial z_j^{(l)}}{\\partial w_{jk}^{(l)}}', deriv(s('z', { sub: 'j', layer: '(l)' }), [s('w', { sub: 'jk', layer: '(l)' })], true)],
  ['\\frac{\\partial p_i}{\\partial z_j}', deriv(s('p', { sub: 'i' }), [s('z', { sub: 'j' })], true)],
  ['\\frac{\\mathrm{d}y}{\\mathrm{d}x}', deriv(s('y'), [x], false)],
  ['\\frac{\\partial L}{\\partial \\mathbf{w}}', deriv(L, [bold('w')], true)],
];

describe('indexed and decorated names: what each form lowers to', () => {
  it.each(READINGS)('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });
});

describe('indexed and decorated names print so that they read back as the same node', () => {
  it.each(READINGS)('%s', (input) => {
    expect(input).toReadBack();
  });
});
