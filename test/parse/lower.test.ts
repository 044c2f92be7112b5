/**
 * Lowering decisions: what a written form means. Each case names the node the parser must
 * build (with the core constructors), so the reading is explicit rather than a printed string.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  BARE_ARGUMENT, E, HALF, ONE, PRIME_VARIABLE, TWO, ZERO, add, apply, at, bigop, deriv, div, mul, neg, note, num, piecewise, pow, rel, sub, sym, type Expr,
} from '../../src/core/expr.js';
import { parse, parseStatements } from '../../src/parse/index.js';
import '../helpers/matchers.js';

const [a, b, x, y, z, L, f, g, h, w, u] = ['a', 'b', 'x', 'y', 'z', 'L', 'f', 'g', 'h', 'w', 'u'].map((n) => sym(n)) as [
  ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>,
  ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>, ReturnType<typeof sym>];
const sigma = sym('sigma');
const alpha = sym('alpha');
const σ = (e: Expr): Expr => apply('sigmoid', [e]);

describe('juxtaposition: product or application', () => {
  it.each<[string, Expr]>([
    ['a(1-a)', mul(a, sub(ONE, a))],
    ['y(1-y)', mul(y, sub(ONE, y))],
    ['2x', mul(TWO, x)],
    ['y \\ln a', mul(y, apply('ln', [a]))],
    ['\\omega_1 x_1', mul(sym('omega', { sub: '1' }), sym('x', { sub: '1' }))],
    ['\\sigma(z)', σ(z)],
    ['σ(z)', σ(z)],
    ['\\sigma(z)(1-\\sigma(z))', mul(σ(z), sub(ONE, σ(z)))],
    ['\\ln(1-a)', apply('ln', [sub(ONE, a)])],
    ['f(x)', apply(f, [x])],
    ['g(z)', apply(g, [z])],
    ['h(x)', apply(h, [x])],
    ['\\phi(x)', apply(sym('phi'), [x])],
    ['\\Phi(x)', apply(sym('Phi'), [x])],
    ["g'(z)", apply(g, [z], 1)],
    ["f''(x)", apply(f, [x], 2)],
    ["\\sigma'(z)", apply('sigmoid', [z], 1)],
    ["w'(x)", apply(w, [x], 1)],
    ['g^{[1]}(z)', apply(sym('g', { layer: '1' }), [z])],
    ['L(y, a)', apply(L, [y, a])],
    ['L(a)', mul(L, a)],
    ['\\operatorname{L}(a)', apply(L, [a])],
    ['\\operatorname{w}_1(x)', apply(sym('w', { sub: '1' }), [x])],
    // a name used as a plain value inside its own parentheses is a variable: σ(1−σ) is σ·(1−σ)
    ['\\sigma(1-\\sigma)', mul(sigma, sub(ONE, sigma))],
    ['g(1-g)', mul(g, sub(ONE, g))],
    ['\\sigma(\\sigma(z))', σ(σ(z))],
    ['\\operatorname{sigmoid}(1-\\sigma)', σ(sub(ONE, sigma))],
    // a function name without parentheses takes the following run of atoms
    ['\\ln 2x', apply('ln', [mul(TWO, x)])],
    ['\\ln a \\ln b', mul(apply('ln', [a]), apply('ln', [b]))],
    // …up to a parenthesis that is no function's argument, which is a factor of its own
    ['2\\tanh x\\,(1 - \\tanh^2 x)', mul(TWO, apply('tanh', [x]), sub(ONE, pow(apply('tanh', [x]), TWO)))],
    ['\\tanh^2 x (1-x)', mul(pow(apply('tanh', [x]), TWO), sub(ONE, x))],
    ['\\ln\\sigma(z)', apply('ln', [σ(z)])],
    ['\\ln f(x)', apply('ln', [apply(f, [x])])],
    ['\\tanh(z)(1-\\tanh(z))', mul(apply('tanh', [z]), sub(ONE, apply('tanh', [z])))],
    ['\\tanh^2 z', pow(apply('tanh', [z]), TWO)],
    ['\\sigma^2(z)', pow(σ(z), TWO)],
    ['f(x)^2', pow(apply(f, [x]), TWO)],
    ['\\sigma(z)^\\top', apply('transpose', [σ(z)])],
    // implicit products bind tighter than an explicit / (1/2x is 1/(2x))
    ['1/2x', mul(HALF, pow(x, num(-1)))],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it('reads functions joined by \\circ and applied together as a composition', () => {
    expect('(f \\circ g)(x)').toParseAs(apply(f, [apply(g, [x])]));
    expect('(\\sigma \\circ g)(z)').toParseAs(σ(apply(g, [z])));
    expect('(f \\circ g \\circ h)(x)').toParseAs(apply(f, [apply(g, [apply(h, [x])])]));
    expect("(f \\circ g)'(x)").toParseAs(deriv(apply(f, [apply(g, [x])]), [x], false));
    // Between values it is the elementwise product, as \\odot is.
    expect('a \\circ b').toParseAs(apply('hadamard', [a, b]));
  });

  it('reads declared names as functions', () => {
    expect('L(a)').toParseAs(apply(L, [a]), { functions: ['L'] });
    expect('J(w)').toParseAs(mul(sym('J'), w), { functions: ['L'] });
    expect('g^{[2]}(z)').toParseAs(apply(sym('g', { layer: '2' }), [z]), { functions: ['g^{[2]}'] });
    expect('u_1(x)').toParseAs(apply(sym('u', { sub: '1' }), [x]), { functions: ['u_{1}'] });
  });

  it('reads a name applied to one symbol or number on the left of a definition as a function', () => {
    expect('L(a) = -\\ln a').toParseAs(rel(['='], [apply(L, [a]), neg(apply('ln', [a]))]));
    expect('L(0.9) = 2').toParseAs(rel(['='], [apply(L, [num('0.9', true)]), TWO]));
    expect('a(1-a) = a - a^2').toParseAs(rel(['='], [mul(a, sub(ONE, a)), sub(a, pow(a, TWO))]));
    expect('u = L(a)').toParseAs(rel(['='], [u, mul(L, a)]));
  });
});

describe('what students type without a backslash or in the wrong place', () => {
  it.each<[string, Expr]>([
    // A Greek name of four letters or more is the letter; a shorter one, or a longer word, stays letters.
    ['sigma(x)(1-sigma(x))', mul(σ(x), sub(ONE, σ(x)))],
    ['alpha x', mul(alpha, x)],
    ['eta', mul(E, sym('t'), a)],
    // A prime after the parentheses: the derivative of what is written, as for `(…)'`.
    ["\\sigma(x)'", deriv(σ(x), [PRIME_VARIABLE], false)],
    // A function name without its argument before a relation or the end: at the variable the checker finds.
    ["\\tanh' = 1 - \\tanh^2", rel(['='], [apply('tanh', [BARE_ARGUMENT], 1), sub(ONE, pow(apply('tanh', [BARE_ARGUMENT]), TWO))])],
    ['\\frac{d\\tanh}{dx}', deriv(apply('tanh', [BARE_ARGUMENT]), [x], false)],
  ])('%s', (src, want) => {
    expect(src).toParseAs(want);
  });
});

describe('ML spellings of max and norms', () => {
  it.each<[string, Expr]>([
    // \max\{0, x\}: arguments in braces; \|w\|_2: the Euclidean norm \|w\| already is.
    ['\\max\\{0, x\\}', apply('max', [ZERO, x])],
    ['\\min\\{a, b\\}', apply('min', [a, b])],
    ['\\|w\\|_2^2', pow(apply('norm', [w]), TWO)],
    ['\\left\\|w\\right\\|_2', apply('norm', [w])],
  ])('%s', (src, want) => {
    expect(src).toParseAs(want);
  });

  it('gives no argument to a function name before an operand or a subscript', () => {
    expect('\\log_2 x').toParseAs(apply('log', [x, TWO]));
    expect('\\tanh x').toParseAs(apply('tanh', [x]));
    expect('\\tanh - x').toFailToParseAt(1, 7, 'unexpected-token');
  });

  it('keeps one expression in braces a group, and refuses other norms and expectations', () => {
    expect('\\max\\{x\\}').toFailToParseAt(1, 1, 'bad-arity');
    expect('\\|w\\|_1').toFailToParseAt(1, 1, 'bad-script');
    expect('\\mathbb{E}[x]').toFailToParseAt(1, 1, 'unsupported-command');
    expect('\\mathbb{R}').toParseAs(sym('R', { accent: 'mathbb' }));
  });
});

describe('evaluation bars', () => {
  it.each<[string, Expr]>([
    // What comes before the bar, at the value the subscript gives its variable.
    ['\\left.\\frac{d}{dx}\\sigma(x)\\right|_{x=0}', at(deriv(σ(x), [x], false), x, ZERO)],
    ['\\frac{d}{dx}\\left(x^3 + 2x\\right)\\Big|_{x=1}', at(deriv(add(pow(x, num(3)), mul(TWO, x)), [x], false), x, ONE)],
    ['a(1-a)\\bigg|_{x = 0}', at(mul(a, sub(ONE, a)), x, ZERO)],
    ['x^2|_{x=2}', at(pow(x, TWO), x, TWO)],
  ])('%s', (src, want) => {
    expect(src).toParseAs(want);
    expect(src).toReadBack();
  });

  it('is the member of a chain it ends', () => {
    const r = parseStatements('\\left.\\frac{da}{dx}\\right|_{x=0} = a(1-a)\\Big|_{x=0} = \\frac{1}{4}');
    expect(r.ok && r.value[0]!.args).toEqual([at(deriv(a, [x], false), x, ZERO), at(mul(a, sub(ONE, a)), x, ZERO), num(new Fraction(1, 4))]);
  });

  it('leaves absolute values and norms with a subscript alone', () => {
    expect('\\left| x \\right| + 1').toParseAs(add(apply('abs', [x]), ONE));
    expect(parse('|x|_{x=0}').ok).toBe(false);
  });
});

describe('fractions and derivatives', () => {
  it.each<[string, Expr]>([
    ['\\frac{a}{b}', div(a, b)],
    ['\\dfrac{a}{b}', div(a, b)],
    ['\\tfrac{1}{2}', HALF],
    ['a/b', div(a, b)],
    ['\\frac12', HALF],
    ['\\frac{1}{2x}', mul(HALF, pow(x, num(-1)))],
    ['\\frac{1}{(1+x)(1-x)}', mul(pow(add(ONE, x), num(-1)), pow(sub(ONE, x), num(-1)))],
    ['\\frac{dy}{dx}', deriv(y, [x], false)],
    ['\\frac{\\mathrm{d}y}{\\mathrm{d}x}', deriv(y, [x], false)],
    // As TeX reads them: `\mathrm d` takes the one character after it; `\operatorname{d}` is an upright d too.
    ['\\frac{\\mathrm d y}{\\mathrm dx}', deriv(y, [x], false)],
    ['\\frac{\\operatorname{d}y}{\\operatorname{d}x}', deriv(y, [x], false)],
    // Ng's layer and example in one superscript.
    ['a^{[1] (i)}', sym('a', { layer: '1(i)' })],
    ['z^{ [2](i)}', sym('z', { layer: '2(i)' })],
    // `w^{(1-1)}` is arithmetic in parentheses, a power; `z^{(l-1)}` names a layer.
    ['w^{(1 - 1)}', pow(sym('w'), sub(ONE, ONE))],
    ['z^{(l-1)}', sym('z', { layer: '(l-1)' })],
    // `D_x[…]`: the derivative by x of the bracket; a D_i without one is a name.
    ['D_x\\left[x^2\\right]', deriv(pow(x, TWO), [x], false)],
    ['D_x(x^2) + 1', add(deriv(pow(x, TWO), [x], false), ONE)],
    ['D_i x', mul(sym('D', { sub: 'i' }), x)],
    // `\frac12 x` is ½·x, never \frac{12}{x}.
    ['\\frac12 x', mul(num(new Fraction(1, 2)), x)],
    ['\\frac{\\partial L}{\\partial a}', deriv(L, [a], true)],
    ['\\frac{d}{dx} x^2', deriv(pow(x, TWO), [x], false)],
    ['\\frac{d}{dx}\\sigma(x)(1-\\sigma(x))', deriv(mul(σ(x), sub(ONE, σ(x))), [x], false)],
    ['a\\frac{d}{dx} x', mul(a, deriv(x, [x], false))],
    ['\\frac{\\partial}{\\partial a}[y \\ln a]', deriv(mul(y, apply('ln', [a])), [a], true)],
    ['\\frac{d^2y}{dx^2}', deriv(y, [x, x], false)],
    ['\\frac{\\partial^2}{\\partial x^2} x^3', deriv(pow(x, num(3)), [x, x], true)],
    // Leibniz order: the variable written last is differentiated first (innermost)
    ['\\frac{\\partial^2f}{\\partial x \\partial y}', deriv(f, [y, x], true)],
    ['\\frac{\\partial L}{\\partial W^{[2]}}', deriv(L, [sym('W', { layer: '2' })], true)],
    ['∂L/∂a', deriv(L, [a], true)],
    ['\\eta \\partial L/\\partial w', mul(sym('eta'), deriv(L, [w], true))],
    ['dy/dx', deriv(y, [x], false)],
    // `d` that is not followed by a name in the denominator is just a letter
    ['\\frac{d}{x}', div(sym('d'), x)],
    ['\\frac{dy}{2}', div(mul(sym('d'), y), TWO)],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });
});

describe('scripts: layer indices, subscripts, powers', () => {
  const a1 = sym('a', { layer: '1' });
  it.each<[string, Expr]>([
    ['W^{[2]}', sym('W', { layer: '2' })],
    ['\\omega^{[1]}_2', sym('omega', { layer: '1', sub: '2' })],
    ['\\omega_2^{[1]}', sym('omega', { layer: '1', sub: '2' })],
    ['(a^{[1]})^2', pow(a1, TWO)],
    // Ng's notes: the derivative of layer 1's activation, the prime inside the layer's superscript.
    ['g^{[1]\\prime}(z)', apply(sym('g', { layer: '1' }), [z], 1)],
    ['g^{[1]\\prime\\prime}(z)', apply(sym('g', { layer: '1' }), [z], 2)],
    // A layer (or example) index and a transpose in one superscript: the index, then the transpose.
    ['\\mathbf{w}^{[2]\\top}', apply('transpose', [sym('w', { layer: '2', accent: 'mathbf' })])],
    ['W^{[1]T}', apply('transpose', [sym('W', { layer: '1' })])],
    ['\\mathbf{x}^{(i)\\top}', apply('transpose', [sym('x', { layer: '(i)', accent: 'mathbf' })])],
    ['x_{i,j}', sym('x', { sub: 'i,j' })],
    ['x_{i, j}', sym('x', { sub: 'i,j' })],
    ['x_{ab}', sym('x', { sub: 'ab' })],
    ['x_{a b}', sym('x', { sub: 'ab' })],
    ['x₁', sym('x', { sub: '1' })],
    ['x_α', sym('x', { sub: '\\alpha' })],
    ['x_\\alpha', sym('x', { sub: '\\alpha' })],
    ['x^2', pow(x, TWO)],
    ['x^{-1}', pow(x, num(-1))],
    ['x²', pow(x, TWO)],
    ['\\hat{y}', sym('y', { accent: 'hat' })],
    ["\\sigma'", sym('sigma', { primes: 1 })],
    ['e^{-z}', apply('exp', [neg(z)])],
    ['\\exp z', apply('exp', [z])],
    ['\\sqrt{x}', pow(x, HALF)],
    ['\\sqrt[3]{x}', pow(x, num(new Fraction(1, 3)))],
    ['e', E],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it('rejects two powers on one name', () => {
    expect('x^2^3').toFailToParseAt(1, 1, 'bad-script');
  });
});

describe('the partial operator with its variable as a subscript', () => {
  it('takes the rest of the product, as \\nabla_w does', () => {
    expect('\\partial_x \\tanh(x)').toParseAs(deriv(apply('tanh', [x]), [x], true));
    expect('a \\partial_x x^2').toParseAs(mul(a, deriv(pow(x, TWO), [x], true)));
  });
});

describe('indicator functions', () => {
  // 1 where the relation holds, 0 elsewhere: ReLU's derivative as notes write it.
  const indicator = (cond: Expr): Expr => piecewise([{ value: ONE, cond }, { value: num(0), cond: null }]);
  it.each<[string, Expr]>([
    ['\\mathbb{1}[x > 0]', indicator(rel(['>'], [x, num(0)]))],
    ['\\mathbf{1}\\{y = 1\\}', indicator(rel(['='], [y, ONE]))],
    ['\\mathbb{I}(z < 0)', indicator(rel(['<'], [z, num(0)]))],
  ])('%s', (src, want) => {
    expect(src).toParseAs(want);
  });
  it('need the mark 1 or I: a bold vector before a relation is an error, not an indicator', () => {
    expect(parse('\\mathbf{x}[i > 0]').ok).toBe(false);
  });
});

describe('logarithms and parameterised activations', () => {
  it.each<[string, Expr]>([
    ['\\ln a', apply('ln', [a])],
    ['\\log a', apply('ln', [a])],
    ['\\log_2 a', apply('log', [a, TWO])],
    ['\\log_{10}(x)', apply('log', [x, num(10)])],
    ['\\log_e x', apply('log', [x, E])],
    // defaults of parameters are filled in, so a written default and an omitted one agree
    ['\\operatorname{LeakyReLU}(x)', apply('leakyrelu', [x, num('0.01', true)])],
    ['\\operatorname{LeakyReLU}(x, 0.01)', apply('leakyrelu', [x, num('0.01', true)])],
    ['\\operatorname{LeakyReLU}(x, 0.2)', apply('leakyrelu', [x, num('0.2', true)])],
    ['\\operatorname{ELU}(x)', apply('elu', [x, alpha])],
    ['\\operatorname{ELU}(x, 1)', apply('elu', [x, ONE])],
    ['\\operatorname{PReLU}(x)', apply('prelu', [x, alpha])],
    ['\\max(0, x)', apply('max', [num(0), x])],
    ['|x|', apply('abs', [x])],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it('checks arity', () => {
    expect('\\max(x)').toFailToParseAt(1, 1, 'bad-arity');
    expect('\\tanh(x, y)').toFailToParseAt(1, 1, 'bad-arity');
  });

  it('reads plain-text log with a base argument', () => {
    expect('log(x, 2)').toParseAs(apply('log', [x, TWO]), { ascii: true });
    expect('log(x)').toParseAs(apply('ln', [x]), { ascii: true });
  });
});

describe('inverse functions: logit and artanh, by name and as f^{-1}', () => {
  const logit = (e: Expr): Expr => apply('logit', [e]);
  const artanh = (e: Expr): Expr => apply('artanh', [e]);
  const p = sym('p');
  it.each<[string, Expr]>([
    ['\\operatorname{logit}(p)', logit(p)],
    ['\\mathrm{logit}(p)', logit(p)],
    ['\\text{logit}(p)', logit(p)],
    ['\\operatorname{artanh}(x)', artanh(x)],
    ['\\operatorname{arctanh}(x)', artanh(x)],
    ['\\mathrm{atanh}(x)', artanh(x)],
    // −1 on the name of an applied function of the table is its inverse, not a reciprocal.
    ['\\sigma^{-1}(x)', logit(x)],
    ['\\sigma^{-1}\\left(\\frac{1}{2}\\right)', logit(HALF)],
    ['\\operatorname{sigmoid}^{-1}(x)', logit(x)],
    ['\\tanh^{-1}(x)', artanh(x)],
    ['\\tanh^{-1} x', artanh(x)],
    ['\\operatorname{logit}^{-1}(x)', σ(x)],
    ['\\operatorname{artanh}^{-1}(x)', apply('tanh', [x])],
    // A power after the parentheses is a power of the value; a prime after the −1 differentiates the inverse.
    ['\\sigma^{-1}(x)^2', pow(logit(x), TWO)],
    ['\\tanh^{-1}\\prime(x)', apply('artanh', [x], 1)],
    ['2\\tanh^{-1}(x) y', mul(TWO, artanh(x), y)],
    // Any other power on a name keeps its meaning.
    ['\\tanh^{2}(x)', pow(apply('tanh', [x]), TWO)],
    ['\\tanh^2 x', pow(apply('tanh', [x]), TWO)],
    ['\\sigma^{2}(z)', pow(σ(z), TWO)],
    ['\\sigma^{-2}(z)', pow(σ(z), num(-2))],
    // σ not applied (or applied to itself, a product) is a name: σ^{-1} is its reciprocal.
    ['\\sigma^{-1}', pow(sigma, num(-1))],
    ['\\sigma^{-1} x', mul(pow(sigma, num(-1)), x)],
    ['\\sigma^{-1}(1-\\sigma)', mul(pow(sigma, num(-1)), sub(ONE, sigma))],
    ['x^{-1}', pow(x, num(-1))],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it.each<[string, Expr]>([
    ['logit(p)', logit(p)],
    ['artanh(x)', artanh(x)],
    ['arctanh(x)', artanh(x)],
    ['atanh(x)', artanh(x)],
    ['tanh^-1(x)', artanh(x)],
    ['sigmoid^(-1)(x)', logit(x)],
    ['logits', sym('logits')],
  ])('plain text: %s', (input, expected) => {
    expect(input).toParseAs(expected, { ascii: true });
  });

  it('refuses −1 on a function without an inverse in the table, and beside a prime', () => {
    expect('\\cosh^{-1}(x)').toFailToParseAt(1, 1, 'inverse-function');
    expect('\\operatorname{ReLU}^{-1}(x)').toFailToParseAt(1, 1, 'inverse-function');
    expect('f^{-1}(y)').toFailToParseAt(1, 1, 'inverse-function');
    const r = parse('\\cosh^{-1}(x)');
    expect(!r.ok && r.error.message).toBe('\\cosh^{-1} is the inverse function, which deriv does not have; write a reciprocal as \\frac{1}{…}');
    // f'^{-1} reads two ways (the inverse of f', or 1/f'): refused, with the derivative of the inverse to write instead.
    expect("\\tanh'^{-1}(x)").toFailToParseAt(1, 1, 'bad-script');
    expect("\\sigma'^{-1}(x)").toFailToParseAt(1, 1, 'bad-script');
  });
});

describe('numbers stay exact', () => {
  it.each<[string, Expr]>([
    ['0.5', num('0.5', true)],
    ['0.000045', num(new Fraction(45, 1_000_000), true)],
    ['1e-5', num(new Fraction(1, 100_000), true)],
    ['2.5e3', num(2500)],
    ['\\frac{1}{4}', num(new Fraction(1, 4))],
  ])('%s', (input, expected) => {
    expect(input).toParseAs(expected);
  });

  it('keeps 0.25 and 1/4 apart (a decimal is printed as a decimal)', () => {
    expect('0.25').not.toParseAs(num(new Fraction(1, 4)));
  });
});

describe('structure', () => {
  it('reads cases as a piecewise, with text conditions', () => {
    expect('\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}')
      .toParseAs(piecewise([{ value: x, cond: rel(['>'], [x, num(0)]) }, { value: num(0), cond: null }]));
    expect('\\begin{cases} 1, & \\text{if } x \\geq 0, \\\\ 0, & x < 0. \\end{cases}')
      .toParseAs(piecewise([{ value: ONE, cond: rel(['≥'], [x, num(0)]) }, { value: num(0), cond: rel(['<'], [x, num(0)]) }]));
  });

  it('keeps decorations as transparent notes', () => {
    expect('\\boxed{a - y}').toParseAs(note('boxed', sub(a, y), ''));
    expect('\\underbrace{\\sigma(z)}_{a}').toParseAs(note('underbrace', σ(z), 'a'));
    expect('\\overbrace{a(1-a)}^{\\sigma\'(z)}').toParseAs(note('overbrace', mul(a, sub(ONE, a)), "\\sigma'(z)"));
    expect('\\boxed{a = b}').toParseAs(note('boxed', rel(['='], [a, b]), ''));
    expect('a = b \\quad [\\text{chain rule}]').toParseAs(rel(['='], [a, note('text', b, 'chain rule')]));
  });

  it('reads relation chains', () => {
    expect('a = b \\approx c \\le 1').toParseAs(rel(['=', '≈', '≤'], [a, b, sym('c'), ONE]));
  });

  it('joins the rows of an aligned environment into one chain, and keeps separate chains apart', () => {
    const one = parse('\\begin{aligned} a &= b \\\\ &= c \\end{aligned}');
    expect(one.ok && one.value).toBe(rel(['=', '='], [a, b, sym('c')]));
    const twice = parse('\\begin{aligned} a &= b = \\\\ &= c \\end{aligned}');
    expect(twice.ok && twice.value).toBe(rel(['=', '='], [a, b, sym('c')]));
    const two = parseStatements('\\begin{align*} a &= b \\\\ c &= d \\end{align*}');
    expect(two.ok && two.value.map((s) => s.args)).toEqual([[a, b], [sym('c'), sym('d')]]);
  });

  it('gives each statement the spans of its operands', () => {
    const r = parseStatements('a = b\\\\\n= c');
    expect(r.ok && r.value.map((s) => [s.lead, s.argSpans.map((sp) => [sp.line, sp.col, sp.start, sp.end])])).toStrictEqual([
      [null, [[1, 1, 0, 1], [1, 5, 4, 5]]],
      ['=', [[2, 3, 10, 11]]],
    ]);
  });
});

describe('sums keep the range written', () => {
  const k = sym('k');
  const zk = apply('exp', [sym('z', { sub: 'k' })]);
  it.each<[string, Expr]>([
    ['\\sum_{k=1}^{K} e^{z_k}', bigop('sum', k, ONE, sym('K'), zk)],
    ['\\sum_{k=2}^{K} e^{z_k}', bigop('sum', k, TWO, sym('K'), zk)],
    ['\\sum_{k=0}^{K-1} e^{z_k}', bigop('sum', k, num(0), sub(sym('K'), ONE), zk)],
    ['\\sum_k e^{z_k}', bigop('sum', k, null, null, zk)],
  ])('%s', (src, tree) => {
    expect(src).toParseAs(tree);
  });
});
