/**
 * Functions of a whole vector and families of entries, by one entry: softmax and LSE through the
 * table's entry templates, a definition given for a whole family (`p_i = …`), and the index a
 * sum binds kept apart from the variable's. Expected forms are the textbooks' (the softmax
 * Jacobian p_i(δ_ij − p_j), ∂LSE/∂z_j = p_j), written by hand.
 */
import { describe, expect, it } from 'vitest';
import { sym, type Expr, type Sym } from '../../src/core/expr.js';
import { differentiate, foldDefinitions, recognisedDefinitions } from '../../src/diff/index.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { recognise, simplify } from '../../src/simplify/index.js';

const SOFTMAX = '\\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}';
const zj = sym('z', { sub: 'j' });

/** What `deriv diff` prints: recognised, differentiated, written in the given names, simplified. */
function textbook(latex: string, wrt: Sym, lets: Readonly<Record<string, string>> = {}, assume: readonly string[] = []): string {
  const defs = new Map(Object.entries(lets).map(([s, v]) => [parseOrThrow(s) as Sym, parseOrThrow(v)] as const));
  const options = { defs, recognise, trace: false };
  const names = recognisedDefinitions(options) ?? defs;
  const d = foldDefinitions(differentiate(parseOrThrow(latex), wrt, options).expr, names, wrt);
  return toLatex(foldDefinitions(simplify(d, { assumptions: assume.map((a) => parseOrThrow(a)) }).expr, names, wrt));
}

describe('a function of a whole vector by one of its entries', () => {
  it.each([
    ['\\operatorname{softmax}(\\mathbf{z})_i', '\\operatorname{softmax}(\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j\\right)'],
    ['\\operatorname{LSE}(\\mathbf{z})', '\\operatorname{softmax}(\\mathbf{z})_j'],
    // Written out, the softmax is read as the softmax, so it has the softmax's derivative.
    [SOFTMAX, '\\operatorname{softmax}(\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j\\right)'],
    ['\\ln\\sum_{k=1}^{K} e^{z_k}', '\\operatorname{softmax}(\\mathbf{z})_j'],
    // Log-softmax, written either way.
    [`\\ln${SOFTMAX}`, '\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j'],
    ['z_i-\\ln\\sum_{k=1}^{K} e^{z_k}', '\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j'],
    // Softmin is the softmax of −z: the chain rule brings out the −1.
    ['\\frac{e^{-z_i}}{\\sum_{k=1}^{K} e^{-z_k}}', '-\\operatorname{softmax}(-\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(-\\mathbf{z})_j\\right)'],
  ])('∂/∂z_j %s = %s', (input, expected) => {
    expect(textbook(input, zj)).toBe(expected);
  });

  it('at given entries the delta is worked out: ∂softmax_1/∂z_2 = −softmax_1 softmax_2', () => {
    expect(textbook('\\operatorname{softmax}(\\mathbf{z})_1', sym('z', { sub: '2' }))).toBe('-\\operatorname{softmax}(\\mathbf{z})_1\\operatorname{softmax}(\\mathbf{z})_2');
  });

  it('a sum written from 2 is not the softmax, and keeps its quotient', () => {
    expect(textbook('\\frac{e^{z_i}}{\\sum_{k=2}^{K} e^{z_k}}', zj)).not.toContain('softmax');
  });

  it('of a vector it cannot take apart (z + b) it stays a derivative; of another vector it is 0', () => {
    const d = differentiate(parseOrThrow('\\operatorname{softmax}(\\mathbf{z}+\\mathbf{b})_i'), zj);
    expect(toLatex(d.expr)).toBe('\\frac{\\partial}{\\partial z_j}\\left(\\operatorname{softmax}(\\mathbf{z}+\\mathbf{b})_i\\right)');
    expect(d.steps.map((s) => s.rule)).toEqual(['d-unevaluated']);
    expect(toLatex(differentiate(parseOrThrow('\\operatorname{softmax}(\\mathbf{a})_i'), zj).expr)).toBe('0');
    expect(toLatex(differentiate(parseOrThrow('\\operatorname{LSE}(\\mathbf{z})'), sym('z')).expr)).toBe('0');
  });

  it('without self-forms it goes through the definition: the quotient rule, no softmax', () => {
    const d = differentiate(parseOrThrow('\\operatorname{softmax}(\\mathbf{z})_i'), zj, { self: false }).expr;
    expect(toLatex(d)).not.toContain('softmax');
    expect(toLatex(d)).toContain('\\delta_{ij}');
  });
});

describe('a definition for a whole family of entries', () => {
  const P = { p_i: SOFTMAX };

  it('the softmax Jacobian in the given name: p_i(δ_ij − p_j)', () => {
    expect(textbook('p_i', zj, P)).toBe('p_i\\left(\\delta_{ij}-p_j\\right)');
  });

  it('log-softmax in the given name: δ_ij − p_j', () => {
    expect(textbook('\\ln p_i', zj, P)).toBe('\\delta_{ij}-p_j');
  });

  it('cross-entropy through the softmax: p_j − y_j when the targets sum to 1', () => {
    expect(textbook('-\\sum_{k=1}^{K} y_k \\ln p_k', zj, P, ['\\sum_{k} y_k = 1'])).toBe('p_j-y_j');
    // The assumption may name its index and range as it likes.
    expect(textbook('-\\sum_{k=1}^{K} y_k \\ln p_k', zj, P, ['\\sum_{i=1}^{K} y_i = 1'])).toBe('p_j-y_j');
  });

  it('and without the assumption the sum of the targets stays', () => {
    expect(textbook('-\\sum_{k=1}^{K} y_k \\ln p_k', zj, P)).toBe('p_j\\left(\\sum_{k=1}^{K} y_k\\right)-y_j');
  });

  it('an entry with a number is the family at that number', () => {
    expect(textbook('p_2', sym('z', { sub: '1' }), P)).toBe('-p_1 p_2');
  });
});

describe('the variable\'s index and a sum\'s index are different letters', () => {
  it('∂/∂p_k of Σ_k y_k ln p_k is y_k/p_k, not Σ_k y_k/p_k', () => {
    expect(textbook('\\sum_{k=1}^{K} y_k \\ln p_k', sym('p', { sub: 'k' }))).toBe('\\frac{y_k}{p_k}');
  });

  it('and the raw derivative renames the bound index before differentiating', () => {
    const d: Expr = differentiate(parseOrThrow('\\sum_{k=1}^{K} y_k \\ln p_k'), sym('p', { sub: 'k' })).expr;
    expect(toLatex(d)).toBe('\\sum_{m=1}^{K} \\frac{y_m \\delta_{mk}}{p_m}');
  });
});
