import type { V1Node, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { clusterNodeFromKube, localVolumesOf, pdbFromKube, pendingPodFromKube, runningPodFromKube } from '../../../src/policy/scaling/from-kube.ts';
import { GI, samples } from './support.ts';

const POD: V1Pod = {
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    labels: { app: 'web' },
    annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
    ownerReferences: [
      { apiVersion: 'v1', kind: 'Secret', name: 'not-the-controller', uid: '1' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9', uid: '2', controller: true },
    ],
  },
  spec: {
    containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
    nodeSelector: { disk: 'ssd' },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }],
        },
      },
    },
    tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }],
    volumes: [{ name: 'cache', emptyDir: {} }, { name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'logs', hostPath: { path: '/var/log' } }, { name: 'cfg', configMap: { name: 'x' } }],
  },
};

describe('pendingPodFromKube', () => {
  it('keeps what the fit predicates read: requests, nodeSelector, required affinity and tolerations', () => {
    expect(pendingPodFromKube(POD)).toEqual({
      namespace: 'shop',
      name: 'web-1',
      requests: { cpu: 500, memory: GI },
      nodeSelector: { disk: 'ssd' },
      requiredAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }],
      tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }],
    });
  });

  it('leaves out what a pod does not set', () => {
    const bare: V1Pod = { metadata: { name: 'p', namespace: 'n' }, spec: { containers: [{ name: 'c' }] } };
    expect(pendingPodFromKube(bare)).toEqual({ namespace: 'n', name: 'p', requests: { cpu: 0, memory: 0 } });
  });

  it('crosses structured clone unchanged', () => {
    const view = pendingPodFromKube(POD);
    expect(structuredClone(view)).toEqual(view);
  });
});

describe('runningPodFromKube', () => {
  it('keeps labels, annotations and the controlling owner only', () => {
    const view = runningPodFromKube(POD);
    expect(view.controller).toEqual({ kind: 'ReplicaSet', name: 'web-7d9' });
    expect(view.labels).toEqual({ app: 'web' });
    expect(view.annotations).toEqual({ 'karpenter.sh/do-not-disrupt': 'true' });
  });

  it('has no controller when no ownerReference says controller: true', () => {
    const mirror: V1Pod = { ...POD, metadata: { ...POD.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: '1' }] } };
    expect(runningPodFromKube(mirror).controller).toBeUndefined();
  });
});

describe('localVolumesOf', () => {
  it('counts emptyDir not backed by memory and hostPath as local storage, nothing else', () => {
    expect(localVolumesOf(POD.spec)).toEqual([
      { name: 'cache', kind: 'emptyDir' },
      { name: 'logs', kind: 'hostPath' },
    ]);
  });
});

describe('clusterNodeFromKube', () => {
  const node: V1Node = {
    metadata: { name: 'n1', labels: { 'autoscaler.vpsie.com/managed': 'true', 'autoscaler.vpsie.com/nodegroup': 'workers' }, annotations: { a: 'b' } },
    spec: { unschedulable: true, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] },
    status: { allocatable: { cpu: '3920m', memory: '7000Mi', pods: '110' } },
  };

  it('reads allocatable, taints, cordon and the owning group', () => {
    const view = clusterNodeFromKube(node, [POD], { deleting: false, samples: samples(0.1) });
    expect(view).toMatchObject({
      name: 'n1',
      group: 'workers',
      allocatable: { cpu: 3920, memory: 7000 * 2 ** 20, pods: 110 },
      taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
      unschedulable: true,
      deleting: false,
    });
    expect(view.pods.map((p) => p.name)).toEqual(['web-1']);
    expect(view.samples?.at).toHaveLength(40);
  });

  it('leaves a node without the managed label out of every group', () => {
    const unmanaged = { ...node, metadata: { ...node.metadata, labels: { 'autoscaler.vpsie.com/nodegroup': 'workers' } } };
    expect(clusterNodeFromKube(unmanaged, [], { deleting: false }).group).toBeUndefined();
  });
});

describe('pdbFromKube', () => {
  it('keeps the selector and disruptionsAllowed', () => {
    const pdb: V1PodDisruptionBudget = {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] } },
      status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
    };
    expect(pdbFromKube(pdb)).toEqual({
      namespace: 'shop',
      name: 'web',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] },
      disruptionsAllowed: 1,
    });
  });

  it('reads a PDB without a selector as selecting nothing and one without status as allowing nothing', () => {
    expect(pdbFromKube({ metadata: { name: 'x', namespace: 'n' }, spec: {} })).toEqual({ namespace: 'n', name: 'x', disruptionsAllowed: 0 });
  });
});
