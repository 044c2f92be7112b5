/**
 * The simplifier's public face. (Placeholder body until the rewrite engine lands: returns the
 * input unchanged, which every caller must already tolerate, since simplification may fail to
 * find a form.)
 */
import type { Expr } from '../core/expr.js';

export type StopReason = 'saturated' | 'step-limit' | 'size-limit' | 'time-limit';
export interface RewriteStep { readonly rule: string; readonly before: Expr; readonly after: Expr }
export interface SimplifyOptions {
  /** Fold exponential forms back into named functions and prefer self-forms (σ(1−σ), 1−tanh²). Default true. */
  readonly self?: boolean;
  readonly maxSteps?: number;
}
export interface SimplifyResult { readonly expr: Expr; readonly steps: readonly RewriteStep[]; readonly stop: StopReason }

export function simplify(e: Expr, _options: SimplifyOptions = {}): SimplifyResult {
  return { expr: e, steps: [], stop: 'saturated' };
}
