/**
 * What `deriv derive` can start from, as data: the forms a function may be written in before
 * differentiating (`--from`), and the small models whose gradients the chain rule gives
 * (`bce-sigmoid`). Catalogue entries themselves come from src/catalog.
 */
import type { FnName } from '../core/functions.js';

/**
 * Forms of a function's definition, first the default. Templates are LaTeX over `u`, like the
 * function table's. A function not listed starts from the table's definition (`definition`).
 */
export const FORMS: Partial<Record<FnName, readonly { readonly id: string; readonly template: string }[]>> = {
  // The quotient of sinh and cosh is the shortest route; the exponential form is the classic one.
  tanh: [
    { id: 'sinh-cosh', template: '\\frac{\\sinh u}{\\cosh u}' },
    { id: 'exp', template: '\\frac{e^{u}-e^{-u}}{e^{u}+e^{-u}}' },
  ],
  sigmoid: [{ id: 'exp', template: '\\left(1+e^{-u}\\right)^{-1}' }],
  softplus: [{ id: 'exp', template: '\\ln\\left(1+e^{u}\\right)' }],
  swish: [
    { id: 'definition', template: 'u\\sigma(u)' },
    { id: 'exp', template: '\\frac{u}{1+e^{-u}}' },
  ],
};

export const DEFAULT_FORM = 'definition';

/** A model: symbols defined one from the next, ending in the quantity differentiated. */
export interface ModelSpec {
  readonly id: string;
  readonly name: string;
  /** Definitions in reading order (each may use the ones before it), LaTeX. */
  readonly givens: readonly { readonly symbol: string; readonly latex: string }[];
  /** The symbol differentiated (the last given). */
  readonly target: string;
  readonly wrt: string;
  readonly intro: string | null;
  /** Equations the derivation rests on (`\sum_{k=1}^{K} y_k = 1`). */
  readonly assume?: readonly string[];
}

const LINEAR = 'w_1x_1+w_2x_2+b';
const NEURON = 'A neuron with two inputs computes a weighted sum $z$ and an activation $a$, scored by a loss $L$.';

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'bce-sigmoid', name: 'binary cross-entropy after a sigmoid', target: 'L', wrt: 'w_1', intro: NEURON,
    givens: [
      { symbol: 'z', latex: LINEAR },
      { symbol: 'a', latex: '\\sigma(z)' },
      { symbol: 'L', latex: '-\\left(y\\ln a+(1-y)\\ln(1-a)\\right)' },
    ],
  },
  {
    id: 'mse-sigmoid', name: 'squared error after a sigmoid', target: 'L', wrt: 'w_1', intro: NEURON,
    givens: [
      { symbol: 'z', latex: LINEAR },
      { symbol: 'a', latex: '\\sigma(z)' },
      { symbol: 'L', latex: '\\frac{1}{2}(a-y)^{2}' },
    ],
  },
  {
    id: 'mse-tanh', name: 'squared error after tanh', target: 'L', wrt: 'w_1', intro: NEURON,
    givens: [
      { symbol: 'z', latex: LINEAR },
      { symbol: 'a', latex: '\\tanh z' },
      { symbol: 'L', latex: '\\frac{1}{2}(a-y)^{2}' },
    ],
  },
];
