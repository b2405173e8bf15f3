import { createSimClock, type SimClock } from '../../vpsie/clock.ts';

/**
 * The simulated cluster's one clock: the VPSie cloud's `SimClock` (simulated time running
 * `timeScale` times faster than real time) that can also jump forward. A jump lets a scenario
 * start with its nodes already booted and lets tests skip a boot delay without waiting for it.
 */
export interface ClusterClock extends SimClock {
  /** Moves simulated time forward by `ms` at once; timers due in between fire, in order. */
  advance(ms: number): void;
  /** Called after every `advance`; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void;
}

/**
 * `startMs` is the simulated time at creation (default: now); starting in the past by the length
 * of a planned jump keeps simulated time level with the wall clock afterwards at scale 1.
 */
export function createClusterClock(options: { timeScale?: number; startMs?: number } = {}): ClusterClock {
  const timeScale = options.timeScale ?? 1;
  const origin = Date.now();
  let offset = (options.startMs ?? origin) - origin;
  const listeners = new Set<() => void>();
  const base = createSimClock({ timeScale, now: () => origin + (Date.now() - origin) * timeScale + offset });
  return {
    now: base.now,
    timeScale: base.timeScale,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('a clock only moves forward');
      offset += ms;
      for (const listener of listeners) listener();
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
