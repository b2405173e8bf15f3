import { describe, expect, it } from 'vitest';
import { evaluateScaleDown } from '../../../src/policy/scaling/scale-down/evaluate.ts';
import type { Blocker, ClusterNode, PodDisruptionBudgetView, RunningPod } from '../../../src/policy/scaling/types.ts';
import { clusterNode, downGroup, GI, NOW, running } from './support.ts';

/** An idle candidate holding `pods`, and an unmanaged node with 3 cores free for them to go to. */
function blockerOf(pods: RunningPod[], extra: { node?: Partial<ClusterNode>; pdbs?: PodDisruptionBudgetView[] } = {}): Blocker | undefined {
  const d = evaluateScaleDown({
    now: NOW,
    groups: [downGroup()],
    nodes: [clusterNode('candidate', pods, extra.node), clusterNode('busy', [running('filler', 1000, GI)], { group: undefined })],
    pdbs: extra.pdbs ?? [],
  });
  return d.blocked.find((b) => b.node === 'candidate')?.blocker;
}

const web = (extra: Partial<RunningPod> = {}) => running('web-1', 100, 64 * 2 ** 20, { labels: { app: 'web' }, ...extra });

describe('scale-down blockers', () => {
  it('none for a node whose pods are controlled, stateless and unprotected', () => {
    expect(blockerOf([web()])).toBeUndefined();
  });

  it.each([
    ['autoscaler.vpsie.com/do-not-disrupt', 'true'],
    ['cluster-autoscaler.kubernetes.io/scale-down-disabled', 'true'],
    ['karpenter.sh/do-not-disrupt', 'true'],
  ])('node annotation %s=%s', (key, value) => {
    expect(blockerOf([], { node: { annotations: { [key]: value } } })).toEqual({ kind: 'NodeAnnotation', annotation: key, detail: `node candidate has annotation ${key}=${value}` });
  });

  it('a node annotation with another value does not block', () => {
    expect(blockerOf([], { node: { annotations: { 'karpenter.sh/do-not-disrupt': 'false' } } })).toBeUndefined();
  });

  it.each([
    ['autoscaler.vpsie.com/do-not-disrupt', 'true'],
    ['cluster-autoscaler.kubernetes.io/safe-to-evict', 'false'],
    ['karpenter.sh/do-not-disrupt', 'true'],
  ])('pod annotation %s=%s', (key, value) => {
    expect(blockerOf([web({ annotations: { [key]: value } })])).toEqual({ kind: 'PodAnnotation', pod: 'default/web-1', annotation: key, detail: `pod default/web-1 has annotation ${key}=${value}` });
  });

  it('a PDB with disruptionsAllowed 0 covering a pod, naming pod and PDB', () => {
    const pdb = { namespace: 'default', name: 'web-pdb', selector: { matchLabels: { app: 'web' } }, disruptionsAllowed: 0 };
    expect(blockerOf([web()], { pdbs: [pdb] })).toEqual({
      kind: 'PodDisruptionBudget',
      pod: 'default/web-1',
      pdb: 'default/web-pdb',
      detail: 'pod default/web-1 is covered by PDB default/web-pdb with disruptionsAllowed 0',
    });
  });

  it('a PDB that allows fewer disruptions than the node has covered pods', () => {
    const pdb = { namespace: 'default', name: 'web-pdb', selector: { matchLabels: { app: 'web' } }, disruptionsAllowed: 1 };
    const blocker = blockerOf([web(), running('web-2', 100, 0, { labels: { app: 'web' } })], { pdbs: [pdb] });
    expect(blocker).toMatchObject({ kind: 'PodDisruptionBudget', pod: 'default/web-2', pdb: 'default/web-pdb' });
    expect(blocker!.detail).toContain('1 other pod(s) of this node already count against it');
  });

  it('a PDB that still allows a disruption, or that selects other pods or another namespace, does not block', () => {
    expect(blockerOf([web()], { pdbs: [{ namespace: 'default', name: 'p', selector: { matchLabels: { app: 'web' } }, disruptionsAllowed: 1 }] })).toBeUndefined();
    expect(blockerOf([web()], { pdbs: [{ namespace: 'default', name: 'p', selector: { matchLabels: { app: 'db' } }, disruptionsAllowed: 0 }] })).toBeUndefined();
    expect(blockerOf([web()], { pdbs: [{ namespace: 'other', name: 'p', selector: {}, disruptionsAllowed: 0 }] })).toBeUndefined();
  });

  it('a pod without a controller', () => {
    const { controller: _, ...bare } = web();
    expect(blockerOf([bare])).toEqual({ kind: 'NoController', pod: 'default/web-1', detail: 'pod default/web-1 has no controller (no ownerReference with controller: true) and would not come back' });
  });

  it.each([['emptyDir' as const], ['hostPath' as const]])('a pod with local storage (%s)', (kind) => {
    expect(blockerOf([web({ localVolumes: [{ name: 'data', kind }] })])).toEqual({ kind: 'LocalStorage', pod: 'default/web-1', detail: `pod default/web-1 uses local storage (${kind} volume data)` });
  });

  it('a kube-system pod no PDB covers', () => {
    expect(blockerOf([web({ namespace: 'kube-system' })])).toEqual({ kind: 'KubeSystemWithoutPdb', pod: 'kube-system/web-1', detail: 'pod kube-system/web-1 is in kube-system and no PodDisruptionBudget covers it' });
  });

  it('a kube-system pod covered by a PDB that allows it does not block', () => {
    expect(blockerOf([web({ namespace: 'kube-system' })], { pdbs: [{ namespace: 'kube-system', name: 'p', selector: {}, disruptionsAllowed: 1 }] })).toBeUndefined();
  });

  it('safe-to-evict "true" lifts the controller, local storage and kube-system rules, not a PDB', () => {
    const safe = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };
    const { controller: _, ...bare } = web({ namespace: 'kube-system', annotations: safe, localVolumes: [{ name: 'd', kind: 'hostPath' }] });
    expect(blockerOf([bare])).toBeUndefined();
    expect(blockerOf([web({ annotations: safe })], { pdbs: [{ namespace: 'default', name: 'p', selector: {}, disruptionsAllowed: 0 }] })?.kind).toBe('PodDisruptionBudget');
  });

  it.each([
    ['DaemonSet pods', { controller: { kind: 'DaemonSet', name: 'ds' }, localVolumes: [{ name: 'd', kind: 'hostPath' as const }] }],
    ['mirror pods', { controller: undefined, annotations: { 'kubernetes.io/config.mirror': 'abc' }, namespace: 'kube-system' }],
  ])('%s are ignored, not blockers', (_, extra) => {
    const pdb = { namespace: 'kube-system', name: 'all', selector: {}, disruptionsAllowed: 0 };
    expect(blockerOf([running('daemon', 100, 0, extra as Partial<RunningPod>)], { pdbs: [pdb] })).toBeUndefined();
  });

  it('pods that fit on no other node, naming the pod', () => {
    expect(blockerOf([running('huge', 3900, GI)])).toEqual({ kind: 'NoPlaceToGo', pod: 'default/huge', detail: 'pod default/huge (cpu 3.9, memory 1Gi) fits on no other node that stays' });
  });
});
