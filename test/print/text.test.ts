/**
 * Plain text (what `deriv parse` shows as `text:` and what plain-text mode reads back) and the
 * tree outline.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  ONE, TWO, add, apply, deriv, mul, neg, num, pow, recip, rel, sub, sym, type Expr, type Sym,
} from '../../src/core/expr.js';
import { parse } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { toOutline, toText } from '../../src/print/text.js';

const [a, x, y, z, L] = ['a', 'x', 'y', 'z', 'L'].map((n) => sym(n)) as [Sym, Sym, Sym, Sym, Sym];
const σ = (e: Expr): Expr => apply('sigmoid', [e]);

/** The plain printing, after checking that plain-text mode reads it back as the same node. */
function text(e: Expr): string {
  const s = toText(e);
  const r = parse(s, { ascii: true });
  if (!r.ok || r.value !== e) throw new Error(`${s} reads back as ${r.ok ? toLatex(r.value) : r.error.message}`);
  return s;
}

describe('plain text', () => {
  it.each<[Expr, string]>([
    [recip(add(ONE, apply('exp', [neg(z)]))), '1/(1 + exp(-z))'],
    [mul(σ(z), sub(ONE, σ(z))), 'sigmoid(z)*(1 - sigmoid(z))'],
    [sub(ONE, pow(apply('tanh', [z]), TWO)), '1 - tanh(z)^2'],
    [mul(sub(a, y), recip(a), recip(sub(ONE, a))), '(a - y)/(a*(1 - a))'],
    [neg(add(mul(y, apply('ln', [a])), mul(sub(ONE, y), apply('ln', [sub(ONE, a)])))), '-(y*ln(a) + (1 - y)*ln(1 - a))'],
    [mul(num(new Fraction(1, 2)), x), 'x/2'],
    [mul(num('0.01', true), x), '0.01*x'],
    [pow(x, num(new Fraction(1, 2))), 'sqrt(x)'],
    [pow(x, num(new Fraction(1, 3))), 'x^(1/3)'],
    [pow(x, sym('y', { sub: '1' })), 'x^(y_1)'],
    [apply('log', [x, TWO]), 'log(x, 2)'],
    [apply('max', [num(0), x]), 'max(0, x)'],
    [apply('abs', [x]), 'abs(x)'],
    [sym('W', { layer: '2', sub: 'i,j' }), 'W^[2]_{i,j}'],
    [pow(sym('a', { layer: '1' }), TWO), 'a^[1]^2'],
    [mul(sym('alpha'), sym('lr')), 'alpha*lr'],
    [apply('sigmoid', [z], 1), "sigmoid'(z)"],
    [apply(sym('f'), [x]), 'f(x)'],
    [apply(L, [a]), '\\operatorname{L}(a)'],
    [rel(['='], [apply(L, [a]), apply('ln', [a])]), 'L(a) = ln(a)'],
    [rel(['≤', '<'], [num(0), σ(x), ONE]), '0 <= sigmoid(x) < 1'],
    [sym('y', { accent: 'hat' }), '\\hat{y}'],
    [apply('transpose', [sym('theta')]), 'theta^\\top'],
  ])('%#: %s', (e, expected) => {
    expect(text(e)).toBe(expected);
  });

  it('writes derivatives in Leibniz form (not read back: plain-text mode has no `dx`)', () => {
    expect(toText(deriv(L, [a], true))).toBe('∂L/∂a');
    expect(toText(deriv(y, [x, x], false))).toBe('d^2y/dx^2');
    expect(toText(deriv(σ(z), [z], false))).toBe('d/dz(sigmoid(z))');
  });
});

describe('outline', () => {
  it('shows one node per line, children indented', () => {
    expect(toOutline(add(mul(y, apply('ln', [a])), mul(sub(ONE, y), apply('ln', [sub(ONE, a)]))))).toMatchInlineSnapshot(`
      "add
        mul
          sym y
          apply ln
            sym a
        mul
          add
            num 1
            mul
              num -1
              sym y
          apply ln
            add
              num 1
              mul
                num -1
                sym a"
    `);
  });
});
