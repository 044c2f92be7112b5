/** The shape of a generated derivation, shared by the generator and its printers. */
import type { Expr } from '../core/expr.js';
import type { Why } from './why.js';

/** One line `= …` of a derivation. */
export interface Row {
  /** The right-hand side as printed (it may group factors a tree would merge, like `\frac{1}{u}\cdot\frac{v}{u}`). */
  readonly latex: string;
  /** The same value as a tree, for the rows that follow. */
  readonly expr: Expr;
  readonly why: Why;
}

/** A symbol defined before the derivation starts (`z = w_1x_1 + w_2x_2 + b`). */
export interface Given {
  readonly symbol: string;
  readonly latex: string;
}

export interface Derivation {
  /** A heading in plain words with inline `$…$` math. */
  readonly title: string;
  /** Prose introducing the givens, or null. */
  readonly intro: string | null;
  readonly givens: readonly Given[];
  /** The left side of the first line (`\frac{d}{dz}\sigma(z)`). */
  readonly lhs: string;
  readonly rows: readonly Row[];
  /** Points where the derivative does not exist, as relations (`z = 0`). */
  readonly kinks: readonly string[];
  /** Equations the derivation rests on (`\sum_{k=1}^{K} y_k = 1`), LaTeX; they go in the derivation file's front matter. */
  readonly assume: readonly string[];
  /** The result read at each case of its Kronecker delta (i = j, i ≠ j), each a checked step of its own. */
  readonly cases: readonly IndexCase[];
}

/** `\frac{\partial p_i}{\partial z_i} = p_i(1 - p_i)` for i = j: the result with its delta worked out under a condition on the indices. */
export interface IndexCase {
  /** The condition, LaTeX (`i = j`, `i \neq j`). */
  readonly condition: string;
  /** The left side under the condition (`\frac{\partial p_i}{\partial z_i}`). */
  readonly lhs: string;
  readonly row: Row;
}
