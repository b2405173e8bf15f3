import { describe, expect, it } from 'vitest';
import { appendSample, createSampleRing, isUtilisationSample, samplesSince } from '../../src/machines/sampleRing.ts';

function fill(capacity: number, count: number) {
  let ring = createSampleRing(capacity);
  for (let i = 1; i <= count; i++) ring = appendSample(ring, { cpu: i / 100, memory: i / 200, at: i * 10 });
  return ring;
}

describe('sample ring', () => {
  it('keeps samples in arrival order until full', () => {
    const window = samplesSince(fill(4, 3), 0);
    expect(Array.from(window.at)).toEqual([10, 20, 30]);
  });

  it('overwrites the oldest sample once full', () => {
    const ring = fill(4, 6);
    expect(ring.size).toBe(4);
    expect(Array.from(samplesSince(ring, 0).at)).toEqual([30, 40, 50, 60]);
  });

  it('returns the samples taken at or after a time, oldest first', () => {
    const window = samplesSince(fill(4, 6), 45);
    expect(Array.from(window.at)).toEqual([50, 60]);
    expect(Array.from(window.cpu)).toEqual([Math.fround(0.05), Math.fround(0.06)]);
    expect(Array.from(window.memory)).toEqual([Math.fround(0.025), Math.fround(0.03)]);
  });

  it('filters by time, not position, when times arrive out of order', () => {
    let ring = createSampleRing(3);
    for (const at of [30, 10, 20]) ring = appendSample(ring, { cpu: 0, memory: 0, at });
    expect(Array.from(samplesSince(ring, 20).at)).toEqual([30, 20]);
  });

  it('gives a window that does not change when the ring does', () => {
    const ring = fill(2, 2);
    const window = samplesSince(ring, 0);
    appendSample(ring, { cpu: 0.9, memory: 0.9, at: 99 });
    expect(Array.from(window.at)).toEqual([10, 20]);
  });

  it('gives an empty window for a node without samples', () => {
    const window = samplesSince(undefined, 0);
    expect([window.at.length, window.cpu.length, window.memory.length]).toEqual([0, 0, 0]);
  });

  it('replaces the header and keeps the buffers on each sample', () => {
    const ring = createSampleRing(2);
    const next = appendSample(ring, { cpu: 0.1, memory: 0.1, at: 1 });
    expect(next).not.toBe(ring);
    expect(next.at).toBe(ring.at);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => createSampleRing(capacity), String(capacity)).toThrow(RangeError);
  });

  it('accepts utilisation above 1 and refuses negative, NaN or infinite readings', () => {
    expect(isUtilisationSample({ cpu: 1.5, memory: 0, at: 0 })).toBe(true);
    for (const bad of [
      { cpu: -0.1, memory: 0, at: 0 },
      { cpu: 0, memory: Number.NaN, at: 0 },
      { cpu: Number.POSITIVE_INFINITY, memory: 0, at: 0 },
      { cpu: 0, memory: 0, at: Number.NaN },
    ]) {
      expect(isUtilisationSample(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
