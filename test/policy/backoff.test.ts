import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/policy/backoff.ts';

const options = { baseMs: 500, capMs: 10_000 };

describe('backoffMs', () => {
  it.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [5, 8_000],
    [6, 10_000],
    [1_000, 10_000],
  ])('waits the base delay doubled per failure, capped: attempt %i → %i ms', (attempts, ms) => {
    expect(backoffMs(attempts, options)).toBe(ms);
  });

  it('treats attempts below 1, or not a number, as the first', () => {
    for (const attempts of [0, -5, Number.NaN, Number.NEGATIVE_INFINITY]) expect(backoffMs(attempts, options), String(attempts)).toBe(500);
  });

  it('counts whole failures only', () => {
    expect(backoffMs(2.9, options)).toBe(1_000);
  });

  it('refuses a base that is not a positive number', () => {
    for (const baseMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => backoffMs(1, { baseMs, capMs: 10_000 }), String(baseMs)).toThrow(RangeError);
  });

  it('refuses a cap below the base or infinite', () => {
    for (const capMs of [499, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => backoffMs(1, { baseMs: 500, capMs }), String(capMs)).toThrow(RangeError);
  });
});
