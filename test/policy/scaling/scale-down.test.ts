import { describe, expect, it } from 'vitest';
import { evaluateScaleDown } from '../../../src/policy/scaling/scale-down/evaluate.ts';
import type { ClusterNode, ScaleDownGroup, ScaleDownInput } from '../../../src/policy/scaling/types.ts';
import { clusterNode, downGroup, GI, NOW, running, samples } from './support.ts';

function input(nodes: ClusterNode[], groups: ScaleDownGroup[] = [downGroup()], extra: Partial<ScaleDownInput> = {}): ScaleDownInput {
  return { now: NOW, groups, nodes, pdbs: [], ...extra };
}

/** A managed node running at `load` of allocatable (by its samples) whose pods' requests are `cpu` millicores. */
function loaded(name: string, load: number, cpu = 0, extra: Partial<ClusterNode> = {}): ClusterNode {
  return clusterNode(name, cpu ? [running(`${name}-app`, cpu, 0)] : [], { samples: samples(load), ...extra });
}

describe('evaluateScaleDown: candidates', () => {
  it('chooses an idle node whose pods fit elsewhere, saying why and where they go', () => {
    const d = evaluateScaleDown(input([loaded('idle', 0.1, 500), loaded('busy', 0.8, 2000)]));
    expect(d.chosen).toEqual([
      {
        node: 'idle',
        group: 'g',
        why: 'cpu 10% and memory 10% of allocatable on average; under 50% cpu and 50% memory in 40 of 40 samples over 600s; its 1 evictable pod(s) fit on other nodes',
        utilisation: expect.objectContaining({ under: true, samples: 40 }),
        moves: [{ pod: 'default/idle-app', to: 'busy' }],
      },
    ]);
  });

  it('leaves nodes over a threshold, with too few samples or a window not yet covered', () => {
    const d = evaluateScaleDown(input([loaded('hot', 0.7), loaded('new', 0.1, 0, { samples: samples(0.1, 0.1, 2) }), loaded('young', 0.1, 0, { samples: samples(0.1, 0.1, 10, 60) })]));
    expect([d.chosen, d.unneeded]).toEqual([[], 0]);
    expect(d.record.skipped).toEqual({ cordoned: 0, deleting: 0, tooFewSamples: 1, windowNotCovered: 1, overThreshold: 1 });
  });

  it('uses the group thresholds and observation window', () => {
    const group = downGroup({ scaleDownPolicy: { cpuThreshold: 20, memoryThreshold: 20, stabilizationWindowSeconds: 60 } });
    const d = evaluateScaleDown(input([loaded('a', 0.3), loaded('b', 0.1, 0, { samples: samples(0.1, 0.1, 5, 60) }), loaded('busy', 0.9)], [group]));
    expect(d.chosen.map((c) => c.node)).toEqual(['b']);
  });

  it('never considers cordoned or deleting nodes, nor sends pods to them', () => {
    const d = evaluateScaleDown(input([loaded('idle', 0.1, 500), loaded('cordoned', 0.1, 0, { unschedulable: true }), loaded('leaving', 0.1, 0, { deleting: true })]));
    expect(d.chosen).toEqual([]);
    expect(d.blocked).toEqual([{ node: 'idle', group: 'g', blocker: expect.objectContaining({ kind: 'NoPlaceToGo' }) }]);
    expect(d.record.skipped).toMatchObject({ cordoned: 1, deleting: 1 });
  });

  it('never considers unmanaged nodes, but sends pods to them', () => {
    const d = evaluateScaleDown(input([loaded('idle', 0.1, 500), loaded('control', 0.05, 0, { group: undefined })]));
    expect(d.chosen.map((c) => [c.node, c.moves])).toEqual([['idle', [{ pod: 'default/idle-app', to: 'control' }]]]);
  });

  it('counts unneeded nodes per group, blocked or not', () => {
    const groups = [downGroup(), downGroup({ name: 'h', scaleDownPolicy: { enabled: false } })];
    const d = evaluateScaleDown(input([loaded('a', 0.1), loaded('b', 0.1, 3900), loaded('c', 0.1, 0, { group: 'h' }), loaded('d', 0.9)], groups));
    expect([d.unneeded, d.unneededByGroup]).toEqual([3, { g: 2, h: 1 }]);
  });
});

describe('evaluateScaleDown: group limits', () => {
  const three = () => [loaded('a', 0.05), loaded('b', 0.1), loaded('c', 0.15), loaded('busy', 0.9)];

  it('chooses least-loaded first and no more than the disruption budget allows', () => {
    const d = evaluateScaleDown(input(three(), [downGroup({ disruptionsAllowed: 2 })]));
    expect(d.chosen.map((c) => c.node)).toEqual(['a', 'b']);
    expect(d.blocked).toEqual([{ node: 'c', group: 'g', blocker: { kind: 'DisruptionBudget', detail: 'the disruption budget allows 2 more disruption(s) now, 2 chosen this round' } }]);
  });

  it('chooses nothing with a budget used up', () => {
    const d = evaluateScaleDown(input(three(), [downGroup({ disruptionsAllowed: 0 })]));
    expect(d.chosen).toEqual([]);
    expect(d.blocked[0]!.blocker.detail).toBe('the disruption budget allows 0 more disruption(s) now');
  });

  it('never takes the group below minNodes', () => {
    const d = evaluateScaleDown(input(three(), [downGroup({ liveNodes: 4, minNodes: 3 })]));
    expect(d.chosen.map((c) => c.node)).toEqual(['a']);
    expect(d.blocked.map((b) => b.blocker)).toEqual([
      { kind: 'AtMinNodes', detail: 'the group has 4 live node(s), 1 leaving this round, minNodes 3' },
      { kind: 'AtMinNodes', detail: 'the group has 4 live node(s), 1 leaving this round, minNodes 3' },
    ]);
  });

  it('considers no node of a group with scale-down disabled', () => {
    const d = evaluateScaleDown(input(three(), [downGroup({ scaleDownPolicy: { enabled: false } })]));
    expect([d.chosen, d.gates]).toEqual([[], [{ group: 'g', kind: 'ScaleDownDisabled', detail: 'scaleDownPolicy.enabled is false' }]]);
  });

  it.each([
    ['scale-up', { lastScaleUpAt: NOW - 120_000 }],
    ['scale-down', { lastScaleDownAt: NOW - 120_000 }],
  ])('waits out the cooldown after the last %s', (event, times) => {
    const d = evaluateScaleDown(input(three(), [downGroup(times)]));
    expect([d.chosen, d.gates]).toEqual([[], [{ group: 'g', kind: 'Cooldown', detail: `the last ${event} was 120s ago; cooldownSeconds is 600` }]]);
  });

  it('acts again once the cooldown is over', () => {
    const d = evaluateScaleDown(input(three(), [downGroup({ lastScaleUpAt: NOW - 601_000, scaleDownPolicy: { cooldownSeconds: 600 } })]));
    expect(d.chosen).not.toEqual([]);
  });

  it('names a group it was not given', () => {
    const d = evaluateScaleDown(input([loaded('stray', 0.1, 0, { group: 'gone' }), loaded('busy', 0.9)]));
    expect([d.chosen, d.gates]).toEqual([[], [{ group: 'gone', kind: 'UnknownGroup', detail: "node stray names group gone, which is not in this round's input" }]]);
  });
});

describe('evaluateScaleDown: rescheduling', () => {
  it('does not send pods to a node chosen in the same round', () => {
    // Each idle node's pod fits on the other; once a is chosen, b has nowhere to send anything.
    const d = evaluateScaleDown(input([loaded('a', 0.05, 1500), loaded('b', 0.1, 1500)]));
    expect(d.chosen.map((c) => c.node)).toEqual(['a']);
    expect(d.blocked).toEqual([{ node: 'b', group: 'g', blocker: expect.objectContaining({ kind: 'NoPlaceToGo' }) }]);
  });

  it('moves again the pods a node received this round when it is chosen too', () => {
    // busy cannot take a's pod, so it lands on b; b would then have to rehome it with its own, and cannot.
    const d = evaluateScaleDown(input([loaded('a', 0.05, 1500), loaded('b', 0.1, 1500), loaded('busy', 0.9, 3000)]));
    expect(d.chosen.map((c) => [c.node, c.moves])).toEqual([['a', [{ pod: 'default/a-app', to: 'b' }]]]);
    expect(d.blocked[0]).toMatchObject({ node: 'b', blocker: { kind: 'NoPlaceToGo', pod: 'default/a-app' } });
  });

  it('sends pods to nodes that stay before nodes that may leave, so more can go in one round', () => {
    const d = evaluateScaleDown(input([loaded('a', 0.05, 1500), loaded('b', 0.1, 1500), loaded('big', 0.9, 0, { allocatable: { cpu: 16_000, memory: 32 * GI, pods: 110 } })]));
    expect(d.chosen.map((c) => c.moves)).toEqual([[{ pod: 'default/a-app', to: 'big' }], [{ pod: 'default/b-app', to: 'big' }]]);
  });

  it('honours taints, selectors and pod slots of the destinations', () => {
    const tainted = loaded('tainted', 0.9, 0, { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] });
    const full = loaded('full', 0.9, 0, { allocatable: { cpu: 4000, memory: 8 * GI, pods: 0 } });
    const selective = clusterNode('idle', [running('p', 100, 0, { nodeSelector: { disk: 'ssd' } })], { samples: samples(0.1) });
    const hdd = loaded('hdd', 0.9, 0, { labels: { disk: 'hdd' } });
    expect(evaluateScaleDown(input([loaded('idle', 0.1, 100), tainted, full])).blocked[0]!.blocker.kind).toBe('NoPlaceToGo');
    expect(evaluateScaleDown(input([selective, hdd])).blocked[0]!.blocker.kind).toBe('NoPlaceToGo');
    expect(evaluateScaleDown(input([selective, loaded('ssd', 0.9, 0, { labels: { disk: 'ssd' } })])).chosen).toHaveLength(1);
  });

  it('counts a PDB used up by a node chosen earlier in the round', () => {
    const covered = (node: string) => clusterNode(node, [running(`${node}-web`, 100, 0, { labels: { app: 'web' } })], { samples: samples(node === 'a' ? 0.05 : 0.1) });
    const pdb = { namespace: 'default', name: 'web', selector: { matchLabels: { app: 'web' } }, disruptionsAllowed: 1 };
    const d = evaluateScaleDown(input([covered('a'), covered('b'), loaded('busy', 0.9)], [downGroup()], { pdbs: [pdb] }));
    expect(d.chosen.map((c) => c.node)).toEqual(['a']);
    expect(d.blocked[0]!.blocker).toEqual({
      kind: 'PodDisruptionBudget',
      pod: 'default/b-web',
      pdb: 'default/web',
      detail: 'pod default/b-web is covered by PDB default/web with disruptionsAllowed 1, 1 used by nodes chosen before this one',
    });
  });
});

describe('evaluateScaleDown: records', () => {
  it('summarises inputs, groups, choices and blocked nodes as plain JSON', () => {
    const d = evaluateScaleDown(input([loaded('a', 0.05), loaded('b', 0.1, 0, { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } }), loaded('busy', 0.9)], [downGroup({ liveNodes: 3, minNodes: 1, disruptionsAllowed: 1 })]));
    expect(d.record).toEqual({
      kind: 'ScaleDown',
      outcome: 'ScaleDown',
      inputs: { now: NOW, nodes: 3, managedNodes: 3, pdbs: 0, groups: ['g'] },
      skipped: { cordoned: 0, deleting: 0, tooFewSamples: 0, windowNotCovered: 0, overThreshold: 1 },
      groups: [{ group: 'g', liveNodes: 3, minNodes: 1, disruptionsAllowed: 1, unneeded: 2, chosen: 1, blocked: 1 }],
      chosen: [{ node: 'a', group: 'g', why: d.chosen[0]!.why }],
      blocked: [{ node: 'b', group: 'g', kind: 'NodeAnnotation', detail: 'node b has annotation karpenter.sh/do-not-disrupt=true' }],
    });
    expect(JSON.parse(JSON.stringify(d.record))).toEqual(d.record);
  });

  it('records a gate and the outcome when nothing goes', () => {
    const d = evaluateScaleDown(input([loaded('a', 0.05)], [downGroup({ scaleDownPolicy: { enabled: false } })]));
    expect(d.record.outcome).toBe('NoScaleDown');
    expect(d.record.groups[0]!.gate).toEqual({ kind: 'ScaleDownDisabled', detail: 'scaleDownPolicy.enabled is false' });
  });
});
