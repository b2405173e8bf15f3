import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorMatches } from '../../../src/policy/scaling/label-selector.ts';
import { placementFailure } from '../../../src/policy/scaling/predicates.ts';
import { evaluateScaleDown } from '../../../src/policy/scaling/scale-down/evaluate.ts';
import { isIgnoredByDrain } from '../../../src/policy/scaling/scale-down/safety.ts';
import type { RunningPod, ScaleDownInput } from '../../../src/policy/scaling/types.ts';
import { scaleDownInputArb } from './arbitraries.ts';

const RUNS = { numRuns: 400 };
const key = (p: RunningPod) => `${p.namespace}/${p.name}`;

describe('evaluateScaleDown properties', () => {
  it("never picks a node whose pods don't fit elsewhere: every evicted pod ends on a node that stays, fits its predicates and its room", () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input) => {
        const d = evaluateScaleDown(input);
        const byName = new Map(input.nodes.map((n) => [n.name, n]));
        const pods = new Map(input.nodes.flatMap((n) => n.pods.map((p) => [key(p), p] as const)));
        const chosen = new Set(d.chosen.map((c) => c.node));
        // Follow each pod through the round: a pod moved onto a node chosen later moves again.
        const final = new Map<string, string>();
        for (const c of d.chosen) {
          const evictable = byName.get(c.node)!.pods.filter((p) => !isIgnoredByDrain(p)).map(key);
          const received = [...final].filter(([, to]) => to === c.node).map(([p]) => p);
          expect(c.moves.map((m) => m.pod).sort()).toEqual([...evictable, ...received].sort());
          for (const m of c.moves) final.set(m.pod, m.to);
        }
        const incoming = new Map<string, RunningPod[]>();
        for (const [pod, to] of final) {
          expect(chosen.has(to)).toBe(false);
          const node = byName.get(to)!;
          expect(node.unschedulable || node.deleting).toBe(false);
          expect(placementFailure(pods.get(pod)!, node.labels, node.taints, node.name)).toBeUndefined();
          incoming.set(to, [...(incoming.get(to) ?? []), pods.get(pod)!]);
        }
        for (const [to, moved] of incoming) {
          const node = byName.get(to)!;
          const total = (list: readonly RunningPod[], r: 'cpu' | 'memory') => list.reduce((s, p) => s + p.requests[r], 0);
          for (const r of ['cpu', 'memory'] as const) {
            if (total(moved, r) > 0) expect(total(node.pods, r) + total(moved, r)).toBeLessThanOrEqual(node.allocatable[r]);
          }
          expect(node.pods.length + moved.length).toBeLessThanOrEqual(node.allocatable.pods);
        }
      }),
      RUNS,
    );
  });

  it('never goes below minNodes and never exceeds the disruption budget', () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input) => {
        const d = evaluateScaleDown(input);
        for (const g of input.groups) {
          const n = d.chosen.filter((c) => c.group === g.name).length;
          expect(n).toBeLessThanOrEqual(Math.max(0, g.liveNodes - g.minNodes));
          expect(n).toBeLessThanOrEqual(Math.max(0, g.disruptionsAllowed));
        }
      }),
      RUNS,
    );
  });

  it('never evicts more pods under a PDB than it allows', () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input) => {
        const d = evaluateScaleDown(input);
        const byName = new Map(input.nodes.map((n) => [n.name, n]));
        const evicted = d.chosen.flatMap((c) => byName.get(c.node)!.pods.filter((p) => !isIgnoredByDrain(p)));
        for (const pdb of input.pdbs) {
          const covered = evicted.filter((p) => p.namespace === pdb.namespace && selectorMatches(pdb.selector, p.labels));
          expect(covered.length).toBeLessThanOrEqual(Math.max(0, pdb.disruptionsAllowed));
        }
      }),
      RUNS,
    );
  });

  it('chooses only managed, schedulable, unneeded nodes of enabled groups, free of opt-outs', () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input) => {
        const d = evaluateScaleDown(input);
        const byName = new Map(input.nodes.map((n) => [n.name, n]));
        for (const c of d.chosen) {
          const node = byName.get(c.node)!;
          const group = input.groups.find((g) => g.name === node.group)!;
          expect([node.group, node.unschedulable, node.deleting, c.utilisation.under]).toEqual([c.group, false, false, true]);
          expect(group.scaleDownPolicy?.enabled).not.toBe(false);
          expect(node.annotations?.['cluster-autoscaler.kubernetes.io/scale-down-disabled']).toBeUndefined();
          for (const p of node.pods.filter((x) => !isIgnoredByDrain(x))) {
            expect(p.annotations?.['autoscaler.vpsie.com/do-not-disrupt']).toBeUndefined();
            const safe = p.annotations?.['cluster-autoscaler.kubernetes.io/safe-to-evict'] === 'true';
            if (!safe) expect([p.controller !== undefined, p.localVolumes === undefined]).toEqual([true, true]);
          }
        }
      }),
      RUNS,
    );
  });

  it('decides on every unneeded node of an open group exactly once: chosen or blocked', () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input) => {
        const d = evaluateScaleDown(input);
        const gated = new Set(d.gates.map((g) => g.group));
        const decided = [...d.chosen.map((c) => c.node), ...d.blocked.map((b) => b.node)];
        expect(new Set(decided).size).toBe(decided.length);
        const open = Object.entries(d.unneededByGroup).filter(([g]) => !gated.has(g));
        expect(decided.length).toBe(open.reduce((s, [, n]) => s + n, 0));
        expect(d.unneeded).toBe(Object.values(d.unneededByGroup).reduce((s, n) => s + n, 0));
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input yields the same decision', () => {
    fc.assert(
      fc.property(scaleDownInputArb, (input: ScaleDownInput) => {
        expect(evaluateScaleDown(structuredClone(input))).toEqual(evaluateScaleDown(input));
      }),
      RUNS,
    );
  });
});
