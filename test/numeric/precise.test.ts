/**
 * The 64-digit evaluator reads every function of the table from its definition (or decimal.js
 * for the elementary ones), so a function added to the table needs no second implementation:
 * each one is checked here against the table's double implementation, and the few without a
 * 64-digit form are listed by hand.
 */
import { describe, expect, it } from 'vitest';
import { apply, num, sym, type Expr } from '../../src/core/expr.js';
import { FUNCTIONS, fnArity, type FnEntry, type FnName } from '../../src/core/functions.js';
import { evaluatePrecise, preciseEqual, type Precise } from '../../src/numeric/precise.js';
import { parseOrThrow } from '../../src/parse/index.js';

const NAMES = Object.keys(FUNCTIONS) as FnName[];

/** Functions with neither a decimal.js form nor a definition: the judge keeps its double answer for them. */
const WITHOUT_64_DIGITS: readonly FnName[] = ['erf', 'gelu', 'hadamard', 'outer', 'norm', 'diag', 'softmax', 'logsumexp', 'component', 'matrix'];

/** Other arguments and where each function is sampled (as in test/diff/table.test.ts). */
const OTHER: Partial<Record<FnName, readonly number[]>> = { log: [2.5], leakyrelu: [0.2], prelu: [1.3], elu: [1.3], celu: [1.3], max: [0.7], min: [0.7] };
const DOMAIN: Partial<Record<FnName, readonly [number, number]>> = { ln: [0.05, 6], log: [0.05, 6], tan: [-1.4, 1.4], logit: [0.05, 0.95], artanh: [-0.9, 0.9] };

const x = sym('x');
const point = (v: number): Map<never, number> => new Map([[x, v]]) as Map<never, number>;

function call(fn: FnName): Expr {
  const others = OTHER[fn] ?? Array.from({ length: fnArity(fn) - 1 }, () => 0.5);
  return apply(fn, [x, ...others.map((o) => num(o, true))]);
}

describe('every table function evaluates at 64 digits as its double implementation does', () => {
  it('lists the functions without a 64-digit form', () => {
    const missing = NAMES.filter((fn) => evaluatePrecise(call(fn), point(0.5)) === 'unsupported');
    expect(missing.sort()).toEqual([...WITHOUT_64_DIGITS].sort());
  });

  it.each(NAMES.filter((fn) => !WITHOUT_64_DIGITS.includes(fn)))('%s', (fn) => {
    const entry: FnEntry = FUNCTIONS[fn];
    const others = OTHER[fn] ?? Array.from({ length: fnArity(fn) - 1 }, () => 0.5);
    const [lo, hi] = DOMAIN[fn] ?? [-6, 6];
    for (let k = 0; k <= 40; k++) {
      const v = Number((lo + ((hi - lo) * k) / 40 + 0.013).toFixed(3));
      const want = entry.eval(v, ...others);
      const got = evaluatePrecise(call(fn), point(v));
      if (!Number.isFinite(want)) {
        expect(got, `${fn}(${v})`).toBe('undefined');
        continue;
      }
      expect(got, `${fn}(${v})`).not.toBe('undefined');
      const value = (got as Precise).value.toNumber();
      expect(Math.abs(value - want), `${fn}(${v}) = ${value}, double ${want}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
    }
  });
});

describe('a function is as large as its value, whatever its definition passes through', () => {
  it('softplus(800) is about 800, not e^{800}: a difference of 10^{-30} still shows', () => {
    const at = point(800);
    const a = evaluatePrecise(parseOrThrow('\\operatorname{softplus}(x)'), at) as Precise;
    const b = evaluatePrecise(parseOrThrow('x + 10^{-30}'), at) as Precise;
    expect(preciseEqual(a, b)).toBe(false);
    expect(preciseEqual(a, evaluatePrecise(parseOrThrow('x + e^{-x}'), at) as Precise)).toBe(true);
  });
});

describe('hyperbolic functions of large arguments', () => {
  it('are computed from e^x (decimal.js alone does not return for cosh(10⁹))', () => {
    // cosh(10⁹) = e^{10⁹}/2 to 64 digits, sinh the same, tanh 1 (to 64 digits), sech its inverse.
    const at = point(1e9);
    const e = evaluatePrecise(apply('exp', [x]), at) as Precise;
    const cosh = evaluatePrecise(apply('cosh', [x]), at) as Precise;
    expect(cosh.value.times(2).div(e.value).minus(1).abs().lt('1e-60')).toBe(true);
    expect((evaluatePrecise(apply('sinh', [x]), at) as Precise).value.eq(cosh.value)).toBe(true);
    expect((evaluatePrecise(apply('tanh', [x]), at) as Precise).value.eq(1)).toBe(true);
    expect((evaluatePrecise(apply('sech', [x]), at) as Precise).value.times(cosh.value).minus(1).abs().lt('1e-60')).toBe(true);
  });

  it('agree with decimal.js near the threshold', () => {
    // Just past the switch to e^x (21) and just before it (19), the values are the doubles' ones.
    for (const fn of ['sinh', 'cosh', 'tanh'] as const) {
      const big = evaluatePrecise(apply(fn, [x]), point(21)) as Precise;
      const small = evaluatePrecise(apply(fn, [x]), point(19)) as Precise;
      expect(Number(big.value.toString())).toBeCloseTo(Math[fn](21), 6);
      expect(Number(small.value.toString())).toBeCloseTo(Math[fn](19), 6);
    }
  });
});
