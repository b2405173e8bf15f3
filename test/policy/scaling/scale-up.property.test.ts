import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placementFailure } from '../../../src/policy/scaling/predicates.ts';
import { planScaleUp } from '../../../src/policy/scaling/scale-up/plan.ts';
import type { PendingPod, ScaleUpDecision, ScaleUpInput } from '../../../src/policy/scaling/types.ts';
import { scaleUpInputArb } from './arbitraries.ts';

const RUNS = { numRuns: 300 };

function podsByKey(input: ScaleUpInput): Map<string, PendingPod> {
  return new Map(input.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
}

function sum(pods: readonly PendingPod[]) {
  return pods.reduce((s, p) => ({ cpu: s.cpu + p.requests.cpu, memory: s.memory + p.requests.memory }), { cpu: 0, memory: 0 });
}

function templateOf(input: ScaleUpInput, group: string, offeringID: string) {
  const g = input.groups.find((x) => x.name === group)!;
  return { group: g, offering: g.offerings.find((o) => o.offeringID === offeringID)! };
}

function decide(input: ScaleUpInput): ScaleUpDecision {
  return planScaleUp(input);
}

describe('planScaleUp properties', () => {
  it('never over-commits a new node: requests plus DaemonSet overhead stay within allocatable cpu, memory and pods', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const pods = podsByKey(input);
        for (const node of decide(input).newNodes) {
          const { offering } = templateOf(input, node.group, node.offeringID);
          const used = sum(node.pods.map((k) => pods.get(k)!));
          expect(used.cpu + offering.daemonSetOverhead.cpu).toBeLessThanOrEqual(offering.allocatable.cpu);
          expect(used.memory + offering.daemonSetOverhead.memory).toBeLessThanOrEqual(offering.allocatable.memory);
          expect(node.pods.length + offering.daemonSetOverhead.pods).toBeLessThanOrEqual(offering.allocatable.pods);
        }
      }),
      RUNS,
    );
  });

  it('never over-commits an upcoming node', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const pods = podsByKey(input);
        decide(input).upcoming.forEach((u, i) => {
          const free = input.upcoming[i]!.free;
          const used = sum(u.pods.map((k) => pods.get(k)!));
          expect(used.cpu <= Math.max(free.cpu, 0) || used.cpu === 0).toBe(true);
          expect(used.memory <= Math.max(free.memory, 0) || used.memory === 0).toBe(true);
          expect(u.pods.length).toBeLessThanOrEqual(Math.max(free.pods, 0));
        });
      }),
      RUNS,
    );
  });

  it('never violates a taint, a nodeSelector or required affinity', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const pods = podsByKey(input);
        const d = decide(input);
        for (const node of d.newNodes) {
          const { group, offering } = templateOf(input, node.group, node.offeringID);
          for (const k of node.pods) expect(placementFailure(pods.get(k)!, offering.labels, group.taints)).toBeUndefined();
        }
        d.upcoming.forEach((u, i) => {
          const n = input.upcoming[i]!;
          for (const k of u.pods) expect(placementFailure(pods.get(k)!, n.labels, n.taints, n.name)).toBeUndefined();
        });
      }),
      RUNS,
    );
  });

  it('never exceeds maxNodes, never buys a held offering or in a group with scale-up disabled', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const d = decide(input);
        for (const g of input.groups) {
          const bought = d.newNodes.filter((n) => n.group === g.name).length;
          expect(bought).toBeLessThanOrEqual(Math.max(0, g.maxNodes - g.liveNodes));
          if (!g.scaleUpEnabled) expect(bought).toBe(0);
        }
        for (const n of d.newNodes) expect(input.heldOfferings).not.toContain(n.offeringID);
        expect(d.scaleUps.reduce((s, x) => s + x.count, 0)).toBe(d.newNodes.length);
      }),
      RUNS,
    );
  });

  it('places every pod exactly once or gives it a reason for every group', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const d = decide(input);
        const placed = [...d.upcoming.flatMap((u) => u.pods), ...d.newNodes.flatMap((n) => n.pods), ...d.unplaced.map((u) => u.pod)];
        expect([...placed].sort()).toEqual(input.pods.map((p) => `${p.namespace}/${p.name}`).sort());
        for (const u of d.unplaced) {
          expect(u.reasons.map((r) => r.group)).toEqual(input.groups.map((g) => g.name));
          expect(u.notNow).toBe(u.reasons.some((r) => r.notNow));
        }
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input yields the same decision', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        expect(decide(structuredClone(input))).toEqual(decide(input));
      }),
      RUNS,
    );
  });

  it('gives "never" only to pods no group could host even with unlimited room and no held offering', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const pods = podsByKey(input);
        for (const u of decide(input).unplaced.filter((x) => !x.notNow)) {
          const unlimited = input.groups.map((g) => ({ ...g, maxNodes: g.liveNodes + 1 }));
          expect(decide({ pods: [pods.get(u.pod)!], upcoming: [], groups: unlimited, heldOfferings: [] }).newNodes).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('says a group is at maxNodes only when one more node there would host the pod', () => {
    fc.assert(
      fc.property(scaleUpInputArb, (input) => {
        const pods = podsByKey(input);
        for (const u of decide(input).unplaced) {
          for (const r of u.reasons.filter((x) => x.kind === 'AtMaxNodes')) {
            const g = input.groups.find((x) => x.name === r.group)!;
            const room = decide({ pods: [pods.get(u.pod)!], upcoming: [], groups: [{ ...g, maxNodes: g.liveNodes + 1 }], heldOfferings: input.heldOfferings });
            expect(room.newNodes).toHaveLength(1);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
