/**
 * Presentation order: the canonical form sorts operands by a hash, which is right for equality
 * and wrong for reading. This pass orders them the way a textbook writes them:
 * - sums: positive terms before negative ones, numbers first among the positive
 *   (`1-\tanh^2(z)`, `1+e^{-z}`, `a-y`); then terms led by a function, the simpler first
 *   (`\operatorname{swish}(z)+\sigma(z)\left(1-\operatorname{swish}(z)\right)`); then
 *   polynomial terms, higher degree first (`w_1x_1+w_2x_2+b`);
 * - products: sums of names, then names, then functions, then sums that hold functions
 *   (`\left(a-y\right)x_1`, `y\ln(a)`, `x\sigma(x)\left(1-\tanh^2(…)\right)`), except that a
 *   factor occurring inside another comes first (`a\left(1-a\right)`).
 * - relations: a number on the left moves right (`x<0`, not `0>x`).
 * Ties are broken by the printed LaTeX, so the order never depends on hashes or ids.
 */
import { add, children, mul, rel, type Expr, type RelOp } from '../core/expr.js';
import { freeSet, transform } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { looksNegated } from './rules.js';

const degree = (t: Expr): number => (t.kind === 'num' ? 0 : t.kind === 'mul' ? t.factors.filter((f) => f.kind !== 'num').length : 1);
const core = (t: Expr): Expr => (t.kind === 'mul' ? t.factors.find((f) => f.kind !== 'num') ?? t : t);
const base = (t: Expr): Expr => (t.kind === 'pow' ? t.base : t);

const TERM_RANK: Partial<Record<Expr['kind'], number>> = { apply: 0, pow: 1, sym: 2 };
const FACTOR_RANK: Partial<Record<Expr['kind'], number>> = { add: 0, const: 1, sym: 2, deriv: 3, apply: 4 };

/** A sum of plain names goes first (`\left(a-y\right)x_1`); one that holds functions goes last (`\sigma(z)\left(1-\sigma(z)\right)`). */
function factorRank(f: Expr): number {
  const b = base(f);
  if (b.kind === 'add' && b.terms.some(hasApply)) return 6;
  return FACTOR_RANK[b.kind] ?? 5;
}

const hasApply = (e: Expr): boolean => e.kind === 'apply' || children(e).some(hasApply);

function termKey(t: Expr): [number, number, number, number, string] {
  const neg = looksNegated(t) ? 1 : 0;
  const isNum = t.kind === 'num' ? 0 : 1;
  const monomial = t.kind === 'mul' && t.factors[0]!.kind === 'num' ? mul(...t.factors.slice(1)) : t;
  const rank = TERM_RANK[base(core(t)).kind] ?? 3;
  return [neg, isNum, rank, rank === 0 ? degree(t) : -degree(t), toLatex(monomial)];
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function occursIn(f: Expr, g: Expr): boolean {
  if (f.kind === 'sym') return freeSet(g).has(f);
  const seen = new Set<Expr>();
  const walk = (x: Expr): boolean => {
    if (x === f) return true;
    if (seen.has(x)) return false;
    seen.add(x);
    return children(x).some(walk);
  };
  return g !== f && walk(g);
}

function orderFactors(fs: readonly Expr[]): Expr[] {
  const keyed = fs.map((f) => ({ f, key: [factorRank(f), toLatex(f)] as [number, string] }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  const out = keyed.map((k) => k.f);
  for (let i = 1; i < out.length; i++) {
    const f = out[i]!;
    const j = out.findIndex((g, k) => k < i && occursIn(base(f), g));
    if (j >= 0) {
      out.splice(i, 1);
      out.splice(j, 0, f);
    }
  }
  return out;
}

const FLIPPED: Record<RelOp, RelOp> = { '=': '=', '≈': '≈', '≠': '≠', '<': '>', '≤': '≥', '>': '<', '≥': '≤' };

export function present(e: Expr): Expr {
  return transform(e, (x) => {
    // A condition reads with its variable first: `x < 0`, not `0 > x`.
    if (x.kind === 'rel' && x.args.length === 2 && x.args[0]!.kind === 'num' && x.args[1]!.kind !== 'num') {
      return rel([FLIPPED[x.ops[0]!]], [x.args[1]!, x.args[0]!]);
    }
    if (x.kind === 'add') {
      const keyed = x.terms.map((t) => ({ t, key: termKey(t) }));
      keyed.sort((a, b) => compareKeys(a.key, b.key));
      return add(...keyed.map((k) => k.t));
    }
    if (x.kind === 'mul') {
      const [c, ...rest] = x.factors[0]!.kind === 'num' ? x.factors : [null, ...x.factors];
      const ordered = orderFactors(rest as Expr[]);
      return c ? mul(c, ...ordered) : mul(...ordered);
    }
    return x;
  });
}
