/**
 * Spelling of literals: the exact value of a decimal number, and the one canonical spelling of
 * a subscript or layer label, so that every way of writing a name gives the same symbol.
 */
import Fraction from 'fraction.js';
import { GREEK } from '../core/functions.js';

const GREEK_BY_CHAR: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(GREEK).map(([k, v]) => [v, k]));
const SCRIPT_DIGITS: Readonly<Record<string, string>> = Object.fromEntries([
  ...[...'₀₁₂₃₄₅₆₇₈₉'].map((c, i) => [c, String(i)]),
  ...[...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((c, i) => [c, `^${i}`]),
  ['−', '-'], ['–', '-'],
]);

/**
 * The canonical spelling of a subscript, layer label or declared name, so that every way of
 * writing it gives the same symbol: `_{i, j}` and `_{i,j}`, `_{ab}` and `_{a b}`, `_α` and
 * `_\alpha`, `x₁` and `x_1`, `u_{1}` and `u_1`. White space is dropped except after a command
 * that a letter follows (`\alpha i`); the contents of `\text{…}` are kept as written.
 */
export function canonicalScript(text: string): string {
  let s = '';
  for (const ch of text) {
    const g = GREEK_BY_CHAR[ch];
    s += g !== undefined ? `\\${g} ` : SCRIPT_DIGITS[ch] ?? ch;
  }
  return s.trim().split(/(\\(?:text|textrm|mathrm|operatorname|mbox)\s*\{[^{}]*\})/).map((part, i) => (i % 2 === 1 ? part
    : part.replace(/(\\[a-zA-Z]+)?\s+/g, (m: string, cmd: string | undefined, at: number, all: string) =>
      cmd === undefined ? '' : /[a-zA-Z]/.test(all[at + m.length] ?? '') ? `${cmd} ` : cmd)
      .replace(/([_^])\{([a-zA-Z0-9])\}/g, '$1$2'))).join('');
}

/** Largest decimal exponent read exactly (`1e400`); beyond it a number is an error, not a huge bigint. */
export const MAX_EXPONENT = 400;

/** The exact value of a decimal literal (`0.000045`, `1e-5`), or null when its exponent is out of range. */
export function parseDecimal(text: string): Fraction | null {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const frac = m[2] ?? '';
  let n = BigInt((m[1] ?? '') + frac || '0');
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[3] ?? 0);
  if (Math.abs(e) > MAX_EXPONENT) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  if (e < 0) d *= 10n ** BigInt(-e);
  return new Fraction(n, d);
}
