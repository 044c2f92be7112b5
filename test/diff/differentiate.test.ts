/**
 * The differentiator as a specification: one line per rule, input → raw derivative (exactly as
 * printed, before the simplifier), then the rule ids the trace records.
 */
import { describe, expect, it } from 'vitest';
import { apply, children, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { evaluate } from '../../src/numeric/compile.js';
import { size } from '../../src/core/walk.js';
import { Budget } from '../../src/core/budget.js';
import { FUNCTIONS, type FnEntry } from '../../src/core/functions.js';
import { allRuleIds, differentiate, differentiateN, ruleLabel, tryDifferentiate } from '../../src/diff/index.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import './matchers.js';

const rules = (latex: string, wrt = 'x'): string[] => differentiate(parseOrThrow(latex), parseOrThrow(wrt) as Sym).steps.map((s) => s.rule);
const kinks = (latex: string, wrt = 'x'): string[] => differentiate(parseOrThrow(latex), parseOrThrow(wrt) as Sym).kinks.map(toLatex);

describe('self-forms come straight from the table', () => {
  it.each([
    ['\\sigma(z)', '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    ['\\tanh(z)', '1-\\tanh^2(z)'],
    ['\\operatorname{softplus}(z)', '\\sigma(z)'],
    ['\\operatorname{swish}(z)', '\\operatorname{swish}(z)+\\sigma(z)\\left(1-\\operatorname{swish}(z)\\right)'],
    ['\\operatorname{ELU}(z)', '\\begin{cases}1 & \\text{if } z>0 \\\\ \\operatorname{ELU}(z)+\\alpha & \\text{if } z<0\\end{cases}'],
    ['e^{z}', 'e^z'],
    ['\\ln z', '\\frac{1}{z}'],
    // The inverses of σ and tanh, by name and written with −1 on the name.
    ['\\operatorname{logit}(z)', '\\frac{1}{z(1-z)}'],
    ['\\sigma^{-1}(z)', '\\frac{1}{z(1-z)}'],
    ['\\operatorname{artanh}(z)', '\\frac{1}{1-z^{2}}'],
    ['\\tanh^{-1}(z)', '\\frac{1}{1-z^{2}}'],
  ])('d/dz %s = %s', (input, expected) => {
    expect(input).toDifferentiateTo(expected, 'z');
  });

  it.each([
    ['\\operatorname{logit}(2x)', '\\frac{2}{2x(1-2x)}', ['d-chain', 'd-logit', 'd-constant-multiple', 'd-variable']],
    ['\\tanh^{-1}(x^2)', '\\frac{2x}{1-x^{4}}', ['d-chain', 'd-artanh', 'd-power', 'd-variable']],
  ] as const)('the chain rule through them: d/dx %s = %s', (input, expected, ids) => {
    expect(input).toDifferentiateTo(expected);
    expect(rules(input)).toEqual(ids);
  });

  it('labels their rules from the table', () => {
    expect(ruleLabel('d-logit')).toBe('derivative of logit');
    expect(ruleLabel('d-artanh')).toBe('derivative of artanh');
  });
});

describe('structural rules', () => {
  it.each([
    ['constant (numbers need no step)', '7', '0', []],
    ['constant symbol', 'y', '0', ['d-constant']],
    ['variable', 'x', '1', ['d-variable']],
    ['power', 'x^3', '3x^2', ['d-power', 'd-variable']],
    ['sum and constant multiple', '3x^2+2x+1', '6x+2', ['d-sum', 'd-constant-multiple', 'd-power', 'd-variable', 'd-constant-multiple']],
    ['product', 'x\\sin x', '\\sin(x)+x \\cos(x)', ['d-product', 'd-variable', 'd-sin']],
    ['quotient', '\\frac{x}{1+x}', '\\frac{1+x-x}{\\left(1+x\\right)^2}', ['d-quotient', 'd-variable', 'd-sum']],
    ['reciprocal by the power rule', '\\frac{1}{x}', '-\\frac{1}{x^2}', ['d-power', 'd-variable']],
    ['square root', '\\sqrt{x}', '\\frac{1}{2\\sqrt{x}}', ['d-power', 'd-variable']],
    ['exponential with a constant base', '2^x', '2^x \\ln(2)', ['d-exponential', 'd-variable']],
    ['generalized power', 'x^x', 'x^x\\left(\\ln(x)+1\\right)', ['d-general-power', 'd-variable']],
    ['chain through ln', '\\ln(x^2+1)', '\\frac{2x}{x^2+1}', ['d-ln', 'd-sum', 'd-power', 'd-variable']],
    ['log with a base', '\\log_2 x', '\\frac{1}{x \\ln(2)}', ['d-log']],
    ['nested table functions', '\\tanh(\\sigma(x))', '\\left(1-\\tanh^2(\\sigma(x))\\right)\\sigma(x)\\left(1-\\sigma(x)\\right)', ['d-chain', 'd-tanh', 'd-sigmoid']],
    ['unknown functions: product', 'f(x)g(x)', "f'(x)g(x)+f(x)g'(x)", ['d-product', 'd-function', 'd-function']],
    ['unknown functions: chain', 'f(g(x))', "f'(g(x))g'(x)", ['d-chain', 'd-function']],
    ['primed unknown function', "f'(x)", "f''(x)", ['d-function']],
    ['relation: both sides', 'x^2 = y', '2x=0', ['d-relation', 'd-power', 'd-variable', 'd-constant']],
  ] as const)('%s: %s → %s', (_name, input, expected, ids) => {
    expect(input).toDifferentiateTo(expected);
    expect(rules(input)).toEqual(ids);
  });
});

describe('partial derivatives by decorated symbols', () => {
  it.each([
    ['e^{w_1 x}', 'w_1', 'e^{w_1 x}x'],
    ['\\omega^{[1]} x+\\omega^{[2]}', '\\omega^{[1]}', 'x'],
    ['\\sigma(w_1 x_1+w_2 x_2+b)', 'w_2', '\\sigma(w_1 x_1+w_2 x_2+b)\\left(1-\\sigma(w_1 x_1+w_2 x_2+b)\\right)x_2'],
    ['\\hat{y}^2', '\\hat{y}', '2\\hat{y}'],
  ])('∂/∂%s', (input, wrt, expected) => {
    expect(input).toDifferentiateTo(expected, wrt);
  });

  it('marks the derivative partial when other symbols are present', () => {
    const r = differentiate(parseOrThrow('w x + b'), sym('w'));
    expect(r.steps[0]!.expr.kind === 'deriv' && r.steps[0]!.expr.partial).toBe(true);
    const s = differentiate(parseOrThrow('x^2'), sym('x'));
    expect(s.steps[0]!.expr.kind === 'deriv' && s.steps[0]!.expr.partial).toBe(false);
  });
});

describe('piecewise functions differentiate branch by branch and report their kinks', () => {
  it.each([
    ['\\operatorname{ReLU}(x)', '\\begin{cases}1 & \\text{if } x>0 \\\\ 0 & \\text{if } x<0\\end{cases}', ['x=0']],
    ['\\operatorname{ReLU}(w x+b)', '\\begin{cases}w & \\text{if } w x+b>0 \\\\ 0 & \\text{if } w x+b<0\\end{cases}', ['w x+b=0']],
    ['\\operatorname{LeakyReLU}(x)', '\\begin{cases}1 & \\text{if } x>0 \\\\ 0.01 & \\text{if } x<0\\end{cases}', ['x=0']],
    ['\\operatorname{PReLU}(x)', '\\begin{cases}1 & \\text{if } x>0 \\\\ \\alpha & \\text{if } x<0\\end{cases}', ['x=0']],
    ['\\left|x\\right|', '\\begin{cases}1 & \\text{if } x>0 \\\\ -1 & \\text{if } x<0\\end{cases}', ['x=0']],
    ['\\operatorname{step}(x)', '\\begin{cases}0 & \\text{if } x\\neq0\\end{cases}', ['x=0']],
    // Conditions and kinks are stated on the variable: hardtanh(2x) switches where 2x = ±1, at x = ±½.
    ['\\operatorname{hardtanh}(2x)', '\\begin{cases}0 & \\text{if } x<-\\frac{1}{2} \\\\ 2 & \\text{if } -\\frac{1}{2}<x<\\frac{1}{2} \\\\ 0 & \\text{if } x>\\frac{1}{2}\\end{cases}', ['x=-\\frac{1}{2}', 'x=\\frac{1}{2}']],
    ['\\max(x, 1-x)', '\\begin{cases}1 & \\text{if } x>\\frac{1}{2} \\\\ -1 & \\text{if } x<\\frac{1}{2}\\end{cases}', ['x=\\frac{1}{2}']],
    ['\\min(0, x)', '\\begin{cases}0 & \\text{if } x>0 \\\\ 1 & \\text{if } x<0\\end{cases}', ['x=0']],
    ['\\begin{cases}x^2 & x\\ge 0 \\\\ -x & x<0\\end{cases}', '\\begin{cases}2x & \\text{if } x>0 \\\\ -1 & \\text{if } x<0\\end{cases}', ['x=0']],
  ])('%s', (input, expected, points) => {
    expect(input).toDifferentiateTo(expected);
    expect(kinks(input)).toEqual(points);
  });

  it.each([
    // Where u = v on a whole interval, max(u, v) is u there: max(|x|, x) = x for x > 0.
    ['\\max(\\left|x\\right|, x)', '\\begin{cases}1 & \\text{if } x>0 \\\\ -1 & \\text{if } x<0\\end{cases}', ['x=0']],
    // ReLU(ReLU(x)) is ReLU(0) = 0 throughout x < 0: derivative 0 there, though ReLU′(0) does not exist.
    ['\\operatorname{ReLU}(\\operatorname{ReLU}(x))', '\\begin{cases}1 & \\text{if } x>0 \\\\ 0 & \\text{if } x<0\\end{cases}', ['x=0']],
    // ReLU6: conditions on x, not on max(0, x).
    ['\\min(\\max(0, x), 6)', '\\begin{cases}0 & \\text{if } x<0 \\\\ 1 & \\text{if } 0<x<6 \\\\ 0 & \\text{if } x>6\\end{cases}', ['x=6', 'x=0']],
    // Huber is C¹ at r = ±1 and smooth at 0: no kinks, and the cases cover r = ±1.
    ['\\begin{cases}\\frac{1}{2}r^2 & \\left|r\\right| \\le 1 \\\\ \\left|r\\right| - \\frac{1}{2} & \\left|r\\right| > 1\\end{cases}', '\\begin{cases}r & \\text{if } -1\\le r\\le1 \\\\ 1 & \\text{if } r>1 \\\\ -1 & \\text{if } r<-1\\end{cases}', [], 'r'],
    // softsign written out is differentiable at 0 (its one-sided derivatives are both 1).
    ['\\frac{x}{1+\\left|x\\right|}', null, []],
    // CELU: C¹ at 0 for every α > 0, and its two spellings of x = 0 are one point.
    ['\\max(0, x) + \\min(0, \\alpha(e^{x/\\alpha} - 1))', null, []],
  ])('%s: kinks only where the one-sided derivatives differ', (input, expected, points, v = 'x') => {
    if (expected !== null) expect(toLatex(differentiate(parseOrThrow(input), parseOrThrow(v) as Sym).expr)).toBe(expected);
    expect(kinks(input, v)).toEqual(points);
  });

  it('a branch whose condition does not move with the variable keeps it as written', () => {
    // At y = 0 the first branch holds (y ≤ 0): its derivative must hold there too, not only for y < 0.
    expect('\\begin{cases}x^2 & y\\le 0 \\\\ x & y>0\\end{cases}').toDifferentiateTo('\\begin{cases}2x & \\text{if } y\\le0 \\\\ 1 & \\text{if } y>0\\end{cases}');
  });

  it('a smooth function has no kinks', () => {
    expect(kinks('\\sigma(x)\\tanh(x)')).toEqual([]);
  });

  it('a kink of an argument that does not vary is not reported', () => {
    expect(kinks('\\operatorname{ReLU}(y) x')).toEqual([]);
  });

  it('the partial in a parameter: ∂PReLU(x, a)/∂a', () => {
    expect('\\operatorname{PReLU}(x, a)').toDifferentiateTo('\\begin{cases}0 & \\text{if } x\\ge0 \\\\ x & \\text{if } x<0\\end{cases}', 'a');
  });
});

describe('higher orders', () => {
  it.each([
    ['x^4', 2, '12x^2'],
    ['x^4', 4, '24'],
    ['\\sin x', 2, '-\\sin(x)'],
    ['e^{2x}', 3, '8e^{2x}'],
  ] as const)('d^%#', (input, order, expected) => {
    expect(differentiateN(parseOrThrow(input), sym('x'), order).expr).toBe(parseOrThrow(expected));
  });
});

describe('results stay small', () => {
  it('shares the derivative of a repeated subtree', () => {
    // σ(u)² with u large: the derivative of u is worked out once.
    const r = differentiate(parseOrThrow('\\sigma(x^2+3x+1)\\tanh(x^2+3x+1)'), sym('x'));
    expect(r.steps.filter((s) => s.rule === 'd-sum')).toHaveLength(1);
  });

  it('grows linearly on a nested network', () => {
    let f = parseOrThrow('x');
    const sizes: number[] = [];
    for (let n = 1; n <= 16; n++) {
      f = parseOrThrow(`\\sigma(w_{${n}} f+b_{${n}})`.replace('f', toLatex(f)));
      if (n === 8 || n === 16) sizes.push(differentiate(f, sym('x')).steps.length);
    }
    expect(sizes[1]! / sizes[0]!).toBeLessThan(2.5);
  });
});

describe('limits are values', () => {
  it('stops at the step limit with a clear error', () => {
    const r = tryDifferentiate(parseOrThrow('\\sigma(\\sigma(\\sigma(\\sigma(x))))'), sym('x'), { maxSteps: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('step-limit');
      expect(r.error.message).toMatch(/more than 3 rule applications/);
    }
  });

  it('refuses orders above the limit, however they are written', () => {
    const x = sym('x');
    const code = (e: string, order = 1): string => { const r = tryDifferentiate(parseOrThrow(e), x, {}, order); return r.ok ? 'ok' : r.error.code; };
    expect(code('\\sigma(x)', 21)).toBe('order-limit');
    expect(code(`\\sigma${"'".repeat(21)}(x)`)).toBe('order-limit');
    expect(code(`g${"'".repeat(21)}(x)`)).toBe('ok');
    expect(code('x^2', 20)).toBe('ok');
  });

  it('stops when a pass grows past the size limit, before the result is used', () => {
    // The 12th derivative of σ has about 2.6·10¹⁰ nodes when printed (8,173 distinct ones).
    const r = tryDifferentiate(parseOrThrow('\\sigma(x)'), sym('x'), { trace: false }, 12);
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'too-large', message: 'the derivative grew past 2000000 nodes; the input is too large to differentiate' });
  });

  it('stops when the caller\'s budget runs out, with the reason', () => {
    const budget = Budget.of('step', 0);
    const r = tryDifferentiate(parseOrThrow('\\sigma(x)'), sym('x'), { budget }, 3);
    expect(r.ok ? 'ok' : r.error.code).toBe('time-limit');
    const work = tryDifferentiate(parseOrThrow('\\sigma(x)'), sym('x'), { budget: Budget.of('step', 60_000, 5) }, 3);
    expect(work.ok ? 'ok' : work.error.code).toBe('step-limit');
  });

  it('reports cyclic definitions', () => {
    const a = sym('a');
    const b = sym('b');
    const r = tryDifferentiate(a, sym('x'), { defs: new Map([[a, parseOrThrow('b+x')], [b, parseOrThrow('a x')]]) });
    expect(r.ok ? 'ok' : r.error.code).toBe('cyclic-definition');
  });
});

describe('rule ids and labels', () => {
  it('every table function has a rule id with a label', () => {
    for (const fn of Object.keys(FUNCTIONS)) {
      expect(allRuleIds()).toContain(`d-${fn}`);
      expect(ruleLabel(`d-${fn}`)).not.toBe(`d-${fn}`);
    }
  });

  it.each([
    ['d-chain', 'chain rule'],
    ['d-product', 'product rule'],
    ['d-quotient', 'quotient rule'],
    ['d-tanh', 'derivative of tanh'],
    ['d-exp', 'exponential rule'],
  ])('%s reads "%s"', (id, label) => {
    expect(ruleLabel(id)).toBe(label);
  });

  it('ids are kebab-case with the d- family prefix', () => {
    for (const id of allRuleIds()) expect(id).toMatch(/^d-[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
  });

  it('every step of a trace names a known rule', () => {
    const ids = new Set(allRuleIds());
    const r = differentiate(parseOrThrow('\\frac{x^x \\sigma(2x)}{1+\\left|x\\right|} + f(\\ln x)'), sym('x'));
    for (const s of r.steps) expect(ids.has(s.rule), s.rule).toBe(true);
    expect(size(r.expr)).toBeGreaterThan(1);
  });
});

describe('input forms (self: false) go through the definitions', () => {
  it('σ′ in exponentials', () => {
    expect('\\sigma(z)').toDifferentiateTo('\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}', 'z', { self: false });
  });

  // Every function with a definition: the input-form derivative never mentions the function
  // and agrees numerically with the self-form away from kinks.
  const defined = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).filter((fn) => (FUNCTIONS[fn] as FnEntry).definition !== undefined && (FUNCTIONS[fn] as FnEntry).vector === undefined);
  it.each(defined)('%s', (fn) => {
    const call = apply(fn, [sym('z'), ...((FUNCTIONS[fn] as FnEntry).params ?? []).map((p) => parseOrThrow(p.default))]);
    const selfForm = differentiate(call, sym('z')).expr;
    const inputForm = differentiate(call, sym('z'), { self: false }).expr;
    const mentions = (e: Expr): boolean => (e.kind === 'apply' && e.fn === fn) || children(e).some(mentions);
    if (fn !== 'identity') expect(mentions(inputForm), toLatex(inputForm)).toBe(false);
    const env = new Map([[sym('alpha'), 1.3]]);
    for (const z of [-2.7, -1.1, -0.4, 0.3, 0.9, 2.2, 3.6]) {
      env.set(sym('z'), z);
      expect(evaluate(inputForm, env)).toBeCloseTo(evaluate(selfForm, env), 10);
    }
  });
});

describe('primed table functions report kinks too', () => {
  it("ReLU''(x) is 0 on both sides, with x = 0 reported", () => {
    expect(kinks("\\operatorname{ReLU}''(x)")).toEqual(['x=0']);
  });
});
