import { randomUUID } from 'node:crypto';

export const AUTOSCALER = 'system:serviceaccount:kube-system:vpsie-autoscaler';
export const ADMIN = 'kubernetes-admin';

export function validNodeGroup(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'autoscaler.vpsie.com/v1alpha1',
    kind: 'NodeGroup',
    metadata: { name: 'general', namespace: 'kube-system' },
    spec: {
      minNodes: 1,
      maxNodes: 10,
      datacenterID: 'us-east-1',
      resourceIdentifier: 'sim-cluster-1',
      offeringIDs: ['k8s-2-4', 'k8s-4-8', 'k8s-8-16'],
      preferredInstanceType: 'k8s-4-8',
      kubernetesVersion: 'v1.31.2',
      labels: { workload: 'general', 'example.com/team': 'platform' },
      taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
      scaleUpPolicy: { enabled: true, stabilizationWindowSeconds: 60 },
      scaleDownPolicy: { enabled: true, cpuThreshold: 40, memoryThreshold: 40, stabilizationWindowSeconds: 600, cooldownSeconds: 600 },
      disruption: { budget: '20%' },
      rebalance: { enabled: false, strategy: 'rolling', autoRollback: true, minMonthlySavings: 10 },
      ...spec,
    },
  };
}

export function validVPSieNode(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'autoscaler.vpsie.com/v1alpha1',
    kind: 'VPSieNode',
    metadata: { name: 'general-x7k2p', namespace: 'kube-system' },
    spec: {
      nodeGroupName: 'general',
      offeringID: 'k8s-4-8',
      datacenterID: 'us-east-1',
      resourceIdentifier: 'sim-cluster-1',
      project: 'p-1',
      kubernetesVersion: 'v1.31.2',
      reason: 'scale-up',
      ...spec,
    },
  };
}

export function node(name: string, labels: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

export const MANAGED = { 'autoscaler.vpsie.com/managed': 'true' };

/** An admission.k8s.io/v1 AdmissionReview as the API server sends it. */
export function review(request: Record<string, unknown>): { apiVersion: string; kind: string; request: Record<string, unknown> } {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: randomUUID(), ...request } };
}

export function createReview(object: unknown, username = ADMIN) {
  return review({ operation: 'CREATE', object, userInfo: { username } });
}

export function updateReview(oldObject: unknown, object: unknown, username = ADMIN) {
  return review({ operation: 'UPDATE', object, oldObject, userInfo: { username } });
}

/** A node DELETE; the API server names the node in `request.name` and sends it in `oldObject`. */
export function deleteNodeReview(oldObject: Record<string, unknown> | undefined, username: string, name = 'n') {
  const request: Record<string, unknown> = { operation: 'DELETE', userInfo: { username }, name };
  if (oldObject !== undefined) request.oldObject = oldObject;
  return review(request);
}
