/**
 * How far one step jumps: the number of rule applications that connect its two sides.
 *
 * Each side is worked out by the rule engine: the differentiator expands every derivative
 * written in it (one event per differentiation rule applied, e.g. `d-chain` at `d/dz e^{-z}`),
 * then the simplifier brings the result to its normal form (one event per named rewrite rule
 * applied, e.g. `sigma-fold-exp` at `1/(1+e^{-z})`). The jump is the size of the symmetric
 * difference of the two sides' events (as multisets): the rule applications one side needs and
 * the other does not. Work both sides still need — the same rule at the same subexpression —
 * cancels, so `d/dz (1+e^{-z})^{-1}` → `-(1+e^{-z})^{-2} · d/dz(1+e^{-z})` jumps by one (the
 * power rule), whatever is left to do inside.
 *
 * Bookkeeping costs nothing: the sum and constant-multiple rules, the derivatives of a constant
 * and of the variable, and replacing a symbol or function by its definition (FREE_RULES) — a
 * teacher does not ask for `d/dz z = 1` on a line of its own. Neither does the simplifier's
 * canonical form (collecting terms, merging powers, ordering):
 * writing `e^{-z}/(1+e^{-z})^2` for `(1+e^{-z})^{-2} e^{-z}` is not a step. When the two sides
 * do not reach the same normal form (the simplifier cannot connect them, though sampling says
 * they are equal), the jump is not measured (null) and no step is called unjustified.
 */
import { children, sub, ZERO, type Expr } from '../core/expr.js';
import { tryDifferentiate } from '../diff/index.js';
import { simplify, type SimplifyResult } from '../simplify/index.js';
import type { Scope } from '../check/compare.js';
import { prepareClaim } from '../check/prepare.js';

/** Rule applications that are bookkeeping, not a step of the derivation. */
export const FREE_RULES: ReadonlySet<string> = new Set(['d-constant', 'd-variable', 'd-sum', 'd-constant-multiple', 'd-substitute', 'd-definition']);

export interface Trace {
  /** Rule application → how many times; keyed by rule id and the node it applied at. */
  readonly events: ReadonlyMap<string, number>;
  /** The simplifier's normal form of the side, or null when it could not be reached. */
  readonly normal: Expr | null;
  /**
   * The nodes the events name. Node ids are stable only while the node lives (the core interns
   * weakly), so a cached trace keeps its nodes alive: a later trace that meets the same
   * subexpression then meets the same id, and their events cancel.
   */
  readonly nodes: readonly Expr[];
}

/**
 * The rule applications that work out one side (derivatives, then simplification). `simplifyOf`
 * lets a caller remember normal forms: simplification depends on the tree alone, and lines that
 * name their parts differently (u_1, u_2 for 1 + e^{-z}) resolve to the same tree.
 */
export function traceOf(e: Expr, scope: Scope, simplifyOf: (x: Expr) => SimplifyResult = simplify): Trace {
  const events = new Map<string, number>();
  const nodes: Expr[] = [];
  const bump = (rule: string, at: Expr): void => {
    if (FREE_RULES.has(rule)) return;
    const key = `${rule}#${at.id}`;
    const n = events.get(key);
    if (n === undefined) nodes.push(at);
    events.set(key, (n ?? 0) + 1);
  };
  const options = { defs: scope.defs, functions: scope.functions };
  const visit = (x: Expr): void => {
    if (x.kind === 'deriv') {
      let body = x.body;
      for (const v of x.wrt) {
        const r = tryDifferentiate(body, v, options);
        if (!r.ok) return;
        for (const s of r.value.steps) bump(s.rule, s.expr);
        body = r.value.expr;
      }
      return;
    }
    // σ'(z): one application of the table's derivative.
    if (x.kind === 'apply' && x.primes > 0) bump('d-table', x);
    children(x).forEach(visit);
  };
  visit(e);
  const resolved = resolveSide(e, scope);
  if (resolved === null) return { events, normal: null, nodes };
  // A simplifier that throws is a bug, not a step too large to measure: it is not caught here,
  // so the submission reports an internal error instead of silently losing the max-jump rule.
  const s = simplifyOf(resolved);
  for (const step of s.steps) bump(step.rule, step.before);
  return { events, normal: s.stop === 'saturated' ? s.expr : null, nodes };
}

const NOTHING = { expr: ZERO, latex: '' };

/**
 * A side as the checker's judge reads it: derivatives worked out, definitions and bindings
 * substituted, a bare σ read as σ(z); null when that fails (a derivative that cannot be worked
 * out, a side too large). Prepared against 0, so the side is prepared once.
 */
export function resolveSide(e: Expr, scope: Scope): Expr | null {
  const r = prepareClaim('=', { expr: e, latex: '' }, NOTHING, scope);
  return r.ok ? r.claim.left : null;
}

/**
 * Rule applications between two traced sides. When their normal forms differ, the rewrites
 * that bring the difference of the normal forms to 0 are the bridge, and count too; null when
 * even that does not reach 0. `bridge` lets a caller remember bridges between normal forms.
 */
export function distance(a: Trace, b: Trace, bridge: (x: Expr, y: Expr) => number | null = bridgeSteps): number | null {
  if (a.normal === null || b.normal === null) return null;
  let d = 0;
  for (const [k, n] of a.events) d += Math.abs(n - (b.events.get(k) ?? 0));
  for (const [k, n] of b.events) if (!a.events.has(k)) d += n;
  if (a.normal === b.normal) return d;
  const across = bridge(a.normal, b.normal);
  return across === null ? null : d + across;
}

/** The rewrites that bring x − y to 0, or null when the simplifier does not get there. */
export function bridgeSteps(x: Expr, y: Expr): number | null {
  const s = simplify(sub(x, y), { presented: false });
  return s.stop === 'saturated' && s.expr === ZERO ? s.steps.length : null;
}
