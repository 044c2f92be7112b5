/**
 * Sums over an index, as the derivations of softmax and cross-entropy need them: the Kronecker
 * delta picks one term (Σ_k δ_{kj} f_k = f_j), a sum splits over its terms and lets constant
 * factors out, a product with a sum in it is multiplied out when that lets the others act
 * (Σ_k y_k(δ_{kj} − p_j) = Σ_k y_k δ_{kj} − p_j Σ_k y_k), and a term that does not depend on
 * the index counts the range (Σ_{k=1}^{K} c = K c).
 *
 * The delta rule assumes the picked index lies in the range, as every such derivation does
 * (j is one of the classes the sum runs over).
 */
import { add, bigop, mul, num, sub, type BigOp, type Expr, type Sym } from '../core/expr.js';
import { boundBy } from '../core/indices.js';
import { renameIndices, symbolsIn } from '../core/walk.js';

/** Whether `e` mentions the index of the sum (itself or a component it names). */
const mentions = (e: Expr, index: Sym): boolean => [...symbolsIn(e)].some((s) => boundBy(s, index));

/** Whether a term has a Kronecker delta in the index as a factor (`δ_{kj}`, `y_k δ_{kj}`). */
function deltaIn(t: Expr, index: Sym): boolean {
  const fs = t.kind === 'mul' ? t.factors : [t];
  return fs.some((f) => f.kind === 'apply' && f.fn === 'kronecker' && f.args.includes(index));
}

/** One step of sum algebra at the top of `s`, named, or null. */
export function sumStep(s: BigOp, allowed: (rule: string) => boolean = () => true): { rule: string; expr: Expr } | null {
  if (s.op !== 'sum') return null;
  const { index, body } = s;
  const over = (b: Expr): Expr => bigop('sum', index, s.lo, s.hi, b);
  const factors = body.kind === 'mul' ? body.factors : [body];
  // Σ_k δ_{kj} f(k) = f(j)
  for (const [i, f] of factors.entries()) {
    if (f.kind !== 'apply' || f.fn !== 'kronecker' || !allowed('sum-kronecker')) continue;
    const [a, b] = f.args as [Expr, Expr];
    const [k, other] = a === index ? [a, b] : b === index ? [b, a] : [null, null];
    if (k === null || mentions(other!, index)) continue;
    const rest = mul(...factors.filter((_, n) => n !== i));
    const to = other!.kind === 'num' ? Number(other!.value.valueOf()) : other!.kind === 'sym' && other!.sub === undefined ? other!.name : null;
    if (to === null) continue;
    return { rule: 'sum-kronecker', expr: renameIndices(rest, new Map([[index.name, to]])) };
  }
  // Σ (a + b) = Σ a + Σ b
  if (body.kind === 'add' && allowed('sum-split')) return { rule: 'sum-split', expr: add(...body.terms.map(over)) };
  // Σ c f(k) = c Σ f(k)
  const constant = factors.filter((f) => !mentions(f, index));
  if (constant.length > 0 && constant.length < factors.length && allowed('sum-constant-factor')) {
    return { rule: 'sum-constant-factor', expr: mul(...constant, over(mul(...factors.filter((f) => mentions(f, index))))) };
  }
  // Σ_k y_k(δ_{kj} − p_j) = Σ_k y_k δ_{kj} − Σ_k y_k p_j: multiplied out and split at once (a
  // body multiplied out would be factored again) when a term of a factor is one the rules above
  // take apart: a delta in the index, or a term free of it.
  const spread = factors.findIndex((f) => f.kind === 'add' && f.terms.some((t) => !mentions(t, index) || deltaIn(t, index)));
  if (spread >= 0 && allowed('sum-distribute')) {
    const rest = factors.filter((_, n) => n !== spread);
    return { rule: 'sum-distribute', expr: add(...(factors[spread] as Expr & { kind: 'add' }).terms.map((t) => over(mul(t, ...rest)))) };
  }
  // Σ_{k=lo}^{hi} c = (hi − lo + 1) c
  if (!mentions(body, index) && s.lo !== null && s.hi !== null && allowed('sum-count')) return { rule: 'sum-count', expr: mul(add(sub(s.hi, s.lo), num(1)), body) };
  return null;
}

