import { describe, expect, it } from 'vitest';
import { allowedDisruptions, disruptionLimit, parseDisruptionBudget } from '../../src/policy/disruption-budget.ts';

describe('disruption budget', () => {
  it.each([
    ['0', { count: 0 }],
    ['1', { count: 1 }],
    ['25', { count: 25 }],
    ['0%', { percent: 0 }],
    ['20%', { percent: 20 }],
    ['150%', { percent: 150 }],
  ])('reads %j', (text, budget) => {
    expect(parseDisruptionBudget(text)).toEqual(budget);
  });

  it('defaults to one node when absent, as the CRD does', () => {
    expect(parseDisruptionBudget(undefined)).toEqual({ count: 1 });
  });

  it.each(['', '01', '-1', '1.5', '%', '10%%', ' 1', '1 ', 'one', '5 %'])('rejects %j as the CRD pattern does', (text) => {
    expect(parseDisruptionBudget(text)).toBeNull();
  });

  it.each([
    [{ percent: 10 }, 10, 1],
    [{ percent: 10 }, 11, 2],
    [{ percent: 34 }, 3, 2],
    [{ percent: 50 }, 1, 1],
    [{ percent: 20 }, 0, 0],
    [{ percent: 0 }, 50, 0],
    [{ count: 3 }, 1, 3],
  ])('limits %j of %i live nodes to %i (percentages round up)', (budget, live, limit) => {
    expect(disruptionLimit(budget, live)).toBe(limit);
  });

  it('allows what the limit leaves after disruptions in progress, never less than none', () => {
    expect(allowedDisruptions({ count: 3 }, { live: 10, disrupting: 1 })).toBe(2);
    expect(allowedDisruptions({ count: 1 }, { live: 10, disrupting: 4 })).toBe(0);
  });
});
