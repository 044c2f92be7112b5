/**
 * The activation and loss catalogue, as data. An entry that is a function of the table names
 * it (`fn`) and takes its names, definition, self-form derivative, kinks and range from there,
 * so each fact has one home; the entry adds the derivative in input form (no reference to the
 * function itself), which the tests check against the self-form numerically. Entries that are
 * formulas rather than named functions (identity aside, the losses) carry everything here.
 */
import type { FnName } from '../core/functions.js';

export interface CatalogueSpec {
  readonly id: string;
  readonly name: string;
  readonly kind: 'activation' | 'loss';
  /** The function of the table this entry is. */
  readonly fn?: FnName;
  /** The variable the derivative is taken by (LaTeX). */
  readonly variable: string;
  /** Definition in input form (LaTeX), for entries without `fn`. */
  readonly definition?: string;
  /** Derivative written through the function itself (or in the textbook's names), for entries without `fn`. */
  readonly self?: string;
  /** Derivative in input form: exponentials and elementary functions only. */
  readonly input: string;
  readonly kinks?: readonly string[];
  readonly range?: string;
  /**
   * The definition as mathjs reads it, and the variable in mathjs's spelling: an independent
   * oracle for tests and benchmarks. Absent where mathjs cannot differentiate (piecewise, erf).
   */
  readonly mathjs?: readonly [expression: string, variable: string];
  /** Other symbols the formulas use, and what they stand for. */
  readonly note?: string;
}

/** The argument of tanh in the GELU approximation, t = √(2/π)(z + 0.044715 z³). */
const T = '{\\sqrt{\\frac{2}{\\pi}}\\left(z+0.044715z^{3}\\right)}';

export const CATALOGUE: readonly CatalogueSpec[] = [
  { id: 'step', name: 'binary step', kind: 'activation', fn: 'step', variable: 'z', input: '\\begin{cases}0 & z\\neq 0\\end{cases}' },
  { id: 'identity', name: 'identity (linear)', kind: 'activation', fn: 'identity', variable: 'z', input: '1', mathjs: ['z', 'z'] },
  { id: 'sigmoid', name: 'sigmoid (logistic)', kind: 'activation', fn: 'sigmoid', variable: 'z', input: '\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^{2}}', mathjs: ['1/(1+exp(-z))', 'z'] },
  { id: 'tanh', name: 'tanh', kind: 'activation', fn: 'tanh', variable: 'z', input: '\\frac{4}{\\left(e^{z}+e^{-z}\\right)^{2}}', mathjs: ['(exp(z)-exp(-z))/(exp(z)+exp(-z))', 'z'] },
  { id: 'relu', name: 'ReLU', kind: 'activation', fn: 'relu', variable: 'z', input: '\\begin{cases}1 & z>0 \\\\ 0 & z<0\\end{cases}' },
  { id: 'leakyrelu', name: 'leaky ReLU', kind: 'activation', fn: 'leakyrelu', variable: 'z', input: '\\begin{cases}1 & z>0 \\\\ 0.01 & z<0\\end{cases}', note: 'slope 0.01 unless given: \\operatorname{LeakyReLU}(z, s)' },
  { id: 'prelu', name: 'PReLU', kind: 'activation', fn: 'prelu', variable: 'z', input: '\\begin{cases}1 & z>0 \\\\ \\alpha & z<0\\end{cases}', note: '\\alpha is learned' },
  { id: 'elu', name: 'ELU', kind: 'activation', fn: 'elu', variable: 'z', input: '\\begin{cases}1 & z>0 \\\\ \\alpha e^{z} & z<0\\end{cases}', note: 'differentiable at 0 only when \\alpha = 1' },
  { id: 'selu', name: 'SELU', kind: 'activation', fn: 'selu', variable: 'z', input: '\\begin{cases}1.0507009873554805 & z>0 \\\\ 1.7580993408473766e^{z} & z<0\\end{cases}', note: '\\lambda = 1.0507009873554805, \\alpha = 1.6732632423543772' },
  { id: 'softplus', name: 'softplus', kind: 'activation', fn: 'softplus', variable: 'z', input: '\\frac{1}{1+e^{-z}}', mathjs: ['log(1+exp(z))', 'z'] },
  { id: 'softsign', name: 'softsign', kind: 'activation', fn: 'softsign', variable: 'z', input: '\\frac{1}{\\left(1+\\left|z\\right|\\right)^{2}}', mathjs: ['z/(1+abs(z))', 'z'] },
  { id: 'swish', name: 'swish / SiLU', kind: 'activation', fn: 'swish', variable: 'z', input: '\\frac{1}{1+e^{-z}}+\\frac{z e^{-z}}{\\left(1+e^{-z}\\right)^{2}}', mathjs: ['z/(1+exp(-z))', 'z'] },
  { id: 'gelu', name: 'GELU (erf)', kind: 'activation', fn: 'gelu', variable: 'z', input: '\\frac{1}{2}\\left(1+\\operatorname{erf}\\left(\\frac{z}{\\sqrt{2}}\\right)\\right)+\\frac{z e^{-\\frac{z^{2}}{2}}}{\\sqrt{2\\pi}}' },
  {
    id: 'gelutanh', name: 'GELU (tanh approximation)', kind: 'activation', fn: 'gelutanh', variable: 'z',
    input: `\\frac{1}{2}\\left(1+\\frac{e^{${T}}-e^{-${T}}}{e^{${T}}+e^{-${T}}}\\right)+\\frac{2z}{\\left(e^{${T}}+e^{-${T}}\\right)^{2}}\\sqrt{\\frac{2}{\\pi}}\\left(1+0.134145z^{2}\\right)`,
    mathjs: ['0.5*z*(1+tanh(sqrt(2/pi)*(z+0.044715*z^3)))', 'z'],
  },
  { id: 'mish', name: 'mish', kind: 'activation', fn: 'mish', variable: 'z', input: '\\frac{\\left(1+e^{z}\\right)^{2}-1}{\\left(1+e^{z}\\right)^{2}+1}+\\frac{4z e^{z}\\left(1+e^{z}\\right)}{\\left(\\left(1+e^{z}\\right)^{2}+1\\right)^{2}}', mathjs: ['z*tanh(log(1+exp(z)))', 'z'] },
  { id: 'hardsigmoid', name: 'hard sigmoid', kind: 'activation', fn: 'hardsigmoid', variable: 'z', input: '\\begin{cases}0 & z<-3 \\\\ \\frac{1}{6} & -3<z<3 \\\\ 0 & z>3\\end{cases}' },
  { id: 'hardtanh', name: 'hard tanh', kind: 'activation', fn: 'hardtanh', variable: 'z', input: '\\begin{cases}0 & z<-1 \\\\ 1 & -1<z<1 \\\\ 0 & z>1\\end{cases}' },
  {
    id: 'bce', name: 'binary cross-entropy', kind: 'loss', variable: 'a',
    definition: '-\\left(y\\ln a+(1-y)\\ln(1-a)\\right)', self: '\\frac{a-y}{a(1-a)}', input: '-\\frac{y}{a}+\\frac{1-y}{1-a}',
    range: '[0, \\infty)', note: 'a \\in (0, 1) the prediction, y \\in [0, 1] the target',
    mathjs: ['-(y*log(a)+(1-y)*log(1-a))', 'a'],
  },
  {
    id: 'mse', name: 'mean squared error (one output)', kind: 'loss', variable: 'a',
    definition: '\\frac{1}{2}(a-y)^{2}', self: 'a-y', input: 'a-y',
    range: '[0, \\infty)', note: 'the \\frac{1}{2} convention, so the derivative is a-y',
    mathjs: ['0.5*(a-y)^2', 'a'],
  },
  {
    id: 'softmax-ce', name: 'softmax cross-entropy (two classes)', kind: 'loss', variable: 'z_1',
    definition: '-\\left(y\\ln\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}+(1-y)\\ln\\frac{e^{z_2}}{e^{z_1}+e^{z_2}}\\right)',
    self: '\\sigma(z_1-z_2)-y', input: '\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}-y',
    range: '[0, \\infty)', note: 'logits z_1, z_2; y = 1 for class 1',
    mathjs: ['-(y*log(exp(z1)/(exp(z1)+exp(z2)))+(1-y)*log(exp(z2)/(exp(z1)+exp(z2))))', 'z1'],
  },
];
