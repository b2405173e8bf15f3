/**
 * Simulated time. `now()` is what the cloud stamps on tokens and VMs; `timeScale` says how much
 * faster than real time it runs, so a 90 s boot delay takes 90 ms of real time at scale 1000.
 */
export interface SimClock {
  now(): number;
  readonly timeScale: number;
}

export interface SimClockOptions {
  /** Injected simulated time; when absent, simulated time starts at the real time and runs `timeScale`× faster. */
  now?: () => number;
  timeScale?: number;
}

export function createSimClock(options: SimClockOptions = {}): SimClock {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError('timeScale must be positive');
  if (options.now) return { now: options.now, timeScale };
  const origin = Date.now();
  return { now: () => origin + (Date.now() - origin) * timeScale, timeScale };
}

/** Real milliseconds a timer must wait for `simulatedMs` of simulated time to pass. */
export function realDelayMs(clock: SimClock, simulatedMs: number): number {
  return Math.max(0, Math.ceil(simulatedMs / clock.timeScale));
}
