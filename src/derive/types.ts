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
}
