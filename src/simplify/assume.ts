/**
 * Assumptions as rewrite rules. An equation the caller holds true — `\sum_k y_k = 1` for a
 * one-hot or probability target — is used from its larger side to its smaller one (a side with
 * a sum to one without; otherwise the larger to the smaller, the left to the right on a tie),
 * wherever that side appears, read as the matcher reads patterns: a sum's index may be any
 * letter (`\sum_k y_k = 1` rewrites `\sum_{i=1}^{K} y_i`), and a sum written without a range
 * runs over every entry (it rewrites sums with no range or one from 1). Relations other than
 * `=` say nothing the simplifier can use and are skipped.
 */
import type { Expr, Sym } from '../core/expr.js';
import { children } from '../core/expr.js';
import { size } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { canonical } from './canon.js';
import type { CompiledRule } from './rules.js';

/** The id every assumption rule carries in traces. */
export const ASSUME_RULE = 'assume';

const hasSum = (e: Expr): boolean => e.kind === 'sum' || children(e).some(hasSum);

function boundIndices(e: Expr, out = new Set<Sym>()): Set<Sym> {
  if (e.kind === 'sum') out.add(e.index);
  children(e).forEach((c) => boundIndices(c, out));
  return out;
}

const compiled = new WeakMap<Expr, CompiledRule | null>();

function ruleOf(a: Expr): CompiledRule | null {
  if (a.kind !== 'rel' || a.ops.length !== 1 || a.ops[0] !== '=') return null;
  const [l, r] = a.args as [Expr, Expr];
  const forward = hasSum(l) !== hasSum(r) ? hasSum(l) : size(l) >= size(r);
  const [from, to] = forward ? [l, r] : [r, l];
  return {
    spec: { id: ASSUME_RULE, lhs: toLatex(from), rhs: toLatex(to), vars: '' },
    lhs: canonical(from), rhs: to,
    vars: { any: new Set(), numeric: new Set(), indices: boundIndices(from) },
    guard: () => true,
  };
}

/** The rules the assumptions give, in order (each compiled once per assumption). */
export function assumptionRules(assumptions: readonly Expr[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const a of assumptions) {
    let r = compiled.get(a);
    if (r === undefined) {
      r = ruleOf(a);
      compiled.set(a, r);
    }
    if (r !== null) out.push(r);
  }
  return out;
}
