import { afterEach, describe, expect, it } from 'vitest';
import { createClusterClock } from '../../../src/sim/cluster/time/clock.ts';
import { DurationError, formatDuration, parseDuration } from '../../../src/sim/cluster/time/duration.ts';
import { SimTimers } from '../../../src/sim/cluster/time/timers.ts';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['90', 90_000],
    [45, 45_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5 minutes', '5x', 'm5', '1h 30m', -1])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });

  it('prints durations the way they are written', () => {
    expect([500, 1000, 90_000, 3_600_000, 3_661_000].map(formatDuration)).toEqual(['500ms', '1s', '1m30s', '1h', '1h1m1s']);
  });
});

describe('simulated time', () => {
  let timers: SimTimers | undefined;
  afterEach(() => timers?.stop());

  it('runs timeScale times faster than real time', async () => {
    const clock = createClusterClock({ timeScale: 1000 });
    const t0 = clock.now();
    await new Promise((r) => setTimeout(r, 50));
    expect(clock.now() - t0).toBeGreaterThanOrEqual(40_000);
  });

  it('fires a 90 s simulated delay within a fraction of a real second at scale 1000', async () => {
    const clock = createClusterClock({ timeScale: 1000 });
    timers = new SimTimers(clock, (e) => {
      throw e;
    });
    const started = Date.now();
    await timers.wait(90_000);
    // Unaccelerated this would take 90 s.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fires timers in order of their simulated time when the clock jumps', () => {
    const clock = createClusterClock({ timeScale: 1 });
    timers = new SimTimers(clock, (e) => {
      throw e;
    });
    const fired: string[] = [];
    timers.after(30_000, () => fired.push('30s'));
    timers.after(10_000, () => fired.push('10s'));
    const cancel = timers.after(20_000, () => fired.push('20s'));
    timers.after(60_000, () => fired.push('60s'));
    cancel();
    clock.advance(45_000);
    expect(fired).toEqual(['10s', '30s']);
  });

  it('plans a periodic task again only after it has finished', async () => {
    const clock = createClusterClock({ timeScale: 1 });
    timers = new SimTimers(clock, (e) => {
      throw e;
    });
    let runs = 0;
    let release: () => void = () => {};
    timers.every(1000, () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    });
    clock.advance(1000);
    clock.advance(5000);
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setImmediate(r));
    clock.advance(1000);
    expect(runs).toBe(2);
  });

  it('can start in the past, to end level with the wall clock after a planned jump', () => {
    const clock = createClusterClock({ startMs: Date.now() - 110_000 });
    expect(Date.now() - clock.now()).toBeGreaterThanOrEqual(109_000);
    clock.advance(110_000);
    expect(Math.abs(Date.now() - clock.now())).toBeLessThan(1000);
  });

  it('refuses to go backwards', () => {
    expect(() => createClusterClock().advance(-1)).toThrow(RangeError);
  });
});
