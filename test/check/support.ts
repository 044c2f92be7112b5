/** Shared helpers for the checker's tests: claims from LaTeX, default options. */
import type { RelOp } from '../../src/core/expr.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { Budget } from '../../src/core/budget.js';
import { NO_ASSUMPTIONS } from '../../src/check/evaluate.js';
import { judge, type JudgeOptions } from '../../src/check/judge.js';
import type { Claim, Verdict } from '../../src/check/verdict.js';

export function claimOf(lhs: string, op: RelOp, rhs: string, extra: Partial<Claim> = {}): Claim {
  return { op, left: parseOrThrow(lhs), right: parseOrThrow(rhs), shown: [], factors: [], implied: null, ...extra };
}

export const OPTIONS: JudgeOptions = {
  seed: 1, points: 24, assumptions: NO_ASSUMPTIONS, matrices: new Set(), tolerance: undefined, budget: Budget.unlimited(),
};

/** Judge `lhs op rhs` with default options. */
export function judgeLatex(lhs: string, op: RelOp, rhs: string, options: Partial<JudgeOptions> = {}): Verdict {
  return judge(claimOf(lhs, op, rhs), { ...OPTIONS, ...options });
}
