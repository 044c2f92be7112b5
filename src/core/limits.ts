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
