import { describe, expect, it } from 'vitest';
import { planScaleUp } from '../../../src/policy/scaling/scale-up/plan.ts';
import type { GroupReason, PendingPod, ScaleUpGroup } from '../../../src/policy/scaling/types.ts';
import { GI, GPU_TAINT, group, pod, template } from './support.ts';

const K8S_4_8 = template('g', 'k8s-4-8', 3920, 7, 0.06);
const K8S_8_16 = template('g', 'k8s-8-16', 7800, 14.25, 0.12);

/** The reason each group gives for a pod nothing can host. */
function reasonsFor(p: PendingPod, groups: ScaleUpGroup[], heldOfferings: string[] = []): GroupReason[] {
  const d = planScaleUp({ pods: [p], upcoming: [], groups, heldOfferings });
  expect(d.newNodes).toEqual([]);
  expect(d.unplaced.map((u) => u.pod)).toEqual([`default/${p.name}`]);
  return d.unplaced[0]!.reasons;
}

describe('why a group cannot host a pod', () => {
  it('scale-up disabled', () => {
    expect(reasonsFor(pod('a', 100, 0), [group('g', [K8S_4_8], { scaleUpEnabled: false })])).toEqual([
      { group: 'g', kind: 'ScaleUpDisabled', notNow: false, detail: 'scale-up disabled (scaleUpPolicy.enabled is false)' },
    ]);
  });

  it('no offerings', () => {
    expect(reasonsFor(pod('a', 100, 0), [group('g', [])])[0]).toMatchObject({ kind: 'NoOfferings', notNow: false });
  });

  it('a taint not tolerated, named', () => {
    expect(reasonsFor(pod('a', 100, 0), [group('g', [K8S_4_8], { taints: [GPU_TAINT] })])).toEqual([
      { group: 'g', kind: 'TaintNotTolerated', notNow: false, detail: 'taint gpu=true:NoSchedule not tolerated' },
    ]);
  });

  it('a NoExecute taint without a value, named', () => {
    const reasons = reasonsFor(pod('a', 100, 0), [group('g', [K8S_4_8], { taints: [{ key: 'spot', effect: 'NoExecute' }] })]);
    expect(reasons[0]!.detail).toBe('taint spot:NoExecute not tolerated');
  });

  it('a selector key missing from the group labels, named', () => {
    expect(reasonsFor(pod('a', 100, 0, { nodeSelector: { disk: 'ssd' } }), [group('g', [K8S_4_8])])).toEqual([
      { group: 'g', kind: 'SelectorMismatch', notNow: false, detail: "nodeSelector disk=ssd: the group's nodes have no label disk" },
    ]);
  });

  it('a selector value the group labels differ on, named', () => {
    const reasons = reasonsFor(pod('a', 100, 0, { nodeSelector: { 'autoscaler.vpsie.com/nodegroup': 'other' } }), [group('g', [K8S_4_8])]);
    expect(reasons[0]!.detail).toBe("nodeSelector autoscaler.vpsie.com/nodegroup=other: the group's nodes have autoscaler.vpsie.com/nodegroup=g");
  });

  it('required affinity not satisfied, naming the requirement', () => {
    const p = pod('a', 100, 0, { requiredAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] });
    expect(reasonsFor(p, [group('g', [K8S_4_8])])).toEqual([
      { group: 'g', kind: 'AffinityNotSatisfied', notNow: false, detail: 'required node affinity not satisfied: zone In [a, b]' },
    ]);
  });

  it('the largest offering too small for the cpu request, by how much', () => {
    expect(reasonsFor(pod('a', 12_000, GI), [group('g', [K8S_4_8, K8S_8_16])])).toEqual([
      { group: 'g', kind: 'TooLarge', notNow: false, detail: 'requests cpu 12 > largest offering k8s-8-16 allocatable cpu 7.8' },
    ]);
  });

  it('the largest offering too small for the memory request, after DaemonSet overhead', () => {
    const withDaemons = template('g', 'k8s-8-16', 7800, 14.25, 0.12, { daemonSetOverhead: { cpu: 200, memory: GI / 4, pods: 3 } });
    expect(reasonsFor(pod('a', 100, 14.2 * GI), [group('g', [K8S_4_8, withDaemons])])[0]!.detail).toBe(
      'requests memory 14.2Gi > largest offering k8s-8-16 allocatable memory 14.25Gi (14Gi after DaemonSet overhead)',
    );
  });

  it('no pod slot left once the DaemonSet pods are counted', () => {
    const full = template('g', 'tiny', 1000, 1, 0.01, { allocatable: { cpu: 1000, memory: GI, pods: 2 }, daemonSetOverhead: { cpu: 0, memory: 0, pods: 2 } });
    expect(reasonsFor(pod('a', 100, 0), [group('g', [full])])[0]!.detail).toBe('largest offering tiny allocatable pods 2 (0 after DaemonSet overhead) leaves no pod slot');
  });

  it('cpu and memory each fit some offering but none fits both', () => {
    const cpuHeavy = template('g', 'c', 16_000, 4, 1);
    const memoryHeavy = template('g', 'm', 2000, 64, 1);
    const reason = reasonsFor(pod('a', 8000, 32 * GI), [group('g', [cpuHeavy, memoryHeavy])])[0]!;
    expect(reason.kind).toBe('TooLarge');
    expect(reason.detail).toBe('no offering has room for cpu 8 and memory 32Gi together: requests memory 32Gi > offering c allocatable memory 4Gi');
  });

  it('measures size only against the offerings the pod selects', () => {
    const p = pod('a', 6000, 0, { nodeSelector: { 'node.kubernetes.io/instance-type': 'k8s-4-8' } });
    expect(reasonsFor(p, [group('g', [K8S_4_8, K8S_8_16])])[0]!.detail).toBe('requests cpu 6 > largest offering k8s-4-8 allocatable cpu 3.92');
  });

  it('fits only offerings held unavailable: not now', () => {
    expect(reasonsFor(pod('a', 6000, 0), [group('g', [K8S_4_8, K8S_8_16])], ['k8s-8-16'])).toEqual([
      { group: 'g', kind: 'OfferingsHeld', notNow: true, detail: 'fits only k8s-8-16, held unavailable after a capacity error' },
    ]);
  });

  it('all offerings held unavailable: not now', () => {
    expect(reasonsFor(pod('a', 100, 0), [group('g', [K8S_4_8, K8S_8_16])], ['k8s-4-8', 'k8s-8-16'])).toEqual([
      { group: 'g', kind: 'AllOfferingsHeld', notNow: true, detail: 'all offerings held unavailable after capacity errors (k8s-4-8, k8s-8-16)' },
    ]);
  });

  it('at maxNodes: not now', () => {
    expect(reasonsFor(pod('a', 100, 0), [group('g', [K8S_4_8], { maxNodes: 3, liveNodes: 3 })])).toEqual([
      { group: 'g', kind: 'AtMaxNodes', notNow: true, detail: 'at maxNodes 3 (3 live)' },
    ]);
  });

  it('gives a permanent reason before a passing one', () => {
    const reasons = reasonsFor(pod('a', 100, 0, { nodeSelector: { disk: 'ssd' } }), [group('g', [K8S_4_8], { maxNodes: 1, liveNodes: 1 })], ['k8s-4-8']);
    expect(reasons[0]!.kind).toBe('SelectorMismatch');
  });
});

describe('unplaced pods', () => {
  const full = group('full', [template('full', 'm', 4000, 8, 1)], { maxNodes: 1, liveNodes: 1 });
  const tainted = group('tainted', [template('tainted', 'm', 4000, 8, 1)], { taints: [GPU_TAINT] });

  it('get one reason per group, in the groups order', () => {
    const d = planScaleUp({ pods: [pod('a', 100, 0)], upcoming: [], groups: [full, tainted], heldOfferings: [] });
    expect(d.unplaced[0]!.reasons.map((r) => [r.group, r.kind])).toEqual([
      ['full', 'AtMaxNodes'],
      ['tainted', 'TaintNotTolerated'],
    ]);
  });

  it('are "not now" when some group could host them later', () => {
    const d = planScaleUp({ pods: [pod('a', 100, 0)], upcoming: [], groups: [full, tainted], heldOfferings: [] });
    expect(d.unplaced[0]!.notNow).toBe(true);
  });

  it('are "never" when every reason is permanent', () => {
    const d = planScaleUp({ pods: [pod('a', 100, 0)], upcoming: [], groups: [tainted], heldOfferings: [] });
    expect(d.unplaced[0]!.notNow).toBe(false);
    expect(d.record.unplaced).toMatchObject({ pods: 1, notNow: 0, never: 1 });
  });

  it('are counted per group and reason in the record, with an example', () => {
    const many = Array.from({ length: 3 }, (_, i) => pod(`p${i}`, 100, 0));
    const d = planScaleUp({ pods: many, upcoming: [], groups: [full, tainted], heldOfferings: [] });
    expect(d.record.unplaced.byGroup).toEqual([
      { group: 'full', reasons: [{ kind: 'AtMaxNodes', pods: 3, example: 'at maxNodes 1 (1 live)' }] },
      { group: 'tainted', reasons: [{ kind: 'TaintNotTolerated', pods: 3, example: 'taint gpu=true:NoSchedule not tolerated' }] },
    ]);
  });
});
