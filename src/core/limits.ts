/**
 * Limits every stage shares, so that the parser, the differentiator and the command line refuse
 * the same inputs with the same number.
 */

/**
 * The highest derivative order read or worked out (`\frac{d^{n}}{dx^{n}}`, n primes, `--order n`).
 * Far above any textbook's; the size of a derivative can double with each order, so without a
 * bound `\partial z^{10000000}` runs for minutes and `z^{1e308}` never ends.
 */
export const MAX_DERIVATIVE_ORDER = 20;

/**
 * The most entries a run written with dots is written out to (`x_1, \dots, x_{1000}`). Each entry
 * becomes terms of the step checked entry by entry; a longer run is left unworked (`unknown`).
 */
export const MAX_RUN_ENTRIES = 1000;
