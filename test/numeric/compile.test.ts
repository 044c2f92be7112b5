/**
 * Compiled evaluation: values agree with hand-written JavaScript, undefined points give NaN
 * (or ±Infinity for a pole) rather than exceptions, shared subtrees are computed once, and the
 * generated code never contains the user's text.
 */
import { describe, expect, it } from 'vitest';
import { apply, mul, num, piecewise, rel, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { CompileError, compile, evaluate } from '../../src/numeric/compile.js';
import { parseOrThrow } from '../../src/parse/index.js';

const x = sym('x');
const at = (latex: string, values: Record<string, number>): number => {
  const e = parseOrThrow(latex);
  return evaluate(e, new Map(Object.entries(values).map(([k, v]) => [parseOrThrow(k) as Sym, v])));
};

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('values agree with hand-written JavaScript', () => {
  const points = [-3, -0.7, 0, 0.3, 2.5];
  it.each<[string, (z: number) => number]>([
    ['\\frac{1}{1+e^{-z}}', sigmoid],
    ['\\sigma(z)(1-\\sigma(z))', (z) => sigmoid(z) * (1 - sigmoid(z))],
    ['\\tanh z', Math.tanh],
    ['1-\\tanh^2(z)', (z) => 1 - Math.tanh(z) ** 2],
    ['\\frac{e^z-e^{-z}}{e^z+e^{-z}}', (z) => (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z))],
    ['\\operatorname{ReLU}(z)', (z) => Math.max(0, z)],
    ['\\operatorname{LeakyReLU}(z)', (z) => (z > 0 ? z : 0.01 * z)],
    ['\\operatorname{LeakyReLU}(z, 0.2)', (z) => (z > 0 ? z : 0.2 * z)],
    ['\\operatorname{ELU}(z, 1)', (z) => (z > 0 ? z : Math.exp(z) - 1)],
    ['\\operatorname{softplus}(z)', (z) => Math.log(1 + Math.exp(z))],
    ['z\\sigma(z)', (z) => z * sigmoid(z)],
    ['\\max(0, z) + |z|', (z) => Math.max(0, z) + Math.abs(z)],
    ['\\log_2(z^2+1)', (z) => Math.log2(z * z + 1)],
    ['\\sqrt{z^2+1}', (z) => Math.sqrt(z * z + 1)],
    ['\\sqrt[3]{z^2+1}', (z) => Math.cbrt(z * z + 1)],
    ['0.000045z + 1e-5', (z) => 0.000045 * z + 1e-5],
  ])('%s', (latex, js) => {
    const c = compile(parseOrThrow(latex), [sym('z')]);
    for (const z of points) expect(c.fn([z])).toBeCloseTo(js(z), 12);
  });

  it('BCE at a = 0.3, y = 1 is ln 0.3', () => {
    expect(at('y \\ln a + (1-y)\\ln(1-a)', { a: 0.3, y: 1 })).toBeCloseTo(Math.log(0.3), 15);
  });

  it('binds decorated symbols by identity', () => {
    expect(at('W^{[2]} a^{[1]} + b^{[2]}', { 'W^{[2]}': 2, 'a^{[1]}': 3, 'b^{[2]}': 1 })).toBe(7);
    expect(at('w_1 x_1 + w_2 x_2', { w_1: 1, x_1: 2, w_2: 3, x_2: 4 })).toBe(14);
  });
});

describe('undefined points', () => {
  it.each<[string, Record<string, number>]>([
    ['\\ln x', { x: -1 }],
    ['\\sqrt{x}', { x: -4 }],
    ['\\frac{x}{x}', { x: 0 }],
    ['x^{0.5}', { x: -2 }],
    ['\\log_2(x)', { x: -8 }],
    ['\\begin{cases} 1 & x > 0 \\\\ -1 & x < 0 \\end{cases}', { x: 0 }],
  ])('%s at %j is NaN', (latex, values) => {
    expect(at(latex, values)).toBeNaN();
  });

  it('a pole gives ±Infinity, which callers treat as undefined too', () => {
    expect(at('\\frac{1}{x}', { x: 0 })).toBe(Infinity);
    expect(at('\\ln x', { x: 0 })).toBe(-Infinity);
  });

  it('NaN inputs propagate', () => {
    expect(at('\\operatorname{ReLU}(x)', { x: NaN })).toBeNaN();
    expect(at('\\sigma(x)', { x: NaN })).toBeNaN();
  });
});

describe('piecewise', () => {
  const elu = parseOrThrow('\\begin{cases} x & x > 0 \\\\ \\alpha(e^x - 1) & \\text{otherwise} \\end{cases}');
  const c = compile(elu, [x, sym('alpha')]);
  it.each([[2, 1, 2], [-1, 1, Math.exp(-1) - 1], [-1, 0.5, 0.5 * (Math.exp(-1) - 1)], [0, 1, 0]])('ELU(%d) with α = %d', (xv, a, want) => {
    expect(c.fn([xv, a])).toBeCloseTo(want, 15);
  });

  it('takes the first piece whose condition holds; chained conditions must all hold', () => {
    const p = piecewise([{ value: num(1), cond: rel(['<', '<'], [num(0), x, num(1)]) }, { value: num(2), cond: null }]);
    const f = compile(p, [x]);
    expect([f.fn([0.5]), f.fn([1]), f.fn([-1])]).toEqual([1, 2, 2]);
  });
});

describe('shared subexpressions', () => {
  it('computes a repeated subtree once per evaluation', () => {
    let calls = 0;
    const g = sym('g');
    const gz = apply(g, [sym('z')]);
    const e = mul(gz, parseOrThrow('1-g(z)'));
    const c = compile(e, [sym('z')], { functions: new Map([[g, (z: number) => { calls++; return z / 2; }]]) });
    expect(c.fn([1])).toBe(0.25);
    expect(calls).toBe(1);
  });

  it('evaluates a deeply shared tree (2^60 paths) in linear time', () => {
    let e: Expr = x;
    for (let i = 0; i < 60; i++) e = apply('tanh', [mul(e, e)]);
    const c = compile(e, [x]);
    let want = 0.5;
    for (let i = 0; i < 60; i++) want = Math.tanh(want * want);
    expect(c.fn([0.5])).toBe(want);
  });
});

describe('a tree met again', () => {
  it('is compiled once per list of variables', () => {
    const e = parseOrThrow('\\frac{1}{1+e^{-x}} + y');
    const y = sym('y');
    expect(compile(e, [x, y]).fn).toBe(compile(parseOrThrow('\\frac{1}{1+e^{-x}} + y'), [x, y]).fn);
    const swapped = compile(e, [y, x]);
    expect(swapped.fn).not.toBe(compile(e, [x, y]).fn);
    expect(swapped.vars).toEqual([y, x]);
    expect(swapped.fn([2, 0])).toBe(2.5);
    expect(compile(e, [x, y]).fn([0, 2])).toBe(2.5);
  });

  it('that calls a user function uses the implementation it is given each time', () => {
    const g = sym('g');
    const e = apply(g, [x]);
    const half = compile(e, [x], { functions: new Map([[g, (v: number) => v / 2]]) });
    const twice = compile(e, [x], { functions: new Map([[g, (v: number) => v * 2]]) });
    expect([half.fn([4]), twice.fn([4])]).toEqual([2, 8]);
  });
});

describe('what cannot be evaluated', () => {
  it.each([
    ['\\frac{d}{dx} x^2', /derivative/],
    ["\\sigma'(x)", /derivative/],
    ['a = b', /relation/],
    ['f(x)', /no numeric meaning/],
  ])('%s throws a CompileError', (latex, message) => {
    expect(() => compile(parseOrThrow(latex))).toThrow(CompileError);
    expect(() => compile(parseOrThrow(latex))).toThrow(message);
  });

  it('a symbol without a value is a CompileError', () => {
    expect(() => compile(parseOrThrow('x + y'), [x])).toThrow(CompileError);
  });
});

describe('generated code', () => {
  it('never contains the names the user wrote', () => {
    const evil = sym('"); throw new Error("pwned"); ("');
    const c = compile(mul(num(2), evil), [evil]);
    expect(c.fn([21])).toBe(42);
    expect(c.fn.toString()).not.toContain('pwned');
  });

  it('lists free symbols when no order is given', () => {
    const c = compile(parseOrThrow('a x + b'));
    expect(c.vars.map((v) => v.name).sort()).toEqual(['a', 'b', 'x']);
  });
});

describe('conditions that are not relations', () => {
  it('are a compile error, not generated code that does not parse', () => {
    // `\\alpha & x0` in a cases block has a condition with no relation in it.
    const e = piecewise([{ value: num(1), cond: rel([], [num(0)]) }]);
    expect(() => compile(e, [])).toThrow(CompileError);
  });
});
