/**
 * The public API as a library user meets it: one import, the stages composed by hand.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, differentiate, parse, simplify, sym, toLatex } from '../src/index.js';

describe('the public API', () => {
  it('parses, differentiates, simplifies and prints, as the module comment shows', () => {
    const e = parse('\\frac{1}{1+e^{-z}}');
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(toLatex(simplify(differentiate(e.value, sym('z')).expr).expr)).toBe('\\sigma(z)\\left(1-\\sigma(z)\\right)');
  });

  it('returns a user mistake as a value with its position', () => {
    const r = parse('\\frac{1}{2+');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.line, r.error.column]).toEqual([1, 12]);
  });

  it('checks a derivation from a string', () => {
    const report = checkSource('$$\\frac{d}{dz}\\tanh(z) = 1 - \\tanh^2(z)$$\n', 'notes.md');
    expect(report.summary).toEqual({ valid: 1, invalid: 0, unknown: 0 });
  });
});
