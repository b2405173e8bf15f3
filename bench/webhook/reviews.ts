/** The admission traffic an API server sends while the autoscaler works: mostly allowed requests. */

const AUTOSCALER = 'system:serviceaccount:kube-system:vpsie-autoscaler';

const nodeGroup = {
  apiVersion: 'autoscaler.vpsie.com/v1alpha1',
  kind: 'NodeGroup',
  metadata: { name: 'general', namespace: 'kube-system', uid: '0b3c7a52-5f55-4a8e-9a43-8e2b9f1f0c11', resourceVersion: '4711', generation: 3 },
  spec: {
    minNodes: 1,
    maxNodes: 10,
    datacenterID: 'us-east-1',
    resourceIdentifier: 'cluster-1',
    offeringIDs: ['k8s-2-4', 'k8s-4-8', 'k8s-8-16'],
    preferredInstanceType: 'k8s-4-8',
    kubernetesVersion: 'v1.31.2',
    labels: { workload: 'general', 'example.com/team': 'platform' },
    taints: [{ key: 'dedicated', value: 'general', effect: 'NoSchedule' }],
    scaleUpPolicy: { stabilizationWindowSeconds: 60 },
    scaleDownPolicy: { cpuThreshold: 40, memoryThreshold: 40, stabilizationWindowSeconds: 600, cooldownSeconds: 600 },
    disruption: { budget: '20%' },
    rebalance: { enabled: true, strategy: 'rolling', minMonthlySavings: 10 },
  },
};

const vpsieNode = {
  apiVersion: 'autoscaler.vpsie.com/v1alpha1',
  kind: 'VPSieNode',
  metadata: { name: 'general-x7k2p', namespace: 'kube-system', labels: { 'autoscaler.vpsie.com/managed': 'true', 'autoscaler.vpsie.com/nodegroup': 'general' } },
  spec: { nodeGroupName: 'general', offeringID: 'k8s-4-8', datacenterID: 'us-east-1', resourceIdentifier: 'cluster-1', kubernetesVersion: 'v1.31.2', reason: 'scale-up' },
};

const managedNode = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'general-x7k2p',
    labels: { 'autoscaler.vpsie.com/managed': 'true', 'autoscaler.vpsie.com/nodegroup': 'general', 'kubernetes.io/hostname': 'general-x7k2p' },
  },
  status: { capacity: { cpu: '4', memory: '8Gi' }, allocatable: { cpu: '3800m', memory: '7Gi' } },
};

function review(operation: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', operation, userInfo: { username: AUTOSCALER, groups: ['system:serviceaccounts'] }, ...extra },
  };
}

export interface BenchRequest {
  readonly path: string;
  readonly body: string;
}

export const ADMISSION_MIX: readonly BenchRequest[] = [
  { path: '/validate/nodegroups', body: JSON.stringify(review('CREATE', { object: nodeGroup })) },
  { path: '/validate/nodegroups', body: JSON.stringify(review('UPDATE', { object: { ...nodeGroup, spec: { ...nodeGroup.spec, maxNodes: 12 } }, oldObject: nodeGroup })) },
  { path: '/validate/vpsienodes', body: JSON.stringify(review('CREATE', { object: vpsieNode })) },
  { path: '/validate/node-deletion', body: JSON.stringify(review('DELETE', { name: managedNode.metadata.name, oldObject: managedNode })) },
  // One in five is denied, so the denial path (message, log line) is part of the measurement.
  { path: '/validate/nodegroups', body: JSON.stringify(review('CREATE', { object: { ...nodeGroup, spec: { ...nodeGroup.spec, minNodes: 20 } } })) },
];
