/**
 * Definitions (backprop convention) and expandDerivatives.
 *
 * ∂B/∂v goes through every definition except v's own; defined symbols may stay in the result,
 * and evaluating it means substituting their definitions, which `expanded` does here.
 */
import { describe, expect, it } from 'vitest';
import { sym, type Expr, type Sym } from '../../src/core/expr.js';
import { freeSet, substitute } from '../../src/core/walk.js';
import { differentiate, expandDerivatives, foldDefinitions, type FunctionDef } from '../../src/diff/index.js';
import { evaluate } from '../../src/numeric/compile.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { expectClose, rng } from './numeric.js';

const p = (s: string): Expr => parseOrThrow(s, { functions: ['L'] });
const [a, y, z, w1, w2, x1, x2, b] = ['a', 'y', 'z', 'w_1', 'w_2', 'x_1', 'x_2', 'b'].map((s) => p(s) as Sym) as [Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym];
const L = sym('L');

const BCE: FunctionDef = { params: [a], body: p('-(y\\ln a+(1-y)\\ln(1-a))') };
const functions = new Map([[L, BCE]]);
const defs = new Map<Sym, Expr>([[a, p('\\sigma(z)')], [z, p('w_1 x_1+w_2 x_2+b')]]);

/** Substitute definitions until none is left, so the tree can be evaluated. */
function expanded(e: Expr, d: ReadonlyMap<Sym, Expr>): Expr {
  let out = e;
  for (let i = 0; i <= d.size; i++) out = substitute(out, d);
  return out;
}

function randomPoint(next: () => number): Map<Sym, number> {
  return new Map<Sym, number>([
    [w1, 4 * next() - 2], [w2, 4 * next() - 2], [x1, 4 * next() - 2], [x2, 4 * next() - 2], [b, 2 * next() - 1],
    [y, next()],
  ]);
}

describe('the chain rule through definitions', () => {
  it('∂L/∂a differentiates the formula in a, and keeps a', () => {
    const r = differentiate(p('L(a)'), a, { defs, functions });
    expect(freeSet(r.expr).has(a)).toBe(true);
    expect(freeSet(r.expr).has(w1)).toBe(false);
    for (const av of [0.1, 0.35, 0.8]) {
      const at = new Map<Sym, number>([[a, av], [y, 0.3]]);
      expectClose(evaluate(r.expr, at), -0.3 / av + 0.7 / (1 - av), `∂L/∂a at a=${av}`);
    }
  });

  it('∂L/∂w₁ = (a − y)x₁ at random points, with a = σ(z), z = w₁x₁ + w₂x₂ + b', () => {
    const r = differentiate(p('L(a)'), w1, { defs, functions });
    const value = expanded(r.expr, defs);
    const expected = expanded(p('(a-y)x_1'), defs);
    const next = rng(7);
    for (let i = 0; i < 50; i++) {
      const at = randomPoint(next);
      expectClose(evaluate(value, at), evaluate(expected, at), `∂L/∂w₁ at ${[...at.values()].join(', ')}`);
    }
  });

  it('records the definitions it goes through', () => {
    const ids = differentiate(p('L(a)'), w1, { defs, functions }).steps.map((s) => s.rule);
    expect(ids).toContain('d-definition');
    expect(ids).toContain('d-substitute');
    expect(ids).toContain('d-sigmoid');
  });

  it('the issue example reads back in the given names: L(σ(w₁x₁+w₂x₂+b)) with a = σ(…)', () => {
    const named = new Map<Sym, Expr>([[a, p('\\sigma(w_1 x_1+w_2 x_2+b)')]]);
    const r = differentiate(p('L(\\sigma(w_1 x_1+w_2 x_2+b))'), w1, { defs: named, functions });
    const folded = foldDefinitions(r.expr, named, w1);
    expect(toLatex(folded)).not.toContain('\\sigma');
    expect(freeSet(folded).has(a)).toBe(true);
    const next = rng(11);
    for (let i = 0; i < 20; i++) {
      const at = randomPoint(next);
      expectClose(evaluate(expanded(folded, named), at), evaluate(expanded(p('(a-y)x_1'), named), at), '∂L/∂w₁');
    }
  });

  it('never substitutes the variable itself', () => {
    const r = differentiate(p('a^2'), a, { defs });
    expect(toLatex(r.expr)).toBe('2a');
  });

  it('a definition that does not involve the variable is a constant', () => {
    expect(toLatex(differentiate(p('a x_1'), x1, { defs: new Map([[a, p('\\sigma(y)')]]) }).expr)).toBe('a');
  });

  it('rejects an application with the wrong number of arguments', () => {
    expect(() => differentiate(p('L(a, y)'), a, { functions })).toThrow(/takes 1 argument/);
  });
});

describe('expandDerivatives', () => {
  it.each([
    ["\\sigma'(z)", '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    ["\\tanh'(w x)", '1-\\tanh^2(w x)'],
    ["\\tanh''(z)", '-2\\tanh(z)\\left(1-\\tanh^2(z)\\right)'],
    ['\\frac{d}{dz}\\sigma(z)', '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    ['\\frac{\\partial}{\\partial w}\\left(w x+b\\right)', 'x'],
    ['\\frac{d^2}{dx^2}x^3', '6x'],
    ["f'(x)+1", "f'(x)+1"],
    ["\\operatorname{softplus}'(x)", '\\sigma(x)'],
    ["y\\sigma'(z)+\\tanh(z)", 'y \\sigma(z)\\left(1-\\sigma(z)\\right)+\\tanh(z)'],
  ])('%s → %s', (input, expected) => {
    expect(toLatex(expandDerivatives(parseOrThrow(input)))).toBe(expected);
  });

  it("expands a defined user function and its primes: L'(a)", () => {
    const e = expandDerivatives(p("L'(a)"), { functions });
    for (const av of [0.2, 0.6]) expectClose(evaluate(e, new Map([[a, av], [y, 0.25]])), -0.25 / av + 0.75 / (1 - av), `L'(${av})`);
  });

  it('expands ∂L/∂w₁ written in the input, through definitions', () => {
    const Lsym = sym('L');
    const e = expandDerivatives(p('\\frac{\\partial L}{\\partial w_1}'), { defs: new Map([...defs, [Lsym, BCE.body]]) });
    const next = rng(3);
    for (let i = 0; i < 10; i++) {
      const at = randomPoint(next);
      expectClose(evaluate(expanded(e, defs), at), evaluate(expanded(p('(a-y)x_1'), defs), at), '∂L/∂w₁');
    }
  });
});

describe('expandDerivatives leaves what is not a derivative', () => {
  it('an unprimed application of a defined function stays; inside a derivative it is expanded', () => {
    expect(toLatex(expandDerivatives(p('L(a)+1'), { functions }))).toBe(toLatex(p('L(a)+1')));
    const d = expandDerivatives(p('\\frac{d}{da}L(a)'), { functions });
    expectClose(evaluate(d, new Map([[a, 0.4], [y, 0.5]])), -0.5 / 0.4 + 0.5 / 0.6, "L'(0.4)");
  });
});
