export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs: number;
  /** Longest delay, however many attempts failed. */
  capMs: number;
}

/**
 * Capped exponential backoff: baseMs after the first failure, doubling per failure, never above
 * capMs. Jitter is left to the caller, which owns the randomness.
 */
export function backoffMs(attempts: number, { baseMs, capMs }: BackoffOptions): number {
  if (!(baseMs > 0) || !Number.isFinite(baseMs)) throw new RangeError(`backoff baseMs must be a positive number, got ${baseMs}`);
  if (!(capMs >= baseMs) || !Number.isFinite(capMs)) throw new RangeError(`backoff capMs must be a number at least baseMs (${baseMs}), got ${capMs}`);
  const failures = Number.isFinite(attempts) && attempts > 1 ? Math.floor(attempts) : 1;
  // 2 ** n overflows to Infinity for large n, which the cap absorbs.
  return Math.min(capMs, baseMs * 2 ** (failures - 1));
}
