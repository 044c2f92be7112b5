/**
 * The activation and loss catalogue, as data. An entry that is a function of the table names
 * it (`fn`) and takes its names, definition, self-form derivative, kinks and range from there,
 * so each fact has one home; the entry adds the derivative in input form (no reference to the
 * function itself), which the tests check against the self-form numerically. Entries that are
 * formulas rather than named functions (identity aside, the losses) carry everything here.
 *
 * A function of a whole vector is taken entry by entry: its variable is one entry (`z_j`), its
 * value one entry too (`\operatorname{softmax}(\mathbf{z})_i`), sums run over K entries, and
 * its derivative is the (i, j) entry of the Jacobian, with the Kronecker delta δ_{ij}.
 */
import type { FnName } from '../core/functions.js';

export interface CatalogueSpec {
  readonly id: string;
  readonly name: string;
  readonly kind: 'activation' | 'loss';
  /** The function of the table this entry is. */
  readonly fn?: FnName;
  /** The variable the derivative is taken by (LaTeX): `z`, or an entry `z_j` for a function of a whole vector. */
  readonly variable: string;
  /** The entry as a reader writes its value, when that is not `f(variable)`: `\operatorname{softmax}(\mathbf{z})_i`. */
  readonly call?: string;
  /** The name a derivation gives the value (`p_i` for the softmax; a loss is `L`). */
  readonly symbol?: string;
  /** Names the formula uses and their definitions (`p_i = …` defines every p_k), in reading order. */
  readonly givens?: readonly string[];
  /** Equations the derivative's textbook form rests on (`\sum_{k=1}^{K} y_k = 1`: the targets sum to 1). */
  readonly assume?: readonly string[];
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

/** Σ_k e^{z_k} over K classes, the denominator of the softmax. */
const SUM_EXP = '\\sum_{k=1}^{K} e^{z_k}';

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
  { id: 'relu6', name: 'ReLU6', kind: 'activation', fn: 'relu6', variable: 'z', input: '\\begin{cases}0 & z<0 \\\\ 1 & 0<z<6 \\\\ 0 & z>6\\end{cases}' },
  { id: 'hardswish', name: 'hard swish', kind: 'activation', fn: 'hardswish', variable: 'z', input: '\\begin{cases}0 & z<-3 \\\\ \\frac{2z+3}{6} & -3<z<3 \\\\ 1 & z>3\\end{cases}' },
  { id: 'celu', name: 'CELU', kind: 'activation', fn: 'celu', variable: 'z', input: '\\begin{cases}1 & z\\ge 0 \\\\ e^{\\frac{z}{\\alpha}} & z<0\\end{cases}', note: '\\alpha > 0; differentiable everywhere' },
  { id: 'logsigmoid', name: 'log-sigmoid', kind: 'activation', fn: 'logsigmoid', variable: 'z', input: '\\frac{e^{-z}}{1+e^{-z}}', mathjs: ['log(1/(1+exp(-z)))', 'z'] },
  {
    id: 'softmax', name: 'softmax', kind: 'activation', fn: 'softmax', variable: 'z_j', call: '\\operatorname{softmax}(\\mathbf{z})_i', symbol: 'p_i',
    definition: `\\frac{e^{z_i}}{${SUM_EXP}}`, input: `\\frac{e^{z_i}}{${SUM_EXP}}\\left(\\delta_{ij}-\\frac{e^{z_j}}{${SUM_EXP}}\\right)`,
    note: 'entry (i, j) of the Jacobian; \\delta_{ij} is 1 when i = j and 0 otherwise',
  },
  {
    id: 'logsoftmax', name: 'log-softmax', kind: 'activation', variable: 'z_j', call: '\\ln\\operatorname{softmax}(\\mathbf{z})_i',
    symbol: '\\ell_i', givens: [`p_i = \\frac{e^{z_i}}{${SUM_EXP}}`],
    definition: `z_i-\\ln${SUM_EXP}`, self: '\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j', input: `\\delta_{ij}-\\frac{e^{z_j}}{${SUM_EXP}}`,
    range: '(-\\infty, 0)',
  },
  {
    id: 'softmin', name: 'softmin', kind: 'activation', variable: 'z_j', call: '\\operatorname{softmax}(-\\mathbf{z})_i', symbol: 's_i',
    definition: '\\frac{e^{-z_i}}{\\sum_{k=1}^{K} e^{-z_k}}',
    self: '-\\operatorname{softmax}(-\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(-\\mathbf{z})_j\\right)',
    input: '-\\frac{e^{-z_i}}{\\sum_{k=1}^{K} e^{-z_k}}\\left(\\delta_{ij}-\\frac{e^{-z_j}}{\\sum_{k=1}^{K} e^{-z_k}}\\right)',
    range: '(0, 1)', note: 'the softmax of -\\mathbf{z}',
  },
  {
    id: 'logsumexp', name: 'log-sum-exp', kind: 'activation', fn: 'logsumexp', variable: 'z_j', call: '\\operatorname{LSE}(\\mathbf{z})',
    givens: [`p_i = \\frac{e^{z_i}}{${SUM_EXP}}`],
    definition: `\\ln${SUM_EXP}`, input: `\\frac{e^{z_j}}{${SUM_EXP}}`,
  },
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
    id: 'bce-logits', name: 'binary cross-entropy with logits', kind: 'loss', variable: 'z',
    definition: '-\\left(y\\ln\\sigma(z)+(1-y)\\ln\\left(1-\\sigma(z)\\right)\\right)', self: '\\sigma(z)-y', input: '\\frac{1}{1+e^{-z}}-y',
    range: '[0, \\infty)', note: 'z the logit, y \\in [0, 1] the target',
    mathjs: ['-(y*log(1/(1+exp(-z)))+(1-y)*log(1-1/(1+exp(-z))))', 'z'],
  },
  {
    id: 'ce', name: 'cross-entropy (K classes, probabilities)', kind: 'loss', variable: 'p_j',
    definition: '-\\sum_{k=1}^{K} y_k\\ln p_k', self: '-\\frac{y_j}{p_j}', input: '-\\frac{y_j}{p_j}',
    range: '[0, \\infty)', note: 'p_k the predicted probabilities, y_k the target',
  },
  {
    id: 'softmax-ce', name: 'cross-entropy (K classes, logits)', kind: 'loss', variable: 'z_j',
    givens: [`p_i = \\frac{e^{z_i}}{${SUM_EXP}}`], assume: ['\\sum_{k=1}^{K} y_k = 1'],
    definition: '-\\sum_{k=1}^{K} y_k\\ln p_k', self: 'p_j-y_j', input: `\\frac{e^{z_j}}{${SUM_EXP}}-y_j`,
    range: '[0, \\infty)', note: 'p = \\operatorname{softmax}(\\mathbf{z}); the targets sum to 1 (one-hot or a probability vector)',
  },
  {
    id: 'nll', name: 'negative log-likelihood', kind: 'loss', variable: 'x_j',
    definition: '-x_c', self: '-\\delta_{cj}', input: '-\\delta_{cj}',
    range: '[0, \\infty)', note: 'x_k the log-probabilities (a log-softmax), c the target class',
  },
  {
    id: 'kl', name: 'KL divergence', kind: 'loss', variable: 'p_j',
    definition: '\\sum_{k=1}^{K} y_k\\ln\\frac{y_k}{p_k}', self: '-\\frac{y_j}{p_j}', input: '-\\frac{y_j}{p_j}',
    range: '[0, \\infty)', note: 'D_{KL}(\\mathbf{y} \\| \\mathbf{p}): y the target distribution, p the prediction',
  },
  {
    id: 'huber', name: 'Huber', kind: 'loss', variable: 'r',
    definition: '\\begin{cases}\\frac{1}{2}r^{2} & |r|\\le\\delta \\\\ \\delta\\left(|r|-\\frac{1}{2}\\delta\\right) & |r|>\\delta\\end{cases}',
    self: '\\begin{cases}r & |r|\\le\\delta \\\\ \\delta\\operatorname{sgn}(r) & |r|>\\delta\\end{cases}',
    input: '\\begin{cases}r & |r|\\le\\delta \\\\ \\delta\\frac{r}{|r|} & |r|>\\delta\\end{cases}',
    range: '[0, \\infty)', note: 'r = a - y the residual, \\delta > 0 where the square turns linear; differentiable everywhere',
  },
  {
    id: 'l1', name: 'L1 (absolute error)', kind: 'loss', variable: 'a',
    definition: '|a-y|', self: '\\operatorname{sgn}(a-y)', input: '\\frac{a-y}{|a-y|}', kinks: ['a = y'],
    range: '[0, \\infty)', note: 'a the prediction, y the target',
  },
  {
    id: 'softmax-ce-2', name: 'softmax cross-entropy (two classes)', kind: 'loss', variable: 'z_1',
    definition: '-\\left(y\\ln\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}+(1-y)\\ln\\frac{e^{z_2}}{e^{z_1}+e^{z_2}}\\right)',
    self: '\\sigma(z_1-z_2)-y', input: '\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}-y',
    range: '[0, \\infty)', note: 'logits z_1, z_2; y = 1 for class 1',
    mathjs: ['-(y*log(exp(z1)/(exp(z1)+exp(z2)))+(1-y)*log(exp(z2)/(exp(z1)+exp(z2))))', 'z1'],
  },
];
