import { describe, expect, it } from 'vitest';
import { DEFAULT_UTILISATION_SETTINGS, judgeUtilisation } from '../../../src/policy/scaling/scale-down/utilisation.ts';
import type { SampleColumns } from '../../../src/policy/scaling/types.ts';
import { NOW, samples } from './support.ts';

const POLICY = { cpuThreshold: 50, memoryThreshold: 50, windowSeconds: 600 };
const judge = (s: SampleColumns | undefined, policy = POLICY, settings = DEFAULT_UTILISATION_SETTINGS) => judgeUtilisation(s, policy, NOW, settings);

/** Samples every 15 s over the window; cpu values as given, memory low. */
function series(cpu: number[], stepSeconds = 15): SampleColumns {
  const n = cpu.length;
  return {
    at: Float64Array.from(cpu, (_, i) => NOW - (n - 1 - i) * stepSeconds * 1000),
    cpu: Float32Array.from(cpu),
    memory: new Float32Array(n).fill(0.1),
  };
}

describe('judgeUtilisation', () => {
  it('finds a node under both thresholds for the whole window unneeded', () => {
    expect(judge(samples(0.2, 0.3))).toMatchObject({ under: true, samples: 40, underShare: 1 });
  });

  it('reports the mean cpu and memory over the window', () => {
    const v = judge(series([0.1, 0.3, 0.2, 0.2]), { ...POLICY, windowSeconds: 60 });
    expect(v.meanCpu).toBeCloseTo(0.2, 6);
    expect(v.meanMemory).toBeCloseTo(0.1, 6);
  });

  it('keeps a node over the cpu threshold', () => {
    expect(judge(samples(0.6, 0.1))).toMatchObject({ under: false, why: 'OverThreshold' });
  });

  it('keeps a node over the memory threshold', () => {
    expect(judge(samples(0.1, 0.6))).toMatchObject({ under: false, why: 'OverThreshold' });
  });

  it('counts a sample exactly at the threshold as not under', () => {
    expect(judge(samples(0.5, 0.1))).toMatchObject({ under: false, why: 'OverThreshold' });
  });

  it('uses the group thresholds', () => {
    expect(judge(samples(0.6, 0.6), { ...POLICY, cpuThreshold: 70, memoryThreshold: 70 }).under).toBe(true);
  });

  it('tolerates a short spike: 90% of samples under is enough', () => {
    const cpu = Array.from({ length: 40 }, (_, i) => (i < 4 ? 0.9 : 0.1));
    expect(judge(series(cpu))).toMatchObject({ under: true, underShare: 0.9 });
  });

  it('keeps a node when more than the allowed share is over', () => {
    const cpu = Array.from({ length: 40 }, (_, i) => (i < 5 ? 0.9 : 0.1));
    expect(judge(series(cpu))).toMatchObject({ under: false, why: 'OverThreshold' });
  });

  it('takes the share from the settings', () => {
    const cpu = Array.from({ length: 40 }, (_, i) => (i < 5 ? 0.9 : 0.1));
    expect(judge(series(cpu), POLICY, { ...DEFAULT_UTILISATION_SETTINGS, minUnderShare: 0.8 }).under).toBe(true);
  });

  it('ignores samples older than the window', () => {
    const old = Array.from({ length: 40 }, () => 0.9);
    const recent = Array.from({ length: 41 }, () => 0.1);
    expect(judge(series([...old, ...recent]))).toMatchObject({ under: true, samples: 41 });
  });

  it('needs the minimum number of samples', () => {
    expect(judge(samples(0.1, 0.1, 2))).toMatchObject({ under: false, why: 'TooFewSamples', samples: 2 });
    expect(judge(undefined)).toMatchObject({ under: false, why: 'TooFewSamples', samples: 0 });
  });

  it('needs the samples to span most of the window', () => {
    expect(judge(samples(0.1, 0.1, 10, 120))).toMatchObject({ under: false, why: 'WindowNotCovered' });
    expect(judge(samples(0.1, 0.1, 10, 480)).under).toBe(true);
  });

  it('judges the latest sample alone with a window of zero', () => {
    expect(judge(series([0.9, 0.9, 0.1]), { ...POLICY, windowSeconds: 0 })).toMatchObject({ under: true, samples: 1 });
    expect(judge(series([0.1, 0.9]), { ...POLICY, windowSeconds: 0 })).toMatchObject({ under: false, why: 'OverThreshold' });
    expect(judge(undefined, { ...POLICY, windowSeconds: 0 })).toMatchObject({ under: false, why: 'TooFewSamples' });
  });
});
