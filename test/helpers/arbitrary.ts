/**
 * fast-check arbitraries over expression trees, built only with the smart constructors, so
 * every generated tree is one the rest of the code can meet. The vocabulary is what the
 * corpus is about: decorated symbols (subscripts, layer indices, accents, Greek), small
 * rationals and decimals, sums, products, quotients, powers, the activation functions,
 * user functions, derivatives, piecewise definitions and decorations.
 */
import fc from 'fast-check';
import { subTokens } from '../../src/core/indices.js';
import Fraction from 'fraction.js';
import {
  E, PI, add, apply, deriv, div, mul, neg, note, num, piecewise, pow, rel, sub, sym,
  type Expr, type RelOp, type Sym,
} from '../../src/core/expr.js';

const LETTERS = ['x', 'y', 'z', 'a', 'b', 'w', 'W', 'L', 'J', 'm', 'u', 'v', 'd'];
const GREEK = ['alpha', 'beta', 'theta', 'lambda', 'omega', 'delta', 'eta', 'epsilon', 'varepsilon', 'sigma', 'Delta'];
const WORDS = ['lr', 'loss'];

const symArb: fc.Arbitrary<Sym> = fc.record({
  name: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...LETTERS) }, { weight: 3, arbitrary: fc.constantFrom(...GREEK) }, { weight: 1, arbitrary: fc.constantFrom(...WORDS) }),
  sub: fc.option(fc.constantFrom('1', '2', 'i', 'j', 'i,j', 'jk', 'l-1', '\\alpha', 'out'), { freq: 3 }),
  layer: fc.option(fc.constantFrom('1', '2', 'l', 'l+1'), { freq: 4 }),
  accent: fc.option(fc.constantFrom('hat', 'bar', 'tilde'), { freq: 8 }),
  primes: fc.constantFrom(0, 0, 0, 0, 0, 0, 1),
}).map(({ name, sub: s, layer, accent, primes }) => sym(name, { sub: s ?? undefined, layer: layer ?? undefined, accent: accent ?? undefined, primes }))
  // δ with two indices is the Kronecker delta (a function of them), not a name.
  .filter((s) => !(s.name === 'delta' && s.layer === undefined && s.accent === undefined && s.primes === 0 && subTokens(s.sub).length === 2));

const oddSymArb: fc.Arbitrary<Sym> = fc.constantFrom(
  sym('e', { sub: 'i' }), sym('E', { sub: '1' }), sym('E'), sym('x', { sub: '1', primes: 2 }), sym('omega', { layer: '2', sub: 'i,j' }),
  sym('lr', { sub: '0' }), sym('y', { accent: 'hat', sub: 'i' }), sym('theta', { accent: 'vec' }), sym('ell'), sym('Phi'),
);

/** Symbols as values (primes only on bare names, as in `\sigma' = \sigma(1-\sigma)`). */
export const symbolArb = symArb;

/** Plain symbols: what derivatives are taken with respect to. */
const varArb: fc.Arbitrary<Sym> = symArb.map((s) => (s.primes > 0 ? sym(s.name, { sub: s.sub, layer: s.layer, accent: s.accent }) : s));

export const numberArb: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 12 }).map((n) => num(n)) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 2, max: 12 })).map(([n, d]) => num(new Fraction(n, d))) },
  { weight: 2, arbitrary: fc.constantFrom('0.5', '0.01', '0.25', '1.5', '0.000045', '2.75', '0.1').map((s) => num(new Fraction(s), true)) },
  { weight: 1, arbitrary: fc.constantFrom(E, PI) },
);

const USER_HEADS = ['f', 'g', 'h', 'phi', 'L', 'J', 'F', 'w'].map((n) => sym(n));
const userHeadArb: fc.Arbitrary<Sym> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...USER_HEADS) },
  { weight: 1, arbitrary: fc.constantFrom(sym('g', { layer: '1' }), sym('f', { sub: '1' }), sym('L', { sub: 'i' })) },
);

const NOTE_LABELS = ['a', 'a(1-a)', '\\sigma(z)', '-\\frac{y}{a}', '=1'];
const REL_OPS: RelOp[] = ['=', '≈', '≠', '<', '≤', '>', '≥'];

export interface TreeOptions {
  /** Include derivative nodes (not evaluable). */
  readonly derivatives?: boolean;
  /** Include piecewise nodes and decorations (`\boxed`, `\underbrace`). */
  readonly structure?: boolean;
  /** Include applications of user functions (evaluable only with implementations). */
  readonly userFunctions?: boolean;
  readonly maxDepth?: number;
}

/** Random expression trees. */
export function exprArb(options: TreeOptions = {}): fc.Arbitrary<Expr> {
  const { derivatives = true, structure = true, userFunctions = true, maxDepth = Number(process.env.PROPERTY_DEPTH ?? 4) } = options;
  const { tree } = fc.letrec<{ tree: Expr; leaf: Expr; node: Expr }>((tie) => {
    const t = tie('tree');
    const leaf = fc.oneof({ weight: 6, arbitrary: symArb as fc.Arbitrary<Expr> }, { weight: 4, arbitrary: numberArb }, { weight: 1, arbitrary: oddSymArb as fc.Arbitrary<Expr> });
    const unary = (name: string) => t.map((x) => apply(name, [x]));
    const nodes: fc.WeightedArbitrary<Expr>[] = [
      { weight: 5, arbitrary: fc.array(t, { minLength: 2, maxLength: 3 }).map((xs) => add(...xs)) },
      { weight: 5, arbitrary: fc.array(t, { minLength: 2, maxLength: 3 }).map((xs) => mul(...xs)) },
      { weight: 2, arbitrary: fc.tuple(t, t).map(([x, y]) => sub(x, y)) },
      { weight: 3, arbitrary: fc.tuple(t, t).map(([x, y]) => div(x, y)) },
      { weight: 2, arbitrary: t.map(neg) },
      { weight: 3, arbitrary: fc.tuple(t, fc.oneof(fc.integer({ min: -3, max: 4 }).map((n) => num(n)), fc.constant(num(new Fraction(1, 2))), fc.constant(num(new Fraction(1, 3))), t)).map(([b, x]) => pow(b, x)) },
      { weight: 2, arbitrary: unary('exp') },
      { weight: 2, arbitrary: unary('ln') },
      { weight: 1, arbitrary: fc.tuple(t, fc.constantFrom(num(2), num(10), E)).map(([x, b]) => apply('log', [x, b])) },
      { weight: 3, arbitrary: unary('sigmoid') },
      { weight: 2, arbitrary: unary('tanh') },
      { weight: 1, arbitrary: fc.constantFrom('sinh', 'cosh', 'sin', 'cos', 'softplus', 'relu', 'erf', 'sgn', 'logit', 'artanh').chain(unary) },
      { weight: 2, arbitrary: unary('abs') },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('max', 'min'), t, t).map(([f, x, y]) => apply(f, [x, y])) },
      { weight: 1, arbitrary: fc.tuple(t, fc.constantFrom(num(new Fraction(1, 100), true), num(new Fraction(1, 5), true), sym('alpha'))).map(([x, a]) => apply('leakyrelu', [x, a])) },
      { weight: 1, arbitrary: fc.tuple(t, fc.constantFrom(sym('alpha'), num(1), num(new Fraction(1, 2), true))).map(([x, a]) => apply('elu', [x, a])) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('sigmoid', 'tanh', 'relu'), t).map(([f, x]) => apply(f, [x], 1)) },
      { weight: 1, arbitrary: t.map((x) => apply('transpose', [x])) },
    ];
    if (userFunctions) {
      nodes.push({ weight: 2, arbitrary: fc.tuple(userHeadArb, fc.array(t, { minLength: 1, maxLength: 2 }), fc.constantFrom(0, 0, 0, 1, 2)).map(([f, args, p]) => apply(f, args, p)) });
    }
    if (derivatives) {
      nodes.push({
        weight: 2,
        arbitrary: fc.tuple(t, fc.array(varArb, { minLength: 1, maxLength: 2 }), fc.boolean(), fc.boolean()).map(([body, vs, partial, twice]) =>
          deriv(body, twice ? [vs[0]!, ...vs] : vs, partial)),
      });
    }
    if (structure) {
      nodes.push(
        { weight: 1, arbitrary: fc.tuple(fc.array(fc.tuple(t, t, fc.constantFrom<RelOp>('<', '≤', '>', '≥', '≠')), { minLength: 1, maxLength: 2 }), fc.option(t)).map(([ps, other]) =>
          piecewise([...ps.map(([v, c, op]) => ({ value: v, cond: rel([op], [c, num(0)]) })), ...(other === null ? [] : [{ value: other, cond: null }])])) },
        { weight: 1, arbitrary: fc.tuple(t, fc.constantFrom('boxed', 'underbrace', 'overbrace' as const), fc.constantFrom(...NOTE_LABELS)).map(([b, k, label]) => note(k, b, k === 'boxed' ? '' : label)) },
      );
    }
    return {
      leaf,
      node: fc.oneof(...nodes),
      tree: fc.oneof({ depthSize: 'small', maxDepth, withCrossShrink: true }, { weight: 3, arbitrary: tie('leaf') }, { weight: 4, arbitrary: tie('node') }),
    };
  });
  return tree;
}

/** A whole line: an expression, or a relation chain, or one with a trailing `\text{…}` note. */
export function lineArb(options: TreeOptions = {}): fc.Arbitrary<Expr> {
  const e = exprArb(options);
  return fc.oneof(
    { weight: 4, arbitrary: e },
    { weight: 2, arbitrary: fc.tuple(fc.array(e, { minLength: 2, maxLength: 3 }), fc.constantFrom(...REL_OPS)).map(([args, op]) => rel(args.slice(1).map(() => op), args)) },
    { weight: 1, arbitrary: fc.tuple(e, fc.constantFrom('(chain rule)', 'quotient rule', 'by definition')).map(([x, t]) => note('text', x, t)) },
  );
}

/** Implementations of the user functions the arbitrary applies, for the evaluator. */
export function userFunctionImpls(): Map<Sym, (...xs: number[]) => number> {
  const impls = new Map<Sym, (...xs: number[]) => number>();
  const heads = [...USER_HEADS, sym('g', { layer: '1' }), sym('f', { sub: '1' }), sym('L', { sub: 'i' })];
  heads.forEach((h, i) => impls.set(h, (...xs: number[]) => Math.sin(xs.reduce((s, x, k) => s + (k + 1) * x, 0)) + i));
  return impls;
}
