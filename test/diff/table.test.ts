/**
 * Every derivative template of the function table, checked against central differences of the
 * function's own numeric implementation, away from the points the table lists as kinks; and
 * every `definition` checked against the numeric implementation. A function of a whole vector
 * (softmax, LSE) is checked entry by entry: its template for ∂f_i/∂u_j against central
 * differences of its definition written out at sizes 2 to 4, for every i and j.
 */
import { describe, expect, it } from 'vitest';
import { apply, num, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { FUNCTIONS, fnArity, type FnEntry, type FnName } from '../../src/core/functions.js';
import { partialTemplate } from '../../src/diff/templates.js';
import { definitionTemplate, instantiate, instantiateVector, kinkTemplates, templateVars, writtenOut } from '../../src/parse/templates.js';
import { compile, evaluate } from '../../src/numeric/compile.js';
import { along, centralDifference, expectClose, rng, samples } from './numeric.js';

const isVector = (fn: FnName): boolean => (FUNCTIONS[fn] as FnEntry).vector !== undefined;
/** A literal (`matrix`, core/grids.ts) is a way of writing a vector, not a function of a number: it has no derivative. */
const WRITTEN: readonly FnName[] = ['matrix'];
/** Functions of one number (and parameters); the functions of a whole vector are checked at the end. */
const NAMES = (Object.keys(FUNCTIONS) as FnName[]).filter((fn) => !isVector(fn) && !WRITTEN.includes(fn));

/** Where each function is sampled: inside its domain (ln, logit, artanh) or away from its poles (tan). */
const DOMAIN: Partial<Record<FnName, readonly [number, number]>> = { ln: [0.05, 6], log: [0.05, 6], tan: [-1.4, 1.4], logit: [0.05, 0.95], artanh: [-0.9, 0.9] };
/** The values of each function's other arguments. */
const OTHER_ARGS: Partial<Record<FnName, readonly number[]>> = {
  log: [2.5], leakyrelu: [0.2], prelu: [1.3], elu: [1.3], celu: [1.3], max: [0.7], min: [0.7],
};

function otherArgs(fn: FnName): number[] {
  return [...(OTHER_ARGS[fn] ?? Array.from({ length: fnArity(fn) - 1 }, () => 0.5))];
}

/** The kinks of `fn` as numbers, with its other arguments fixed. */
function kinkPoints(fn: FnName, others: readonly number[]): number[] {
  const vars = templateVars(fn);
  const args: Expr[] = [vars[0]!, ...others.map((x) => num(x))];
  return kinkTemplates(fn).map((k) => {
    const r = instantiate(fn, k, args);
    if (r.kind !== 'rel' || r.args[0] !== vars[0]) throw new Error(`kink of ${fn} is not u = c`);
    return evaluate(r.args[1]!, new Map());
  });
}

describe('each table derivative equals central differences of the function', () => {
  for (const fn of NAMES) {
    const entry: FnEntry = FUNCTIONS[fn];
    it(`${fn}: ${entry.d ?? '(no template)'}`, () => {
      const d = partialTemplate(fn, 0);
      expect(d, `${fn} has a derivative template`).not.toBeNull();
      const vars = templateVars(fn) as Sym[];
      const others = otherArgs(fn);
      const df = compile(d!, vars);
      const [lo, hi] = DOMAIN[fn] ?? [-4, 4];
      const points = samples(lo, hi, 60, kinkPoints(fn, others));
      expect(points.length).toBeGreaterThan(50);
      for (const x of points) {
        const fd = centralDifference((t) => entry.eval(t, ...others), x);
        expectClose(df.fn([x, ...others]), fd, `${fn}'(${x})`);
      }
    });
  }
});

describe('each partial derivative in a later argument equals central differences', () => {
  for (const fn of NAMES) {
    for (let i = 1; i < fnArity(fn); i++) {
      const p = partialTemplate(fn, i);
      if (p === null) continue;
      it(`∂${fn}/∂(argument ${i + 1})`, () => {
        const vars = templateVars(fn) as Sym[];
        const others = otherArgs(fn);
        const dp = compile(p, vars);
        const [lo, hi] = DOMAIN[fn] ?? [-4, 4];
        // max/min switch branches where the arguments are equal.
        const avoid = fn === 'max' || fn === 'min' ? [others[0]!] : [];
        for (const x of samples(lo, hi, 40, avoid)) {
          const args = [x, ...others];
          const at = (t: number): number => entry(fn).eval(...args.map((a, j) => (j === i ? t : a)));
          const fd = centralDifference(at, args[i]!);
          expectClose(dp.fn(args), fd, `∂${fn}/∂arg${i + 1} at ${args.join(', ')}`);
        }
      });
    }
  }
});

describe('each table definition evaluates like the function', () => {
  for (const fn of NAMES) {
    const def = definitionTemplate(fn);
    if (def === null) continue;
    it(`${fn} = ${(FUNCTIONS[fn] as FnEntry).definition ?? ''}`, () => {
      const vars = templateVars(fn) as Sym[];
      const others = otherArgs(fn);
      const c = compile(def, vars);
      const [lo, hi] = DOMAIN[fn] ?? [-4, 4];
      for (const x of samples(lo, hi, 40)) expectClose(c.fn([x, ...others]), entry(fn).eval(x, ...others), `${fn}(${x})`, 1e-12);
    });
  }
});

describe('each function of a whole vector: ∂f_i/∂u_j = central differences of its definition, at sizes 2 to 4', () => {
  const z = sym('z', { accent: 'mathbf' });
  for (const fn of (Object.keys(FUNCTIONS) as FnName[]).filter(isVector)) {
    const entries = (FUNCTIONS[fn] as FnEntry).vector === 'entries';
    it(`${fn}: ${(FUNCTIONS[fn] as FnEntry).d ?? ''}`, () => {
      const random = rng(7);
      for (const size of [2, 3, 4]) {
        const at = new Map(Array.from({ length: size }, (_, k) => [sym('z', { sub: String(k + 1) }), random() * 8 - 4] as const));
        for (const i of entries ? Array.from({ length: size }, (_, k) => k + 1) : [null]) {
          const value = entries ? apply('component', [apply(fn, [z]), num(i!)]) : apply(fn, [z]);
          for (let j = 1; j <= size; j++) {
            const zj = sym('z', { sub: String(j) });
            const indices = new Map([...(i === null ? [] : [['i', num(i)] as const]), ['j', num(j)] as const]);
            const template = instantiateVector(partialTemplate(fn, 0)!, z, indices)!;
            const fd = centralDifference(along(writtenOut(value, size), zj, at), at.get(zj)!);
            expectClose(evaluate(writtenOut(template, size), at), fd, `${fn} at size ${size}, i = ${i}, j = ${j}`);
          }
        }
      }
    });
  }
});

describe('template variables', () => {
  it.each([
    ['sigmoid', ['u']],
    ['elu', ['u', 'alpha']],
    ['leakyrelu', ['u', 'slope']],
    ['log', ['u', 'base']],
    ['max', ['u', 'v']],
  ] as const)('%s → %j', (fn, names) => {
    expect(templateVars(fn).map((s) => s.name)).toEqual(names);
    expect(templateVars(fn)[0]).toBe(sym('u'));
  });
});

function entry(fn: FnName): FnEntry {
  return FUNCTIONS[fn];
}
