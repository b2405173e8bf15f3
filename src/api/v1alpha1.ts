/**
 * The autoscaler.vpsie.com/v1alpha1 API: the NodeGroup and VPSieNode resources (deploy/crds holds
 * their schemas) and the labels, annotations and finalizers the autoscaler puts on objects.
 */
export const GROUP = 'autoscaler.vpsie.com';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export const NODEGROUPS = 'nodegroups';
export const VPSIENODES = 'vpsienodes';

export const LABELS = {
  managed: 'autoscaler.vpsie.com/managed',
  nodeGroup: 'autoscaler.vpsie.com/nodegroup',
  vpsieNode: 'autoscaler.vpsie.com/vpsienode',
  offering: 'autoscaler.vpsie.com/offering',
} as const;

export const ANNOTATIONS = {
  drainStatus: 'autoscaler.vpsie.com/drain-status',
  /** Set by an operator (or a test) on a VPSieNode to ask for its node to be drained. */
  drainRequest: 'autoscaler.vpsie.com/drain',
  executionState: 'autoscaler.vpsie.com/execution-state',
  rollback: 'autoscaler.vpsie.com/rollback',
  rebalanced: 'autoscaler.vpsie.com/rebalanced',
  creationReason: 'autoscaler.vpsie.com/creation-reason',
  /** On a VPSieNode created to replace a Failed one: its name, so a failure is replaced once. */
  replaces: 'autoscaler.vpsie.com/replaces',
  doNotDisrupt: 'autoscaler.vpsie.com/do-not-disrupt',
} as const;

export const FINALIZERS = {
  nodeGroup: 'nodegroup.autoscaler.vpsie.com/finalizer',
  vpsieNode: 'vpsienode.autoscaler.vpsie.com/finalizer',
} as const;

/** The taint a draining node carries so nothing new is scheduled on it. */
export const DRAIN_TAINT = { key: 'autoscaler.vpsie.com/draining', effect: 'NoSchedule' } as const;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface NodeGroupSpec {
  minNodes: number;
  maxNodes: number;
  datacenterID: string;
  resourceIdentifier: string;
  project?: string;
  offeringIDs: string[];
  preferredInstanceType?: string;
  kubernetesVersion?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  scaleUpPolicy?: { enabled?: boolean; stabilizationWindowSeconds?: number };
  scaleDownPolicy?: { enabled?: boolean; cpuThreshold?: number; memoryThreshold?: number; stabilizationWindowSeconds?: number; cooldownSeconds?: number };
  disruption?: { budget?: string };
  rebalance?: { enabled?: boolean; strategy?: 'rolling' | 'surge' | 'blue-green'; autoRollback?: boolean; minMonthlySavings?: number };
}

export interface NodeGroupStatusNode {
  nodeName?: string;
  vpsieNode: string;
  offeringID: string;
  phase: string;
  createdAt?: string;
  readyAt?: string;
}

export interface NodeGroupStatus {
  currentNodes?: number;
  desiredNodes?: number;
  readyNodes?: number;
  nodes?: NodeGroupStatusNode[];
  conditions?: Condition[];
  lastScaleUpTime?: string;
  lastScaleDownTime?: string;
  vpsieGroupID?: number;
  observedGeneration?: number;
}

export interface NodeGroup {
  apiVersion: typeof API_VERSION;
  kind: 'NodeGroup';
  metadata: ObjectMeta;
  spec: NodeGroupSpec;
  status?: NodeGroupStatus;
}

export type VPSieNodePhase = 'Pending' | 'Provisioning' | 'Joining' | 'Active' | 'Draining' | 'Drained' | 'Terminating' | 'Deleting' | 'Failed';

export interface VPSieNodeSpec {
  nodeGroupName: string;
  offeringID: string;
  datacenterID: string;
  resourceIdentifier: string;
  project?: string;
  kubernetesVersion?: string;
  reason?: 'scale-up' | 'min-nodes' | 'rebalance' | 'replace';
}

export interface VPSieNodeStatus {
  phase?: VPSieNodePhase;
  reason?: string;
  message?: string;
  vpsieInstanceID?: number;
  vpsieNodeIdentifier?: string;
  hostname?: string;
  ipAddress?: string;
  nodeName?: string;
  provisionRequestedAt?: string;
  /** The highest VPSie VM id known when the intent was recorded: VPSie numbers VMs in creation order, so only a higher id can be this node's. */
  provisionAfterInstanceID?: number;
  expectedHostname?: string;
  resources?: { cpu?: number; memoryMB?: number; diskGB?: number };
  createdAt?: string;
  provisionedAt?: string;
  joinedAt?: string;
  activeAt?: string;
  drainStartedAt?: string;
  terminatingAt?: string;
  failedAt?: string;
  conditions?: Condition[];
  observedGeneration?: number;
}

export interface VPSieNode {
  apiVersion: typeof API_VERSION;
  kind: 'VPSieNode';
  metadata: ObjectMeta;
  spec: VPSieNodeSpec;
  status?: VPSieNodeStatus;
}
