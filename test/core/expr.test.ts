/**
 * The invariants of the expression tree that printing and parsing rely on.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  E, MINUS_ONE, ONE, TWO, add, apply, at, deriv, div, mul, neg, num, pow, recip, rel, sym,
} from '../../src/core/expr.js';
import { freeSet, settleEvaluations, substitute } from '../../src/core/walk.js';
import { toLatex } from '../../src/print/latex.js';
import { parse } from '../../src/parse/index.js';

const [a, b, x] = ['a', 'b', 'x'].map((n) => sym(n)) as [ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>];

describe('hash-consing', () => {
  it('structurally equal trees are the same object', () => {
    expect(add(a, mul(TWO, b))).toBe(add(a, mul(TWO, b)));
    expect(sym('W', { layer: '2', sub: '1' })).toBe(sym('W', { sub: '1', layer: '2' }));
    expect(apply('sigmoid', [x])).toBe(apply('sigmoid', [x]));
    expect(deriv(a, [x], true)).not.toBe(deriv(a, [x], false));
    expect(num('0.25', true)).not.toBe(num(new Fraction(1, 4)));
  });
});

describe('smart constructors', () => {
  it('flatten sums and products and fold the numeric coefficient to the front', () => {
    expect(add(a, add(b, x))).toBe(add(a, b, x));
    expect(mul(a, mul(TWO, b), num(3))).toBe(mul(num(6), a, b));
    expect(mul(a, ONE)).toBe(a);
    expect(mul(a, num(0))).toBe(num(0));
  });

  it('put reciprocal factors last, so a product has one written form', () => {
    expect(mul(recip(a), b)).toBe(mul(b, recip(a)));
    const q = div(a, b);
    expect(q.kind === 'mul' && q.factors).toEqual([a, pow(b, MINUS_ONE)]);
  });

  it('fold numeric powers exactly and turn e^u into exp(u)', () => {
    expect(pow(TWO, num(-2))).toBe(num(new Fraction(1, 4)));
    expect(pow(num(4), num(new Fraction(1, 2)))).toBe(TWO);
    expect(pow(TWO, num(new Fraction(1, 2))).kind).toBe('pow');
    expect(pow(E, x)).toBe(apply('exp', [x]));
    expect(pow(pow(x, TWO), num(3))).toBe(pow(x, num(6)));
    expect(neg(neg(x))).toBe(x);
  });

  it('check the arity of a relation chain', () => {
    expect(() => rel(['='], [a])).toThrow();
  });
});

describe('core keeps one form per value so printing reads back', () => {
  it('a decimal flag is only kept on numbers with a finite decimal expansion', () => {
    const twelfth = mul(num('0.25', true), num(new Fraction(1, 3)));
    const r = parse(toLatex(twelfth));
    expect(r.ok && r.value).toBe(twelfth);
  });

  it('the inverse of a product is the product of the inverses', () => {
    expect(recip(mul(a, b))).toBe(mul(recip(a), recip(b)));
  });
});

describe('evaluations bind their variable', () => {
  it('the variable is not free in the body, its value is', () => {
    const e = at(pow(x, TWO), x, add(a, ONE));
    expect([...freeSet(e)]).toEqual([a]);
    expect([...freeSet(at(x, x, x))]).toEqual([x]);
  });

  it('substitution leaves the bound variable alone and reaches the rest', () => {
    // (x·b)|_{x=a}: b → 2 inside, x stays the bound variable; a → 3 in the value.
    const e = at(mul(x, b), x, a);
    expect(substitute(e, new Map([[x, TWO], [b, TWO], [a, num(3)]]))).toBe(at(mul(x, TWO), x, num(3)));
  });

  it('is settled once no derivative is left in the body', () => {
    expect(settleEvaluations(at(mul(x, b), x, a))).toBe(mul(a, b));
    const d = at(deriv(pow(x, TWO), [x], false), x, ONE);
    expect(settleEvaluations(d)).toBe(d);
  });
});
