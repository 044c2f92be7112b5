/**
 * A budget of time and work for one piece of untrusted input: one step of a derivation, or a
 * whole file. The stages charge it as they go, in units of bounded work (a rule application of
 * the differentiator, a rewrite or a canonicalised operand of the simplifier), and the limits
 * are checked in the work itself, not sampled from outside: the work limit at every charge, the
 * clock every CLOCK_UNITS units (reading it costs as much as a small unit of work), so a stage
 * stops within that many units of either limit. A budget made with `within` charges its parent
 * too, so a step's work counts against its file's and a step never outlives its file.
 */

/** Units of work between two readings of the clock. */
export const CLOCK_UNITS = 64;

export type Exhausted = 'time' | 'work';

export class BudgetExceeded extends Error {
  constructor(readonly exhausted: Exhausted, readonly budget: Budget) {
    super(exhausted === 'time' ? `the ${budget.label} time limit (${budget.ms} ms) was reached` : `the ${budget.label} work limit (${budget.maxWork} units) was reached`);
    this.name = 'BudgetExceeded';
  }
}

const now = (): number => performance.now();

export class Budget {
  private used = 0;
  /** Units charged since the clock was last read (passed on to the parent then). */
  private pending = 0;
  /** Units left before the clock is read again; the first charge reads it. */
  private untilClock = 0;
  /** Absolute time (performance.now()) after which a charge fails. */
  readonly deadline: number;

  private constructor(readonly label: string, readonly ms: number, readonly maxWork: number, private readonly parent: Budget | null) {
    this.deadline = Math.min(now() + ms, parent?.deadline ?? Infinity);
  }

  /** A fresh budget: `ms` milliseconds from now and `maxWork` units of work. */
  static of(label: string, ms: number, maxWork = Infinity): Budget {
    return new Budget(label, ms, maxWork, null);
  }

  /** No limit at all (for callers that bring their own, or none). */
  static unlimited(): Budget {
    return new Budget('unlimited', Infinity, Infinity, null);
  }

  /** A part of this budget: its own limits, and never more than what is left of this one. */
  within(label: string, ms: number, maxWork = Infinity): Budget {
    return new Budget(label, ms, maxWork, this);
  }

  /** Spends `units` of work; throws BudgetExceeded when this budget or a parent runs out. */
  charge(units = 1): void {
    this.used += units;
    if (this.used > this.maxWork) throw new BudgetExceeded('work', this);
    this.pending += units;
    this.untilClock -= units;
    if (this.untilClock > 0) return;
    this.untilClock = CLOCK_UNITS;
    const spent = this.pending;
    this.pending = 0;
    if (now() > this.deadline) throw new BudgetExceeded('time', this.outOfTime());
    this.parent?.charge(spent);
  }

  /** What ran out first, when one has: this budget or a parent (the one whose limit it was). One clock reading. */
  exhausted(): BudgetExceeded | null {
    if (now() > this.deadline) return new BudgetExceeded('time', this.outOfTime());
    for (let b: Budget | null = this; b !== null; b = b.parent) if (b.used > b.maxWork) return new BudgetExceeded('work', b);
    return null;
  }

  /** Milliseconds left (0 when spent). */
  remainingMs(): number {
    return Math.max(0, this.deadline - now());
  }

  /** The budget whose deadline this one inherited (the file's, when the file runs out first). */
  private outOfTime(): Budget {
    return this.parent !== null && this.parent.deadline <= this.deadline && now() > this.parent.deadline ? this.parent.outOfTime() : this;
  }
}
