/**
 * Canonical LaTeX: reads like a textbook, and reads back as the same node (the round trip over
 * random trees is in test/parse/roundtrip.property.test.ts; these are the specific choices).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  E, HALF, ONE, TWO, add, apply, deriv, div, mul, neg, note, num, piecewise, pow, recip, rel, sub, sym, type Expr, type Sym,
} from '../../src/core/expr.js';
import { CONVENTIONAL_FUNCTIONS } from '../../src/parse/lower.js';
import { parse } from '../../src/parse/index.js';
import { APPLIED_LETTERS, toLatex } from '../../src/print/latex.js';

const [a, x, y, z, L, f, g, d] = ['a', 'x', 'y', 'z', 'L', 'f', 'g', 'd'].map((n) => sym(n)) as [Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym];
const sigma = sym('sigma');
const σ = (e: Expr): Expr => apply('sigmoid', [e]);
const ln = (e: Expr): Expr => apply('ln', [e]);

/** The printing, after checking that it reads back as the same node. */
function latex(e: Expr): string {
  const s = toLatex(e);
  const r = parse(s);
  if (!r.ok || r.value !== e) throw new Error(`${s} does not read back as the same node`);
  return s;
}

describe('textbook forms', () => {
  it('sigmoid, tanh and BCE', () => {
    expect(latex(div(ONE, add(ONE, apply('exp', [neg(z)]))))).toMatchInlineSnapshot(`"\\frac{1}{1+e^{-z}}"`);
    expect(latex(mul(σ(z), sub(ONE, σ(z))))).toMatchInlineSnapshot(`"\\sigma(z)\\left(1-\\sigma(z)\\right)"`);
    expect(latex(sub(ONE, pow(apply('tanh', [z]), TWO)))).toMatchInlineSnapshot(`"1-\\tanh^2(z)"`);
    expect(latex(mul(sub(a, y), recip(a), recip(sub(ONE, a))))).toMatchInlineSnapshot(`"\\frac{a-y}{a\\left(1-a\\right)}"`);
    expect(latex(neg(add(mul(y, ln(a)), mul(sub(ONE, y), ln(sub(ONE, a))))))).toMatchInlineSnapshot(`"-\\left(y \\ln(a)+\\left(1-y\\right)\\ln(1-a)\\right)"`);
  });

  it('numbers: integers, fractions, exact decimals', () => {
    expect(latex(num(new Fraction(1, 4)))).toMatchInlineSnapshot(`"\\frac{1}{4}"`);
    expect(latex(num('0.000045', true))).toMatchInlineSnapshot(`"0.000045"`);
    expect(latex(mul(num('0.01', true), x))).toMatchInlineSnapshot(`"0.01x"`);
    expect(latex(mul(HALF, x))).toMatchInlineSnapshot(`"\\frac{x}{2}"`);
    expect(latex(div(num('0.5', true), x))).toMatchInlineSnapshot(`"\\frac{0.5}{x}"`);
    expect(latex(mul(num(-3), x))).toMatchInlineSnapshot(`"-3x"`);
  });

  it('symbols with decorations', () => {
    expect(latex(sym('W', { layer: '2' }))).toMatchInlineSnapshot(`"W^{[2]}"`);
    expect(latex(sym('omega', { layer: '1', sub: '2' }))).toMatchInlineSnapshot(`"\\omega^{[1]}_2"`);
    expect(latex(pow(sym('a', { layer: '1' }), TWO))).toMatchInlineSnapshot(`"\\left(a^{[1]}\\right)^2"`);
    expect(latex(sym('x', { sub: 'i,j' }))).toMatchInlineSnapshot(`"x_{i,j}"`);
    expect(latex(sym('y', { accent: 'hat' }))).toMatchInlineSnapshot(`"\\hat{y}"`);
    expect(latex(sym('lr'))).toMatchInlineSnapshot(`"\\mathrm{lr}"`);
    expect(latex(mul(sym('w', { sub: '1' }), sym('x', { sub: '1' })))).toMatchInlineSnapshot(`"w_1 x_1"`);
  });

  it('functions', () => {
    expect(latex(apply('log', [x, TWO]))).toMatchInlineSnapshot(`"\\log_2(x)"`);
    expect(latex(apply('log', [x, E]))).toMatchInlineSnapshot(`"\\log_e(x)"`);
    expect(latex(apply('abs', [sub(x, y)]))).toMatchInlineSnapshot(`"\\left|x-y\\right|"`);
    expect(latex(apply('max', [num(0), x]))).toMatchInlineSnapshot(`"\\max(0, x)"`);
    expect(latex(apply('leakyrelu', [x, num('0.01', true)]))).toMatchInlineSnapshot(`"\\operatorname{LeakyReLU}(x)"`);
    expect(latex(apply('leakyrelu', [x, num('0.2', true)]))).toMatchInlineSnapshot(`"\\operatorname{LeakyReLU}(x, 0.2)"`);
    expect(latex(apply('elu', [x, sym('alpha')]))).toMatchInlineSnapshot(`"\\operatorname{ELU}(x)"`);
    expect(latex(pow(x, HALF))).toMatchInlineSnapshot(`"\\sqrt{x}"`);
    expect(latex(pow(x, num(new Fraction(1, 3))))).toMatchInlineSnapshot(`"\\sqrt[3]{x}"`);
    expect(latex(apply('exp', [x]))).toMatchInlineSnapshot(`"e^x"`);
    expect(latex(apply('exp', [num(0)]))).toMatchInlineSnapshot(`"\\exp(0)"`);
    expect(latex(apply('transpose', [sym('theta')]))).toMatchInlineSnapshot(`"\\theta^\\top"`);
  });

  it('derivatives', () => {
    expect(latex(deriv(L, [a], true))).toMatchInlineSnapshot(`"\\frac{\\partial L}{\\partial a}"`);
    expect(latex(deriv(y, [x, x], false))).toMatchInlineSnapshot(`"\\frac{d^2y}{dx^2}"`);
    expect(latex(deriv(σ(z), [z], false))).toMatchInlineSnapshot(`"\\frac{d}{dz}\\left(\\sigma(z)\\right)"`);
    expect(latex(deriv(f, [y, x], true))).toMatchInlineSnapshot(`"\\frac{\\partial^2f}{\\partial x \\partial y}"`);
    expect(latex(mul(deriv(σ(z), [z], false), x))).toMatchInlineSnapshot(`"\\frac{d}{dz}\\left(\\sigma(z)\\right)\\cdot x"`);
    expect(latex(apply(g, [z], 1))).toMatchInlineSnapshot(`"g'(z)"`);
  });

  it('structure', () => {
    expect(latex(piecewise([{ value: x, cond: rel(['>'], [x, num(0)]) }, { value: num(0), cond: null }])))
      .toMatchInlineSnapshot(`"\\begin{cases}x & \\text{if } x>0 \\\\ 0 & \\text{otherwise}\\end{cases}"`);
    expect(latex(rel(['=', '≈'], [a, σ(TWO), num('0.88', true)]))).toMatchInlineSnapshot(`"a=\\sigma(2)\\approx0.88"`);
    expect(latex(rel(['≠'], [num(0), apply(f, [x])]))).toMatchInlineSnapshot(`"0\\neq f(x)"`);
    expect(latex(note('boxed', sub(a, y), ''))).toMatchInlineSnapshot(`"\\boxed{a-y}"`);
    expect(latex(note('underbrace', σ(z), 'a'))).toMatchInlineSnapshot(`"\\underbrace{\\sigma(z)}_{a}"`);
    expect(latex(pow(note('boxed', x, ''), TWO))).toMatchInlineSnapshot(`"\\left(\\boxed{x}\\right)^2"`);
    expect(latex(rel(['='], [a, note('text', y, 'chain rule')]))).toMatchInlineSnapshot(`"a=y\\quad\\text{chain rule}"`);
  });
});

describe('printings chosen so that they read back as the same node', () => {
  it('a product with a function letter puts \\cdot before its parentheses', () => {
    expect(latex(mul(f, add(x, ONE)))).toMatchInlineSnapshot(`"f\\cdot \\left(x+1\\right)"`);
    expect(latex(mul(pow(g, TWO), add(x, ONE)))).toMatchInlineSnapshot(`"g^2\\cdot \\left(x+1\\right)"`);
    expect(latex(mul(sigma, sub(ONE, sigma)))).toMatchInlineSnapshot(`"\\sigma\\left(1-\\sigma\\right)"`);
  });

  it('an application that would read as a product names its function explicitly', () => {
    expect(latex(apply(L, [a]))).toMatchInlineSnapshot(`"\\operatorname{L}(a)"`);
    expect(latex(rel(['='], [apply(L, [a]), ln(a)]))).toMatchInlineSnapshot(`"L(a)=\\ln(a)"`);
    expect(latex(apply(sym('w', { sub: '1' }), [x]))).toMatchInlineSnapshot(`"\\operatorname{w}_1(x)"`);
    expect(latex(σ(sub(ONE, sigma)))).toMatchInlineSnapshot(`"\\operatorname{sigmoid}(1-\\sigma)"`);
    expect(latex(apply(f, [sub(ONE, f)]))).toMatchInlineSnapshot(`"\\operatorname{f}(1-f)"`);
  });

  it('a quotient that looks like a derivative keeps d apart', () => {
    expect(latex(mul(d, y, recip(d), recip(x)))).toMatchInlineSnapshot(`"\\frac{d\\cdot y}{d\\cdot x}"`);
  });

  it('a number before e is spaced so it cannot read as scientific notation', () => {
    expect(latex(add(mul(TWO, E), ONE))).toMatchInlineSnapshot(`"2 e+1"`);
  });

  // A written product under a fraction bar is read as separate reciprocal factors (the form the
  // core's products are built to print as one fraction), so core's div(x, product) — a power of
  // a product — has to print as a power until core distributes the inverse over the product.
  it('the inverse of a product is a fraction', () => {
    expect(latex(div(sub(a, y), mul(a, sub(ONE, a))))).toMatchInlineSnapshot(`"\\frac{a-y}{a\\left(1-a\\right)}"`);
    expect(latex(pow(mul(a, x), num(-1)))).toMatchInlineSnapshot(`"\\frac{1}{a x}"`);
    expect(latex(mul(pow(a, num(-1)), pow(x, num(-1))))).toMatchInlineSnapshot(`"\\frac{1}{a x}"`);
    expect(latex(pow(num(0), num(-2)))).toMatchInlineSnapshot(`"0^{-2}"`);
    expect(latex(pow(x, num('-0.5', true)))).toMatchInlineSnapshot(`"x^{-0.5}"`);
  });
});

it('the printer and the parser agree on which letters are applied as functions', () => {
  expect([...APPLIED_LETTERS].sort()).toEqual([...CONVENTIONAL_FUNCTIONS].sort());
});
