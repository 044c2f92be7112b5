/**
 * Credit for progress, not for lines. A step that follows earns its points only when it brings
 * the derivation closer to the answer; one that goes nowhere earns nothing, however it is written.
 *
 * Every line stands for a state of the derivation (Line.state, set by grade.ts): a restatement of
 * the task that names its function (`σ'(z)`, `d/dz σ(z)`) is the task's start itself, so the same
 * work gets the same mark whatever notation was picked. A line's distance to the answer is the
 * number of rule applications between its state and the target (jump.ts), or — for work carried
 * forward after a slip, which cannot reach the target — the submission's own final answer.
 *
 * A step that follows is
 * - a `rewrite` when no rule separates it from the line before (the same canonical form, or a
 *   jump of 0): restating, reordering factors, opening brackets the canonical form opens anyway;
 * - a `repeat` when its state is one written before (a cycle back to an earlier line);
 * - `away` when it ends further from the answer than the closest line so far (a detour);
 * - `unrelated` when its distance cannot be measured in work that does not start from the task's
 *   start (it answers a different question);
 * - `progress` otherwise. A step whose distance cannot be measured, in work that does start from
 *   the task's start, gets the benefit of the doubt: it is new and it does work.
 *
 * Every line reached, by any step, counts as reached: a detour followed by a return, or a jump
 * straight to the answer followed by lines that walk back and forth, cannot earn more than the
 * honest derivation it pads.
 */
import type { Expr } from '../core/expr.js';
import { canonical } from '../simplify/index.js';
import type { Scope } from '../check/compare.js';
import type { Judge } from './judge.js';
import type { Progress } from './types.js';

/** One expression as the grader follows it. */
export interface Line {
  /** What the line stands for: the task's start for a restatement of it, d/dz f for a rewrite of the function f, else the line. */
  readonly state: Expr;
  readonly scope: Scope;
  /** How feedback names it: `line 3`, `the task's start`. */
  readonly label: string;
}

type Goal = 'target' | 'final';

/** How far a line is from the answer it works toward. */
export interface Measure { readonly goal: Goal; readonly distance: number }

export interface Classified {
  readonly progress: Progress;
  /** `repeat`: the earlier line; `away`: the closest line so far. */
  readonly earlier: Line | null;
  /** `away`: the closest line's distance. */
  readonly best: number | null;
}

export class ProgressTracker {
  private readonly seen = new Map<Expr, Line>();
  private readonly best = new Map<Goal, { readonly distance: number; readonly line: Line }>();
  private readonly measures = new Map<Line, Measure | null>();

  /**
   * `final` is the submission's last line (null when it could not be read); `anchored` says the
   * work starts from the task's start (grade.ts), so unmeasured steps may be given the benefit
   * of the doubt and the final answer may serve as the goal after a slip.
   */
  constructor(
    private readonly judge: Judge,
    private readonly target: Expr,
    private readonly final: Line | null,
    private readonly anchored: boolean,
    start: Line,
  ) {
    this.reach(start);
  }

  measure(line: Line): Measure | null {
    if (this.measures.has(line)) return this.measures.get(line)!;
    let out: Measure | null = null;
    const toTarget = this.judge.jump(line.state, this.target, line.scope);
    if (toTarget !== null) out = { goal: 'target', distance: toTarget };
    else if (this.anchored && this.final !== null) {
      const toFinal = this.judge.jump(line.state, this.final.state, line.scope);
      if (toFinal !== null) out = { goal: 'final', distance: toFinal };
    }
    this.measures.set(line, out);
    return out;
  }

  /** What a step that follows does; `jump` is the rule applications between its two lines. */
  classify(from: Line, to: Line, jump: number | null): Classified {
    const key = canonical(to.state);
    if (jump === 0 || key === canonical(from.state)) return { progress: 'rewrite', earlier: null, best: null };
    const earlier = this.seen.get(key);
    if (earlier !== undefined) return { progress: 'repeat', earlier, best: null };
    const m = this.measure(to);
    if (m === null) return { progress: this.anchored ? 'progress' : 'unrelated', earlier: null, best: null };
    const best = this.best.get(m.goal);
    if (best !== undefined && m.distance > best.distance) return { progress: 'away', earlier: best.line, best: best.distance };
    return { progress: 'progress', earlier: null, best: null };
  }

  /** Records that the derivation reached a line (by any step, valid or not). */
  reach(line: Line): void {
    const key = canonical(line.state);
    if (!this.seen.has(key)) this.seen.set(key, line);
    const m = this.measure(line);
    if (m === null) return;
    const best = this.best.get(m.goal);
    if (best === undefined || m.distance < best.distance) this.best.set(m.goal, { distance: m.distance, line });
  }
}
