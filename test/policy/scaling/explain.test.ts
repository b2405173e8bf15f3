import { describe, expect, it } from 'vitest';
import { formatRecord, LISTED_NODES, LISTED_ROUNDS } from '../../../src/policy/scaling/explain.ts';
import { evaluateScaleDown } from '../../../src/policy/scaling/scale-down/evaluate.ts';
import { planScaleUp } from '../../../src/policy/scaling/scale-up/plan.ts';
import { clusterNode, downGroup, GPU_TAINT, group, NOW, pod, running, samples, template } from './support.ts';

describe('formatRecord: scale-up', () => {
  it('tells what was pending, what fits on coming nodes, what is bought and why, and what could not be placed', () => {
    const d = planScaleUp({
      pods: [...Array.from({ length: 5 }, (_, i) => pod(`web-${i}`, 1000, 0)), pod('huge', 12_000, 0)],
      upcoming: [{ name: 'u1', free: { cpu: 1000, memory: 2 ** 30, pods: 10 }, labels: {}, taints: [] }],
      groups: [group('g', [template('g', 'k8s-2-4', 2000, 4, 0.03), template('g', 'k8s-8-16', 7800, 16, 0.125)]), group('gpu', [template('gpu', 'k8s-8-16', 7800, 16, 0.3)], { taints: [GPU_TAINT], maxNodes: 0 })],
      heldOfferings: [],
    });
    expect(formatRecord(d.record).split('\n')).toEqual([
      'Scale-up: 6 pending pods, 1 upcoming node; groups g (room for 10), gpu (at maxNodes).',
      '1 pod fit on 1 upcoming node.',
      `Add to g: 2 × k8s-2-4 for 4 pods (packed on k8s-2-4 at 0.06/h, score ${d.record.rounds[0]!.winner.score.toFixed(3)}) — ${d.record.rounds[0]!.why}.`,
      'Not placed: 1 pod (0 not now, 1 never).',
      '  g: TooLarge for 1 pod, e.g. requests cpu 12 > largest offering k8s-8-16 allocatable cpu 7.8',
      '  gpu: TaintNotTolerated for 1 pod, e.g. taint gpu=true:NoSchedule not tolerated',
    ]);
  });

  it('names held offerings and groups that cannot grow', () => {
    const d = planScaleUp({
      pods: [pod('a', 100, 0)],
      upcoming: [],
      groups: [group('off', [template('off', 'o', 2000, 4, 1)], { scaleUpEnabled: false }), group('held', [template('held', 'h', 2000, 4, 1)])],
      heldOfferings: ['h'],
    });
    const text = formatRecord(d.record);
    expect(text).toContain('groups off (scale-up disabled), held (all offerings held).');
    expect(text).toContain('Held unavailable: h.');
    expect(text).toContain('Not placed: 1 pod (1 not now, 0 never).');
  });

  it(`lists the first ${LISTED_ROUNDS} rounds and sums up the rest`, () => {
    // Each pod is pinned to its own group, so every group takes one round.
    const groups = Array.from({ length: LISTED_ROUNDS + 2 }, (_, i) => group(`g${String(i).padStart(2, '0')}`, [template(`g${String(i).padStart(2, '0')}`, 'o', 2000, 4, 1 + i)]));
    const pods = groups.map((g, i) => pod(`p${i}`, 1500, 0, { nodeSelector: { 'autoscaler.vpsie.com/nodegroup': g.name } }));
    const lines = formatRecord(planScaleUp({ pods, upcoming: [], groups, heldOfferings: [] }).record).split('\n');
    expect(lines.filter((l) => l.startsWith('Add to '))).toHaveLength(LISTED_ROUNDS);
    expect(lines.at(-1)).toBe('… and 2 more rounds adding 2 nodes for 2 pods.');
  });

  it('says when nothing is pending or nothing new is needed', () => {
    expect(formatRecord(planScaleUp({ pods: [], upcoming: [], groups: [], heldOfferings: [] }).record)).toBe('Scale-up: 0 pending pods, 0 upcoming nodes; groups none.\nNo pending pods.');
    const onComing = planScaleUp({ pods: [pod('a', 100, 0)], upcoming: [{ name: 'u', free: { cpu: 1000, memory: 0, pods: 1 }, labels: {}, taints: [] }], groups: [], heldOfferings: [] });
    expect(formatRecord(onComing.record).split('\n').at(-1)).toBe('No new node needed.');
  });
});

describe('formatRecord: scale-down', () => {
  it('tells what was considered, what goes and why, and what stays and why', () => {
    const d = evaluateScaleDown({
      now: NOW,
      groups: [downGroup({ disruptionsAllowed: 1 })],
      nodes: [clusterNode('a', [], { samples: samples(0.05) }), clusterNode('b', [running('db', 100, 0, { localVolumes: [{ name: 'data', kind: 'hostPath' }] })]), clusterNode('c', [], { samples: samples(0.9) }), clusterNode('d', [], { unschedulable: true })],
      pdbs: [],
    });
    expect(formatRecord(d.record).split('\n')).toEqual([
      'Scale-down: 4 nodes (4 managed) in 1 group; 2 unneeded.',
      'Not candidates: 1 cordoned, 1 over threshold.',
      `Remove a (g): ${d.chosen[0]!.why}.`,
      'Keep b (g): LocalStorage — pod default/db uses local storage (hostPath volume data).',
    ]);
  });

  it('names a gated group and says when nothing can go', () => {
    const d = evaluateScaleDown({ now: NOW, groups: [downGroup({ lastScaleUpAt: NOW - 60_000 })], nodes: [clusterNode('a', [])], pdbs: [] });
    expect(formatRecord(d.record).split('\n').slice(1)).toEqual(['Group g is not scaled down now: the last scale-up was 60s ago; cooldownSeconds is 600.', 'No node can be removed.']);
  });

  it(`lists the first ${LISTED_NODES} removed nodes and counts the rest`, () => {
    const idle = Array.from({ length: LISTED_NODES + 2 }, (_, i) => clusterNode(`n${String(i).padStart(2, '0')}`, [], { samples: samples(0.01 * (i + 1)) }));
    const lines = formatRecord(evaluateScaleDown({ now: NOW, groups: [downGroup({ liveNodes: 20, disruptionsAllowed: 20 })], nodes: idle, pdbs: [] }).record).split('\n');
    expect(lines.filter((l) => l.startsWith('Remove '))).toHaveLength(LISTED_NODES);
    expect(lines.at(-1)).toBe('… and 2 more nodes removed.');
  });

  it(`lists the first ${LISTED_NODES} kept nodes and counts the rest`, () => {
    const opted = Array.from({ length: LISTED_NODES + 3 }, (_, i) => clusterNode(`n${String(i).padStart(2, '0')}`, [], { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } }));
    const lines = formatRecord(evaluateScaleDown({ now: NOW, groups: [downGroup({ liveNodes: 20 })], nodes: opted, pdbs: [] }).record).split('\n');
    expect(lines.filter((l) => l.startsWith('Keep '))).toHaveLength(LISTED_NODES);
    expect(lines.at(-1)).toBe('… and 3 more unneeded nodes kept.');
  });
});
