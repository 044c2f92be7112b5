import { describe, expect, it } from 'vitest';
import { Budget, BudgetExceeded, CLOCK_UNITS } from '../../src/core/budget.js';

describe('budgets of time and work', () => {
  it('a spent clock stops the first charge', () => {
    expect(() => Budget.of('step', 0).charge()).toThrow(BudgetExceeded);
  });

  it('the work limit is checked at every charge', () => {
    const b = Budget.of('step', 60_000, 3);
    b.charge(3);
    expect(() => b.charge()).toThrow(/the step work limit \(3 units\) was reached/);
  });

  it('a part charges its whole, and never outlives it', () => {
    const file = Budget.of('file', 60_000, 2 * CLOCK_UNITS);
    const step = file.within('step', 60_000);
    step.charge(CLOCK_UNITS);
    step.charge(CLOCK_UNITS);
    expect(() => step.charge(CLOCK_UNITS)).toThrow(/the file work limit/);
    expect(file.within('step', 10 ** 9).deadline).toBe(file.deadline);
  });

  it('says which limit ran out first', () => {
    const file = Budget.of('file', 0);
    const step = file.within('step', 60_000);
    expect(step.exhausted()?.message).toBe('the file time limit (0 ms) was reached');
    expect(Budget.unlimited().exhausted()).toBeNull();
  });
});
