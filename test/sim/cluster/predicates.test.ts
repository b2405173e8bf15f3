import { describe, expect, it } from 'vitest';
import {
  affinityReasons,
  firstUntoleratedTaint,
  leastAllocatedScore,
  matchesNodeSelectorTerms,
  matchesRequirement,
  resourceReasons,
  taintReasons,
  tolerates,
  unschedulableReasons,
} from '../../../src/sim/cluster/scheduler/predicates.ts';
import type { Taint, Toleration } from '../../../src/sim/cluster/kube-shapes.ts';

const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };

describe('tolerations (core/v1 ToleratesTaint)', () => {
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key, value and effect', { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, true],
    ['Equal is the default operator', { key: 'gpu', value: 'true' }, true],
    ['Equal with another value', { key: 'gpu', operator: 'Equal', value: 'false' }, false],
    ['Exists with the key and any value', { key: 'gpu', operator: 'Exists' }, true],
    ['Exists without a key (tolerates everything)', { operator: 'Exists' }, true],
    ['another effect', { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'tpu', operator: 'Exists' }, false],
    ['an unknown operator', { key: 'gpu', operator: 'Matches', value: 'true' }, false],
  ])('%s → %s', (_name, toleration, expected) => {
    expect(tolerates(toleration, gpu)).toBe(expected);
  });

  it('ignores PreferNoSchedule taints when deciding feasibility', () => {
    expect(firstUntoleratedTaint([{ key: 'soft', effect: 'PreferNoSchedule' }], [])).toBeUndefined();
  });

  it('names the first NoSchedule or NoExecute taint not tolerated, in kube-scheduler\'s wording', () => {
    const taints: Taint[] = [{ key: 'soft', effect: 'PreferNoSchedule' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'x', value: 'y', effect: 'NoExecute' }];
    expect(taintReasons(taints, [])).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    expect(taintReasons(taints, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }])).toEqual(['node(s) had untolerated taint {x: y}']);
  });
});

describe('NodeUnschedulable', () => {
  it('rejects a cordoned node unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule', () => {
    expect(unschedulableReasons(true, [])).toEqual(['node(s) were unschedulable']);
    expect(unschedulableReasons(true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }])).toEqual([]);
    expect(unschedulableReasons(false, [])).toEqual([]);
  });
});

describe('node selector requirements', () => {
  const labels = { zone: 'a', size: '8', empty: '' };
  it.each([
    ['In, value listed', { key: 'zone', operator: 'In', values: ['a', 'b'] }, true],
    ['In, value not listed', { key: 'zone', operator: 'In', values: ['b'] }, false],
    ['In, label absent', { key: 'tier', operator: 'In', values: ['a'] }, false],
    ['NotIn, value not listed', { key: 'zone', operator: 'NotIn', values: ['b'] }, true],
    ['NotIn, value listed', { key: 'zone', operator: 'NotIn', values: ['a'] }, false],
    ['NotIn, label absent', { key: 'tier', operator: 'NotIn', values: ['a'] }, true],
    ['Exists, present (empty value)', { key: 'empty', operator: 'Exists' }, true],
    ['Exists, absent', { key: 'tier', operator: 'Exists' }, false],
    ['DoesNotExist, absent', { key: 'tier', operator: 'DoesNotExist' }, true],
    ['DoesNotExist, present', { key: 'zone', operator: 'DoesNotExist' }, false],
    ['Gt, greater', { key: 'size', operator: 'Gt', values: ['4'] }, true],
    ['Gt, equal', { key: 'size', operator: 'Gt', values: ['8'] }, false],
    ['Lt, smaller', { key: 'size', operator: 'Lt', values: ['16'] }, true],
    ['Lt, label not an integer', { key: 'zone', operator: 'Lt', values: ['16'] }, false],
    ['Gt, bound not an integer', { key: 'size', operator: 'Gt', values: ['four'] }, false],
    ['Gt, two bounds', { key: 'size', operator: 'Gt', values: ['1', '2'] }, false],
    ['unknown operator', { key: 'zone', operator: 'Like', values: ['a'] }, false],
  ])('%s', (_name, requirement, expected) => {
    expect(matchesRequirement(requirement, labels)).toBe(expected);
  });

  it('ORs terms and ANDs the requirements of a term', () => {
    const terms = [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'size', operator: 'Gt', values: ['4'] }] },
    ];
    expect(matchesNodeSelectorTerms(terms, labels, 'n1')).toBe(true);
    expect(matchesNodeSelectorTerms([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'tier', operator: 'Exists' }] }], labels, 'n1')).toBe(false);
  });

  it('matches nothing with an empty term', () => {
    expect(matchesNodeSelectorTerms([{}], labels, 'n1')).toBe(false);
  });

  it('matches fields on metadata.name with In and NotIn only', () => {
    expect(matchesNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }], {}, 'n1')).toBe(true);
    expect(matchesNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }], {}, 'n1')).toBe(false);
    expect(matchesNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n2'] }] }], {}, 'n1')).toBe(true);
    expect(matchesNodeSelectorTerms([{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['n1'] }] }], {}, 'n1')).toBe(false);
    expect(matchesNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }], {}, 'n1')).toBe(false);
  });

  it('applies nodeSelector and required affinity together', () => {
    const reason = "node(s) didn't match Pod's node affinity/selector";
    expect(affinityReasons({ zone: 'a' }, undefined, labels, 'n1')).toEqual([]);
    expect(affinityReasons({ zone: 'b' }, undefined, labels, 'n1')).toEqual([reason]);
    expect(affinityReasons({ zone: 'a' }, [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }], labels, 'n1')).toEqual([reason]);
    expect(affinityReasons(undefined, undefined, labels, 'n1')).toEqual([]);
  });
});

describe('NodeResourcesFit', () => {
  const node = { allocatable: { cpu: 2000, memory: 4000, pods: 3 }, requested: { cpu: 1500, memory: 1000, pods: 2 } };
  it.each([
    ['fits', { cpu: 500, memory: 3000 }, [], node],
    ['short of cpu', { cpu: 501, memory: 0 }, ['Insufficient cpu'], node],
    ['short of memory', { cpu: 0, memory: 3001 }, ['Insufficient memory'], node],
    ['short of both', { cpu: 600, memory: 3500 }, ['Insufficient cpu', 'Insufficient memory'], node],
    ['no pod slot left', { cpu: 0, memory: 0 }, ['Too many pods'], { ...node, requested: { ...node.requested, pods: 3 } }],
    ['a pod without requests on a full node', { cpu: 0, memory: 0 }, [], { ...node, requested: { cpu: 2000, memory: 4000, pods: 2 } }],
  ])('%s', (_name, pod, reasons, n) => {
    expect(resourceReasons(n, pod)).toEqual(reasons);
  });

  it('scores the share of cpu and memory left free after placement (LeastAllocated)', () => {
    expect(leastAllocatedScore({ cpu: 1000, memory: 1000 }, { cpu: 0, memory: 0 }, { cpu: 500, memory: 250 })).toBe(62);
    expect(leastAllocatedScore({ cpu: 1000, memory: 1000 }, { cpu: 900, memory: 900 }, { cpu: 500, memory: 50 })).toBe(2);
    expect(leastAllocatedScore({ cpu: 0, memory: 1000 }, { cpu: 0, memory: 0 }, { cpu: 0, memory: 0 })).toBe(50);
  });
});
