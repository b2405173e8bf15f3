import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionPool, type DecisionPool, scaleDownSize, scaleUpSize } from '../../../src/infra/workers/decision-pool.ts';
import { evaluateScaleDown } from '../../../src/policy/scaling/scale-down/evaluate.ts';
import { planScaleUp } from '../../../src/policy/scaling/scale-up/plan.ts';
import type { ScaleDownInput, ScaleUpInput } from '../../../src/policy/scaling/types.ts';
import { scaleDownInputArb, scaleUpInputArb } from '../../policy/scaling/arbitraries.ts';
import { clusterNode, downGroup, group, NOW, pod, running, samples, template } from '../../policy/scaling/support.ts';

const SCALE_UP: ScaleUpInput = { pods: [pod('a', 500, 0), pod('b', 500, 0)], upcoming: [], groups: [group('g', [template('g', 'o', 2000, 4, 1)])], heldOfferings: [] };

function scaleDownInput(): ScaleDownInput {
  return { now: NOW, groups: [downGroup()], nodes: [clusterNode('idle', [running('web', 100, 0)]), clusterNode('busy', [], { samples: samples(0.9) })], pdbs: [] };
}

describe('decision pool: worker and inline agree', () => {
  let worker: DecisionPool;
  let inline: DecisionPool;
  beforeAll(() => {
    worker = createDecisionPool({ maxThreads: 1, inlineBelow: 0 });
    inline = createDecisionPool({ maxThreads: 1, inlineBelow: Infinity });
  });
  afterAll(async () => {
    await worker.close();
    await inline.close();
  });

  it('plans the same scale-up on a worker as inline', async () => {
    await fc.assert(
      fc.asyncProperty(scaleUpInputArb, async (input) => {
        expect(await worker.planScaleUp(input)).toEqual(await inline.planScaleUp(input));
      }),
      { numRuns: 40 },
    );
    expect(worker.stats.worker).toBeGreaterThanOrEqual(40);
    expect(inline.stats.worker).toBe(0);
  });

  it('evaluates the same scale-down on a worker as inline, samples transferred', async () => {
    await fc.assert(
      fc.asyncProperty(scaleDownInputArb, async (input) => {
        expect(await worker.evaluateScaleDown(input)).toEqual(await inline.evaluateScaleDown(input));
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same decision as calling the policy directly', async () => {
    expect(await worker.planScaleUp(SCALE_UP)).toEqual(planScaleUp(SCALE_UP));
    expect(await worker.evaluateScaleDown(scaleDownInput())).toEqual(evaluateScaleDown(scaleDownInput()));
  });

  it("leaves the caller's sample columns usable after a worker round", async () => {
    const input = scaleDownInput();
    const before = Array.from(input.nodes[0]!.samples!.cpu);
    await worker.evaluateScaleDown(input);
    expect(Array.from(input.nodes[0]!.samples!.cpu)).toEqual(before);
    expect(input.nodes[0]!.samples!.at.length).toBe(before.length);
  });

  it('carries nodes without samples across as nodes without samples', async () => {
    const input = scaleDownInput();
    const { samples: _, ...bare } = input.nodes[0]!;
    const mixed = { ...input, nodes: [bare, input.nodes[1]!] };
    expect(await worker.evaluateScaleDown(mixed)).toEqual(evaluateScaleDown(mixed));
    expect((await worker.evaluateScaleDown(mixed)).record.skipped.tooFewSamples).toBe(1);
  });

  it('rejects a malformed round from a worker and inline alike', async () => {
    const malformed = { pods: [{ namespace: 'x' }], upcoming: [], groups: [], heldOfferings: [] } as unknown as ScaleUpInput;
    await expect(worker.planScaleUp(malformed)).rejects.toThrow(TypeError);
    await expect(inline.planScaleUp(malformed)).rejects.toThrow(TypeError);
  });
});

describe('decision pool: where a round runs', () => {
  it('keeps rounds below the threshold inline and sends larger ones to a worker', async () => {
    const pool = createDecisionPool({ inlineBelow: { scaleUp: scaleUpSize(SCALE_UP) + 1, scaleDown: scaleDownSize(scaleDownInput()) } });
    try {
      await pool.planScaleUp(SCALE_UP);
      expect(pool.stats).toEqual({ inline: 1, worker: 0 });
      await pool.evaluateScaleDown(scaleDownInput());
      expect(pool.stats).toEqual({ inline: 1, worker: 1 });
    } finally {
      await pool.close();
    }
  });

  it('by default sends scale-up rounds of 10,000 pods × offerings or more to a worker and keeps scale-down inline', async () => {
    const pool = createDecisionPool();
    const offerings = Array.from({ length: 100 }, (_, i) => template('g', `o${i}`, 2000, 4, 1));
    const pods = (n: number) => Array.from({ length: n }, (_, i) => pod(`p${i}`, 10, 0));
    try {
      await pool.planScaleUp({ ...SCALE_UP, pods: pods(99), groups: [group('g', offerings)] });
      await pool.evaluateScaleDown(scaleDownInput());
      expect(pool.stats).toEqual({ inline: 2, worker: 0 });
      await pool.planScaleUp({ ...SCALE_UP, pods: pods(100), groups: [group('g', offerings)] });
      expect(pool.stats).toEqual({ inline: 2, worker: 1 });
    } finally {
      await pool.close();
    }
  });

  it('measures scale-up rounds in pods × offerings and scale-down rounds in nodes + pods', () => {
    expect(scaleUpSize(SCALE_UP)).toBe(2);
    expect(scaleUpSize({ ...SCALE_UP, groups: [group('g', [template('g', 'a', 1, 1, 1), template('g', 'b', 1, 1, 1)]), group('h', [template('h', 'c', 1, 1, 1)])] })).toBe(6);
    expect(scaleDownSize(scaleDownInput())).toBe(3);
  });

  it('refuses rounds once closed', async () => {
    const pool = createDecisionPool({ inlineBelow: Infinity });
    await pool.close();
    await expect(pool.planScaleUp(SCALE_UP)).rejects.toThrow('the decision pool is closed');
    await expect(pool.evaluateScaleDown(scaleDownInput())).rejects.toThrow('the decision pool is closed');
    await pool.close();
  });

  it.each([0, -1, 1.5])('refuses maxThreads %s', (maxThreads) => {
    expect(() => createDecisionPool({ maxThreads })).toThrow(RangeError);
  });
});
